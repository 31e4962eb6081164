import Foundation
import HTTPTypes
import Hummingbird
import WhereaboutsSecurity

/// One documented API operation: what the OpenAPI description says of it and the handler that serves it.
/// Routes under `/api/v1` are only ever added through ``DocumentedRoutes``, so none can go undocumented.
public struct APIOperation: Sendable {
    public struct Parameter: Sendable {
        public enum Location: String, Sendable { case path, query, header }
        public let name: String
        public let location: Location
        public let required: Bool
        public let schema: JSONValue
        public let description: String
    }

    public struct Reply: Sendable {
        public let status: Int
        public let description: String
        /// Schema of the body, if it has one.
        public let schema: JSONValue?
        public let contentType: String
    }

    public let method: HTTPRequest.Method
    /// OpenAPI path template, `/api/v1/events/{id}`.
    public let path: String
    public let operationID: String
    public let summary: String
    public let tag: String
    public let parameters: [Parameter]
    public let requestSchema: JSONValue?
    public let requestExample: JSONValue?
    public let replies: [Reply]
    /// The permission the caller needs; every operation needs a signed-in caller. Filled in by
    /// ``DocumentedRoutes`` from the route's context type.
    public internal(set) var permission: Permission?
    /// Whether the request's body is a file's bytes (`application/octet-stream`), streamed to the
    /// handler rather than collected (evidence uploads).
    public internal(set) var takesFile = false

    init(
        method: HTTPRequest.Method, path: String, operationID: String, summary: String, tag: String,
        parameters: [Parameter], requestSchema: JSONValue?, requestExample: JSONValue?, replies: [Reply]
    ) {
        self.method = method
        self.path = path
        self.operationID = operationID
        self.summary = summary
        self.tag = tag
        self.parameters = parameters
        self.requestSchema = requestSchema
        self.requestExample = requestExample
        self.replies = replies
        self.permission = nil
    }

    /// The path in Hummingbird's syntax (`/api/v1/events/:id`).
    var routerPath: String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? ":" + segment.dropFirst().dropLast() : String(segment)
        }.joined(separator: "/")
    }
}

/// Registers API routes on a router and keeps their documentation beside them.
public struct DocumentedRoutes {
    public private(set) var operations: [APIOperation] = []
    let router: Router<AppRequestContext>

    init(router: Router<AppRequestContext>) { self.router = router }

    /// Adds an operation whose handler runs only for callers holding `Requirement`'s permission;
    /// the 401 and 403 answers are documented with it.
    mutating func add<Requirement: RequiredPermission>(
        _ operation: APIOperation, requires: Requirement.Type,
        _ handler: @escaping @Sendable (Request, AuthorizedContext<Requirement>) async throws -> Response
    ) {
        var operation = operation
        let takesFile = operation.takesFile
        operation.permission = Requirement.permission
        var replies = operation.replies
        if !replies.contains(where: { $0.status == 400 }) {
            replies.append(
                .problem(
                    400,
                    "Malformed request: a path not in canonical form, a parameter outside its schema, or a body that is not JSON"
                ))
        }
        replies.append(.problem(401, "No valid API token"))
        if Requirement.permission != nil { replies.append(.problem(403, "The token's account lacks the permission")) }
        let takesJSON = operation.requestSchema != nil
        if takesJSON {
            replies.append(.problem(415, "The body is not sent as application/json"))
            if !replies.contains(where: { $0.status == 413 }) {
                replies.append(.problem(413, "The body is over the server's limit"))
            }
        }
        operation = APIOperation(
            method: operation.method, path: operation.path, operationID: operation.operationID,
            summary: operation.summary, tag: operation.tag, parameters: operation.parameters,
            requestSchema: operation.requestSchema, requestExample: operation.requestExample, replies: replies)
        operation.permission = Requirement.permission
        operation.takesFile = takesFile
        operations.append(operation)
        router.group(context: AuthorizedContext<Requirement>.self)
            .on(RouterPath(operation.routerPath), method: operation.method) { request, context in
                // An operation that reads a JSON body reads only a body declared as JSON.
                if takesJSON { try request.requireJSONContentType() }
                return try await handler(request, context)
            }
    }
}

extension APIOperation {
    /// The same operation, taking a file's bytes as its body.
    func takingFile() -> APIOperation {
        var operation = self
        operation.takesFile = true
        return operation
    }
}

extension APIOperation.Parameter {
    static func path(_ name: String, _ description: String, schema: JSONValue = Schema.string) -> Self {
        .init(name: name, location: .path, required: true, schema: schema, description: description)
    }

    static func query(_ name: String, _ description: String, schema: JSONValue = Schema.string) -> Self {
        .init(name: name, location: .query, required: false, schema: schema, description: description)
    }

    static func header(
        _ name: String, _ description: String, required: Bool, schema: JSONValue = Schema.string
    ) -> Self {
        .init(name: name, location: .header, required: required, schema: schema, description: description)
    }
}

extension APIOperation.Reply {
    static func json(_ status: Int, _ description: String, _ schema: JSONValue) -> Self {
        .init(status: status, description: description, schema: schema, contentType: "application/json")
    }

    static func problem(_ status: Int, _ description: String) -> Self {
        .init(
            status: status, description: description, schema: Schema.ref("Problem"),
            contentType: "application/problem+json")
    }

    /// A file's bytes.
    static func file(_ status: Int, _ description: String, contentType: String = "application/octet-stream") -> Self {
        .init(status: status, description: description, schema: Schema.binary, contentType: contentType)
    }

    static func text(_ status: Int, _ description: String) -> Self {
        .init(status: status, description: description, schema: Schema.string, contentType: "text/plain")
    }
}
