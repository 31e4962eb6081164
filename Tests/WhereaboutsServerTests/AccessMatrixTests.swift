import Foundation
import HTTPTypes
import NIOCore
import Testing
import WhereaboutsCore
import WhereaboutsSecurity
import WhereaboutsServer
import WhereaboutsStore

/// Who calls in one cell of the matrix: nobody, or an account of a role inside or outside the
/// compartment that holds every record.
struct MatrixCaller: Sendable, CustomTestStringConvertible {
    let role: Role?
    let inside: Bool

    var testDescription: String { role.map { "\($0.rawValue) \(inside ? "inside" : "outside")" } ?? "anonymous" }

    static let all: [MatrixCaller] =
        [MatrixCaller(role: nil, inside: true)]
        + Role.allCases.flatMap { [MatrixCaller(role: $0, inside: true), MatrixCaller(role: $0, inside: false)] }

    /// Whether this caller may see the victim's name and birth date.
    var seesIdentities: Bool { inside && role.map { $0.defaultPermissions.contains(.seeIdentities) } ?? false }
}

@Suite("access matrix")
struct AccessMatrixTests {
    static let victimName = "탁명순"
    static let victimBirth = "1951-03-02"

    @Test(
        "every API operation answers each role inside and outside the compartment as it should, and leaks nothing",
        arguments: MatrixCaller.all)
    func matrix(caller: MatrixCaller) async throws {
        try await withServer { admin, store, accounts in
            _ = try await accounts.createCompartment(id: "other", name: "Another desk")
            let document = try #require(try await admin.json(.get, "/api/v1/openapi.json").body)
            let created = try await Self.fileEveryKind(admin, document: document)
            // The rule set the decision example names, under its id.
            try await store.createAll(
                [
                    (
                        RecordID(APIExamples.rulesID)!,
                        EligibilityRules(
                            name: "Rules", rules: [.init(code: "r", benefit: "b", conditions: [.init(.returned)])])
                    )
                ], by: .operatorWriter(actor: "test"))
            let client: APIClient
            if let role = caller.role {
                let token = try await accounts.token(
                    for: "caller", role: role, compartments: [caller.inside ? "general" : "other"])
                client = admin.with(token: token)
            } else {
                client = admin.anonymous
            }

            for (path, method, operation) in Self.operations(document) {
                let collection = path.split(separator: "/").dropFirst(2).first.map(String.init) ?? ""
                var uri = path.replacingOccurrences(of: "{id}", with: created[collection] ?? "")
                    .replacingOccurrences(of: "{version}", with: "1")
                    .replacingOccurrences(of: "{scheme}", with: "violation-types")
                if path == "/api/v1/search" {
                    uri += "?q=" + "탁명순".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                }
                var headers: HTTPFields = [:]
                if operation["parameters"]?.items.contains(where: { $0["name"]?.string == "If-Match" }) == true,
                    let current = try await admin.json(.get, uri.components(separatedBy: "/versions")[0]).headers[.eTag]
                {
                    headers[.ifMatch] = current
                }
                let body = try operation["requestBody"]?["content"]?["application/json"]?["example"]
                    .map { String(decoding: try $0.data(), as: UTF8.self) }
                let response = try await client.json(
                    HTTPRequest.Method(rawValue: method.uppercased())!, uri, body, headers: headers)
                let status = response.status.code
                let label = "\(caller.testDescription): \(method.uppercased()) \(path) → \(status)"
                let needed = Self.permission(operation)

                if caller.role == nil {
                    #expect(status == 401, "\(label)")
                } else if let needed, !(caller.role!.defaultPermissions.contains(needed)) {
                    #expect(status == 403, "\(label)")
                } else if path.contains("evidence"), !caller.seesIdentities {
                    // Evidence is out of reach of anyone who may not see identities, as if it did not exist.
                    #expect(status == 404, "\(label)")
                } else if caller.inside {
                    #expect(![401, 403, 404].contains(status), "\(label)")
                } else if path.contains("{id}") {
                    #expect(status == 404, "\(label)")
                } else if method == "get" {
                    #expect(status == 200, "\(label)")
                    #expect(response.body?["items"]?.items.isEmpty ?? true, "\(label): lists nothing outside")
                } else {
                    #expect([200, 201, 422].contains(status), "\(label)")
                }

                let text = String(decoding: try (response.body ?? .null).data(), as: UTF8.self)
                if !caller.seesIdentities {
                    #expect(!text.contains(Self.victimName), "\(label) shows the name")
                    #expect(!text.contains(Self.victimBirth), "\(label) shows the birth date")
                }
                if !caller.inside || caller.role == nil {
                    #expect(!text.contains("Abducted from a fishing boat"), "\(label) shows the event")
                }
            }
        }
    }

