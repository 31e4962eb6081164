import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import WhereaboutsCore
import WhereaboutsServer
import WhereaboutsStore

@Suite("OpenAPI description")
struct OpenAPITests {
    @Test("every route is documented and answers as documented; every example is valid and accepted")
    func complete() async throws {
        try await withServer { client, store in
            let document = try #require(try await client.json(.get, "/api/v1/openapi.json").body)
            #expect(document["openapi"]?.string == "3.1.0")
            let validator = SchemaValidator(document: document)
            guard case .object(let paths)? = document["paths"] else {
                Issue.record("no paths")
                return
            }

            // Records the examples refer to, under the ids they name.
            let id = { (text: String) in RecordID(text)! }
            try await store.createAll(
                [
                    (id(APIExamples.sourceID), Source(type: .document, title: "A document")),
                    (id(APIExamples.eventID), Event(title: "An event")),
                    (id(APIExamples.secondEventID), Event(title: "A later event")),
                    (id(APIExamples.personID), Person(names: [NameForm(full: "홍길동")])),
                    (id(APIExamples.organisationID), Organisation(name: "An organisation", type: .stateAgency)),
                    (
                        id(APIExamples.actID),
                        Act(eventID: id(APIExamples.eventID), victimID: id(APIExamples.personID), type: "abduction")
                    ),
                    (
                        id(APIExamples.cyberIncidentID),
                        CyberIncident(vector: .accountTakeover, target: .init(classification: .journalist))
                    ),
                    (id(APIExamples.indicatorID), Indicator(type: .domain, value: "evil.example", origin: .entered)),
                    (id(APIExamples.relativeID), Person(names: [NameForm(full: "홍길순")])),
                    (
                        id(APIExamples.claimID),
                        ReparationClaim(
                            claimantID: id(APIExamples.relativeID), directVictimID: id(APIExamples.personID),
                            relationship: .sibling,
                            harms: [.init(type: .disappearance, actIDs: [id(APIExamples.actID)])])
                    ),
                    (
                        id(APIExamples.rulesID),
                        EligibilityRules(
                            name: "Rules", rules: [.init(code: "r", benefit: "b", conditions: [.init(.returned)])])
                    ),
                ], by: .operatorWriter(actor: "test"))

            // Every example conforms to its schema and is accepted by the server.
            var created: [String: String] = [:]
            for kind in RecordKind.allCases {
                let path = "/api/v1/" + kind.collection
                let post = try #require(paths[path]?["post"])
                let media = try #require(post["requestBody"]?["content"]?["application/json"])
                let example = try #require(media["example"])
                #expect(validator.errors(example, try #require(media["schema"])).isEmpty, "\(path) example")
                let response = try await client.json(.post, path, String(decoding: try example.data(), as: UTF8.self))
                #expect(response.status == .created, "POST \(path): \(String(describing: response.body))")
                let schema = try #require(post["responses"]?["201"]?["content"]?["application/json"]?["schema"])
                #expect(validator.errors(response.body ?? .null, schema) == [], "POST \(path) response")
                created[kind.collection] = response.body?["id"]?.string
            }

            // Every documented operation exists and answers with a documented status and body.
            var operations: [(String, String, JSONValue)] = []
            for (path, item) in paths {
                guard case .object(let methods) = item else { continue }
                for (method, operation) in methods { operations.append((path, method, operation)) }
            }
            #expect(
                operations.count == RecordKind.allCases.count * 8 + 4 + RecordKind.carryingEvidence.count * 3 + 5 + 2
                    + 4 + 3)
            let evidence = try await client.send(
                .post, "/api/v1/sources/\(created["sources"] ?? "")/evidence?name=a.txt", ByteBuffer(string: "words"),
                headers: [.contentType: "text/plain"])
            created["evidence"] = evidence.body?["id"]?.string
            let order = ["get", "put", "post", "delete"]
            operations.sort { (order.firstIndex(of: $0.1) ?? 9, $0.0) < (order.firstIndex(of: $1.1) ?? 9, $1.0) }
            for (path, method, operation) in operations {
                let collection = path.split(separator: "/").dropFirst(2).first.map(String.init) ?? ""
                var uri = path.replacingOccurrences(of: "{id}", with: created[collection] ?? "")
                    .replacingOccurrences(of: "{version}", with: "1")
                    .replacingOccurrences(of: "{scheme}", with: "violation-types")
                if method == "get", path == "/api/v1/search" { uri += "?q=fisherman&country=KR" }
                var headers: HTTPFields = [:]
                if operation["parameters"]?.items.contains(where: { $0["name"]?.string == "If-Match" }) == true,
                    let current = try await client.json(.get, uri.components(separatedBy: "/versions")[0]).headers[
                        .eTag]
                {
                    headers[.ifMatch] = current
                }
                let body = try operation["requestBody"]?["content"]?["application/json"]?["example"]
                    .map { String(decoding: try $0.data(), as: UTF8.self) }
                let response = try await client.json(
                    HTTPRequest.Method(rawValue: method.uppercased())!, uri, body, headers: headers)
                let reply = operation["responses"]?[String(response.status.code)]
                #expect(reply != nil, "\(method) \(uri) answered \(response.status.code), which is not documented")
                #expect(response.body?["type"]?.string?.hasSuffix("/http") != true, "\(method) \(uri) is not routed")
                if let schema = reply?["content"]?["application/json"]?["schema"]
                    ?? reply?["content"]?["application/problem+json"]?["schema"]
                {
                    #expect(validator.errors(response.body ?? .null, schema) == [], "\(method) \(uri)")
                }
            }
        }
    }

    @Test("the description's schemas all resolve and name no unknown schema")
    func references() async throws {
        try await withServer { client, _ in
            let document = try #require(try await client.json(.get, "/api/v1/openapi.json").body)
            let text = String(decoding: try document.data(), as: UTF8.self)
            let validator = SchemaValidator(document: document)
            let references = text.components(separatedBy: "#/components/schemas/").dropFirst()
                .map { String($0.prefix { $0 != "\"" }) }
            #expect(!references.isEmpty)
            for name in Set(references) { #expect(validator.components[name] != nil, "\(name)") }
        }
    }
}
