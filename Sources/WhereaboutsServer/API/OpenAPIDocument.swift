import Foundation

/// Builds the OpenAPI 3.1 description from the operations the router actually serves.
public enum OpenAPIDocument {
    /// What a client can do next with what `creator` made: every operation under the new record's
    /// path, given its id, its version and its ETag as If-Match (OpenAPI links, which generated
    /// clients and Schemathesis's stateful tests follow).
    static func links(_ creator: APIOperation, _ operations: [APIOperation]) -> [String: JSONValue] {
        var links: [String: JSONValue] = [:]
        for target in operations where target.path.hasPrefix(creator.path + "/{id}") {
            var parameters: [String: JSONValue] = ["path.id": "$response.body#/id"]
            for parameter in target.parameters {
                switch (parameter.location, parameter.name) {
                case (.path, "version"): parameters["path.version"] = "$response.body#/version"
                case (.header, "If-Match"): parameters["header.If-Match"] = "$response.header.ETag"
                default: break
                }
            }
            links[target.operationID] = ["operationId": .string(target.operationID), "parameters": .object(parameters)]
        }
        return links
    }

    public static func build(_ operations: [APIOperation], version: String) -> JSONValue {
        var paths: [String: [String: JSONValue]] = [:]
        for operation in operations {
            var entry: [String: JSONValue] = [
                "operationId": .string(operation.operationID),
                "summary": .string(operation.summary),
                "tags": [.string(operation.tag)],
            ]
            if !operation.parameters.isEmpty {
                entry["parameters"] = .array(
                    operation.parameters.map { parameter in
                        [
                            "name": .string(parameter.name), "in": .string(parameter.location.rawValue),
                            "required": .bool(parameter.required), "schema": parameter.schema,
                            "description": .string(parameter.description),
                        ]
                    })
            }
            if let schema = operation.requestSchema {
                var media: [String: JSONValue] = ["schema": schema]
                if let example = operation.requestExample { media["example"] = example }
                entry["requestBody"] = ["required": true, "content": ["application/json": .object(media)]]
            }
            if operation.takesFile {
                entry["requestBody"] = [
                    "required": false, "content": ["application/octet-stream": ["schema": Schema.binary]],
                ]
            }
            // Replies of one status in several media types (JSON or CSV) are one response with each.
            var responses: [String: (description: String, content: [String: JSONValue])] = [:]
            for reply in operation.replies {
                let status = String(reply.status)
                var response = responses[status] ?? (reply.description, [:])
                if let schema = reply.schema { response.content[reply.contentType] = ["schema": schema] }
                responses[status] = response
            }
            var described = responses.mapValues { response -> JSONValue in
                var object: [String: JSONValue] = ["description": .string(response.description)]
                if !response.content.isEmpty { object["content"] = .object(response.content) }
                return .object(object)
            }
            if operation.method == .post, case .object(var created)? = described["201"],
                case let links = Self.links(operation, operations), !links.isEmpty
            {
                created["links"] = .object(links)
                described["201"] = .object(created)
            }
            entry["responses"] = .object(described)
            entry["security"] = [["bearerToken": []]]
            if let permission = operation.permission {
                entry["description"] = .string("Needs the `\(permission.rawValue)` permission.")
            }
            paths[operation.path, default: [:]][operation.method.rawValue.lowercased()] = .object(entry)
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Whereabouts API",
                "version": .string(version),
                "description": """
                Record, find and prove human-rights violations that cross borders. Every write is validated \
                first and changes nothing when refused (RFC 9457 problem details name the fields). Updates \
                carry the version read as If-Match; a stale one is refused with 409.
                """,
            ],
            "servers": [["url": "/"]],
            "paths": .object(paths.mapValues { .object($0) }),
            "components": [
                "schemas": .object(Schema.components),
                "securitySchemes": [
                    "bearerToken": [
                        "type": "http", "scheme": "bearer",
                        "description": "An API token made in the web UI or with `whereabouts users token`.",
                    ]
                ],
            ],
        ]
    }
}