    /// Every documented operation: reads first, then writes, deletions last.
    static func operations(_ document: JSONValue) -> [(String, String, JSONValue)] {
        guard case .object(let paths)? = document["paths"] else { return [] }
        var operations: [(String, String, JSONValue)] = []
        for (path, item) in paths {
            guard case .object(let methods) = item else { continue }
            for (method, operation) in methods { operations.append((path, method, operation)) }
        }
        let order = ["get", "put", "post", "delete"]
        return operations.sorted {
            (order.firstIndex(of: $0.1) ?? 9, $0.0) < (order.firstIndex(of: $1.1) ?? 9, $1.0)
        }
    }

    /// The permission an operation documents (every one needs a signed-in caller).
    static func permission(_ operation: JSONValue) -> Permission? {
        guard let description = operation["description"]?.string,
            let code = description.split(separator: "`").dropFirst().first
        else { return nil }
        return Permission(rawValue: String(code))
    }

    /// One record of every kind in `general`, made by the administrator: the examples' records under
    /// the ids they name, then each collection's POST example. Returns an id per collection.
    static func fileEveryKind(_ admin: APIClient, document: JSONValue) async throws -> [String: String] {
        let seeds: [(String, String)] = [
            ("sources", #"{"type": "testimony", "title": "Statement of a brother"}"#),
            ("events", #"{"title": "Abducted from a fishing boat", "date": {"text": "1977"}}"#),
            (
                "persons",
                #"{"names": [{"full": "\#(victimName)"}], "birthDate": {"text": "\#(victimBirth)"}, "roles": ["victim"]}"#
            ),
            ("organisations", #"{"name": "A state agency", "type": "state-agency"}"#),
        ]
        var ids: [String: String] = [:]
        for (collection, body) in seeds {
            let response = try await admin.json(.post, "/api/v1/" + collection, body)
            #expect(response.status == .created, "\(collection): \(String(describing: response.body))")
            ids[collection] = response.body?["id"]?.string
        }
        let evidence = try await admin.send(
            .post, "/api/v1/sources/\(ids["sources"]!)/evidence?name=statement.txt", ByteBuffer(string: "A statement"),
            headers: [.contentType: "text/plain"])
        #expect(evidence.status == .created, "evidence: \(String(describing: evidence.body))")
        ids["evidence"] = evidence.body?["id"]?.string
        let act = try await admin.json(
            .post, "/api/v1/acts",
            #"{"eventID": "\#(ids["events"]!)", "victimID": "\#(ids["persons"]!)", "type": "abduction"}"#)
        ids["acts"] = act.body?["id"]?.string
        let others: [(String, String)] = [
            (
                "involvements",
                #"{"actID": "\#(ids["acts"]!)", "perpetratorOrganisationID": "\#(ids["organisations"]!)", "attribution": "alleged"}"#
            ),
            ("information", #"{"sourceID": "\#(ids["sources"]!)", "recordID": "\#(ids["acts"]!)"}"#),
            (
                "interventions",
                #"{"title": "Communication to the WGEID", "type": "un-communication", "eventIDs": ["\#(ids["events"]!)"]}"#
            ),
            ("events", #"{"title": "Family questioned after the abduction"}"#),
        ]
        for (collection, body) in others {
            let response = try await admin.json(.post, "/api/v1/" + collection, body)
            #expect(response.status == .created, "\(collection): \(String(describing: response.body))")
            if collection == "events" {
                let link = try await admin.json(
                    .post, "/api/v1/event-links",
                    #"{"fromEventID": "\#(ids["events"]!)", "toEventID": "\#(response.body?["id"]?.string ?? "")", "type": "reprisal-after-escape"}"#
                )
                #expect(link.status == .created, "event link: \(String(describing: link.body))")
                ids["event-links"] = link.body?["id"]?.string
            } else {
                ids[collection] = response.body?["id"]?.string
            }
        }
        // The cyber records (issue 20): an incident on the event, an indicator, a sighting joining them.
        let incident = try await admin.json(
            .post, "/api/v1/cyber-incidents",
            #"{"eventID": "\#(ids["events"]!)", "vector": "spear-phishing-email", "target": {"classification": "escapee"}, "description": "Abducted from a fishing boat, then phished"}"#
        )
        #expect(incident.status == .created, "cyber incident: \(String(describing: incident.body))")
        ids["cyber-incidents"] = incident.body?["id"]?.string
        let indicator = try await admin.json(
            .post, "/api/v1/indicators", #"{"type": "domain", "value": "evil.example", "origin": "entered"}"#)
        ids["indicators"] = indicator.body?["id"]?.string
        let sighting = try await admin.json(
            .post, "/api/v1/sightings",
            #"{"incidentID": "\#(ids["cyber-incidents"]!)", "indicatorID": "\#(ids["indicators"]!)", "firstSeen": "2026-11-03T08:12:45Z", "lastSeen": "2026-11-03T08:12:45Z", "count": 1, "origin": "entered"}"#
        )
        #expect(sighting.status == .created, "sighting: \(String(describing: sighting.body))")
        ids["sightings"] = sighting.body?["id"]?.string
        // Reparations (decision 0032): a relative's claim for the act, the rules, a decision, a measure.
        let relative = try await admin.json(.post, "/api/v1/persons", #"{"names": [{"full": "A relative"}]}"#)
        let reparations: [(String, String)] = [
            (
                "eligibility-rules",
                #"{"name": "Rules", "rules": [{"code": "r", "benefit": "consolation", "conditions": [{"test": "violation", "values": ["abduction"]}]}]}"#
            ),
            (
                "claims",
                #"{"claimantID": "\#(relative.body?["id"]?.string ?? "")", "directVictimID": "\#(ids["persons"]!)", "relationship": "child", "harms": [{"type": "disappearance", "actIDs": ["\#(ids["acts"]!)"]}]}"#
            ),
        ]
        for (collection, body) in reparations {
            let response = try await admin.json(.post, "/api/v1/" + collection, body)
            #expect(response.status == .created, "\(collection): \(String(describing: response.body))")
            ids[collection] = response.body?["id"]?.string
        }
        let decision = try await admin.json(
            .post, "/api/v1/claims/\(ids["claims"]!)/decision", #"{"rulesID": "\#(ids["eligibility-rules"]!)"}"#)
        #expect(decision.status == .created, "decision: \(String(describing: decision.body))")
        ids["reparation-decisions"] = decision.body?["id"]?.string
        let measure = try await admin.json(
            .post, "/api/v1/reparation-measures",
            #"{"claimID": "\#(ids["claims"]!)", "form": "satisfaction", "providerType": "ngo", "provider": "An NGO", "acknowledgedResponsibility": false, "history": [{"status": "proposed"}]}"#
        )
        #expect(measure.status == .created, "measure: \(String(describing: measure.body))")
        ids["reparation-measures"] = measure.body?["id"]?.string
        return ids
    }
}
