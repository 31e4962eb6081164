import Foundation
import HTTPTypes
import Testing
import WhereaboutsCore
import WhereaboutsSecurity
import WhereaboutsServer
import WhereaboutsStore

/// The same two desks as ``SharedRecordLeakTests``, walked further: every documented API operation and
/// every page, called by each role of the Russia desk on each of the Japan desk's records, must answer
/// exactly as it answers for a record that does not exist — same status, same message — and must never
/// show the Japan desk's ids or words. A Japan-desk reader, walking the same paths, is answered (the
/// control that keeps the test from passing on a server that answers 404 to everything).
@Suite("no leak between desks, walking every operation and page")
struct SharedRecordWalkTests {
    static let roles: [Role] = [.documenter, .analyst, .viewer, .administrator]

    /// Replaces every id of `ids` in `text` with a placeholder, so that two answers can be compared.
    static func neutral(_ text: String, _ ids: [String]) -> String {
        ids.reduce(text) { $0.replacingOccurrences(of: $1, with: "<id>") }
    }

    static func expectNoTrace(_ text: String, of filed: SharedRecordLeakTests.Filed, _ label: String) {
        for id in filed.japan.values { #expect(!text.contains(id), "\(label) names a Japan record") }
        for words in [SharedRecordLeakTests.secretWords, SharedRecordLeakTests.remarkWords] {
            #expect(!text.contains(words), "\(label) shows the Japan desk's text")
        }
    }

    @Test(
        "every API operation on the first desk's records answers the other desk as for a record that does not exist",
        arguments: roles)
    func operations(role: Role) async throws {
        try await SharedRecordLeakTests.withTwoDesks { admin, accounts, filed in
            let russian = admin.with(
                token: try await accounts.token(for: "probe", role: role, compartments: ["russia"]))
            let japanese = admin.with(
                token: try await accounts.token(for: "control", role: role, compartments: ["japan"]))
            let document = try #require(try await admin.json(.get, "/api/v1/openapi.json").body)
            let missing = RecordID().description

            func answer(_ client: APIClient, _ method: String, _ uri: String, _ body: String?) async throws -> (
                Int, String
            ) {
                var headers: HTTPFields = [:]
                if ["put", "delete"].contains(method) || uri.hasSuffix("/restore") { headers[.ifMatch] = "\"1\"" }
                let response = try await client.json(
                    HTTPRequest.Method(rawValue: method.uppercased())!, uri, body, headers: headers)
                return (response.status.code, String(decoding: try (response.body ?? .null).data(), as: UTF8.self))
            }

            var walked = 0
            for (path, method, operation) in AccessMatrixTests.operations(document) where path.contains("{id}") {
                let collection = path.split(separator: "/").dropFirst(2).first.map(String.init) ?? ""
                guard let hidden = filed.japan[collection] else { continue }
                // Writes are probed with an example body; deletions last so that nothing is gone early.
                let body = try operation["requestBody"]?["content"]?["application/json"]?["example"]
                    .map { String(decoding: try $0.data(), as: UTF8.self) }
                func uri(_ id: String) -> String {
                    path.replacingOccurrences(of: "{id}", with: id).replacingOccurrences(of: "{version}", with: "1")
                }
                let (status, text) = try await answer(russian, method, uri(hidden), body)
                let (missingStatus, missingText) = try await answer(russian, method, uri(missing), body)
                let label = "\(role.rawValue) of the Russia desk: \(method.uppercased()) \(path) on \(collection)"
                #expect(status == missingStatus, "\(label): \(status) where a missing record gives \(missingStatus)")
                #expect(
                    Self.neutral(text, [hidden]) == Self.neutral(missingText, [missing]),
                    "\(label) answers differently for a hidden record: \(text)")
                Self.expectNoTrace(text, of: filed, label)
                if method == "get" {
                    let (control, _) = try await answer(japanese, method, uri(hidden), nil)
                    // Evidence is out of reach of anyone who may not see identities, even on their own desk.
                    let reachable = !path.contains("evidence") || role.defaultPermissions.contains(.seeIdentities)
                    #expect(
                        control == (reachable ? 200 : 404),
                        "\(label): the Japan desk's own \(role.rawValue) gets \(control)")
                }
                walked += 1
            }
            #expect(walked >= filed.japan.count * 3, "only \(walked) operations walked")

            // Creating a record that refers to a hidden one is refused as if it did not exist.
            let references: [(String, (String) -> String)] = [
                ("acts", { #"{"eventID": "\#($0)", "victimID": "\#(filed.person)", "type": "abduction"}"# }),
                ("information", { #"{"sourceID": "\#($0)", "recordID": "\#(filed.person)"}"# }),
                (
                    "involvements",
                    {
                        #"{"actID": "\#($0)", "perpetratorOrganisationID": "\#(filed.organisation)", "attribution": "alleged"}"#
                    }
                ),
                (
                    "interventions",
                    { #"{"title": "Letter", "type": "un-communication", "eventIDs": ["\#($0)"]}"# }
                ),
                (
                    "event-links",
                    { #"{"fromEventID": "\#($0)", "toEventID": "\#($0)", "type": "reprisal-after-escape"}"# }
                ),
            ]
            let target = [
                "acts": "events", "information": "sources", "involvements": "acts",
                "interventions": "events", "event-links": "events",
            ]
            for (collection, body) in references {
                let hidden = filed.japan[target[collection]!]!
                let (status, text) = try await answer(
                    russian, "post", "/api/v1/\(collection)?compartment=russia", body(hidden))
                let (missingStatus, missingText) = try await answer(
                    russian, "post", "/api/v1/\(collection)?compartment=russia", body(missing))
                let label = "\(role.rawValue) of the Russia desk creating \(collection) about a Japan record"
                #expect(status == missingStatus, "\(label): \(status) where a missing record gives \(missingStatus)")
                #expect(status != 201, "\(label) was accepted")
                #expect(Self.neutral(text, [hidden]) == Self.neutral(missingText, [missing]), "\(label): \(text)")
                Self.expectNoTrace(Self.neutral(text, [hidden]), of: filed, label)
            }
        }
    }

    @Test(
        "every page about the first desk's records answers the other desk as for a record that does not exist",
        arguments: roles)
    func pages(role: Role) async throws {
        try await SharedRecordLeakTests.withTwoDesks { admin, accounts, filed in
            let russian = try await signedInBrowser(
                admin, accounts, username: "probe", role: role, compartments: ["russia"]
            ).0
            let japanese = try await signedInBrowser(
                admin, accounts, username: "control", role: role, compartments: ["japan"]
            ).0
            let missing = RecordID().description

            for (collection, hidden) in filed.japan {
                var paths = ["/\(collection)/{id}", "/\(collection)/{id}/history"]
                if ["events", "persons"].contains(collection) { paths.append("/\(collection)/{id}/edit") }
                for path in paths {
                    let page = try await russian.get(path.replacingOccurrences(of: "{id}", with: hidden))
                    let absent = try await russian.get(path.replacingOccurrences(of: "{id}", with: missing))
                    let label = "\(role.rawValue) of the Russia desk: GET \(path) on \(collection)"
                    #expect(page.status == absent.status, "\(label): \(page.status.code) vs \(absent.status.code)")
                    #expect(
                        Self.neutral(page.html, [hidden]) == Self.neutral(absent.html, [missing]),
                        "\(label) answers differently for a hidden record")
                    Self.expectNoTrace(page.html, of: filed, label)
                    if !path.hasSuffix("/edit") || role.defaultPermissions.contains(.writeRecords) {
                        let control = try await japanese.get(path.replacingOccurrences(of: "{id}", with: hidden))
                        #expect(control.status == .ok, "\(label): the Japan desk's own reader gets \(control.status)")
                    }
                }
            }

            // Pages the Russia desk may see: the shared person and unit, the dashboard, search with every
            // filter, the review queue — none shows a trace of the Japan desk.
            var pages = [
                "/persons/\(filed.person)", "/persons/\(filed.person)/history", "/organisations/\(filed.organisation)",
                "/organisations/\(filed.organisation)/history", "/", "/review",
            ]
            let filters = [
                "q=\(SharedRecordLeakTests.secretWords)", "q=\(SharedRecordLeakTests.remarkWords)", "q=Interview",
                "q=beach", "kind=person&country=JP", "kind=person&violationType=abduction", "country=JP",
                "violationType=abduction", "kind=person&from=1977&to=1977", "kind=event&from=1977&to=1977",
                "organisation=\(filed.organisation)&violationType=abduction", "kind=source", "kind=information",
                "kind=intervention", "kind=event-link", "kind=involvement", "kind=act&country=JP",
            ]
            pages += filters.map { "/search?" + $0 }
            for path in pages {
                let page = try await russian.get(path)
                let label = "\(role.rawValue) of the Russia desk: GET \(path)"
                if path == "/review" && !role.defaultPermissions.contains(.reviewMatches) {
                    #expect(page.status == .forbidden, "\(label)")
                } else {
                    #expect(page.status == .ok, "\(label): \(page.status.code)")
                }
                let secrets = [SharedRecordLeakTests.secretWords, SharedRecordLeakTests.remarkWords]
                if let asked = secrets.first(where: { path == "/search?q=" + $0 }) {
                    // The page repeats what was asked: it must answer as it does for a word nobody wrote.
                    let nonsense = try await russian.get("/search?q=Qzxwvuntrs")
                    #expect(
                        Self.neutral(page.html, [asked]) == Self.neutral(nonsense.html, ["Qzxwvuntrs"]),
                        "\(label) answers differently from a search for a word nobody wrote")
                    Self.expectNoTrace(Self.neutral(page.html, [asked]), of: filed, label)
                } else {
                    Self.expectNoTrace(page.html, of: filed, label)
                }
                if path.hasPrefix("/search?kind=person") {
                    #expect(!page.html.contains(filed.person), "\(label) finds the person by the Japan desk's facts")
                }
            }
            // The control: the Japan desk finds its own case by the same filters.
            let own = try await japanese.get("/search?kind=person&country=JP")
            #expect(own.html.contains(filed.person), "the Japan desk does not find its own victim")
        }
    }
}
