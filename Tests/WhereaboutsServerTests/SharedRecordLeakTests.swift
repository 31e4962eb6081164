import Foundation
import HTTPTypes
import Testing
import WhereaboutsCore
import WhereaboutsSecurity
import WhereaboutsServer
import WhereaboutsStore

/// Two desks share a victim and a perpetrator unit. Everything the Japan desk wrote — its case, its
/// testimony, its information about the shared person — is probed through the API by every role of the
/// Russia desk, after creates, an update and a restore: reads, lists, history, search with every filter.
@Suite("no leak between desks through shared records")
struct SharedRecordLeakTests {
    static let secretWords = "Kashiwazaki"
    static let remarkWords = "Zeltonian"

    struct Filed {
        var japan: [String: String] = [:]
        var person = ""
        var organisation = ""
    }

    static func file(_ both: APIClient) async throws -> Filed {
        var filed = Filed()
        func post(_ collection: String, _ body: String, _ compartments: [String]) async throws -> String {
            let query = compartments.map { "compartment=" + $0 }.joined(separator: "&")
            let response = try await both.json(.post, "/api/v1/\(collection)?\(query)", body)
            #expect(response.status == .created, "\(collection): \(String(describing: response.body))")
            return response.body?["id"]?.string ?? ""
        }
        filed.person = try await post(
            "persons", #"{"names": [{"full": "탁명순"}], "roles": ["victim"]}"#, ["japan", "russia"])
        filed.organisation = try await post(
            "organisations", #"{"name": "Unit 10", "type": "state-agency"}"#, ["japan", "russia"])
        let japan = ["japan"]
        filed.japan["sources"] = try await post(
            "sources", #"{"type": "testimony", "title": "Interview", "text": "seen at \#(secretWords) harbour"}"#, japan
        )
        filed.japan["events"] = try await post(
            "events", #"{"title": "Taken from a beach", "date": {"text": "1977"}, "places": [{"country": "JP"}]}"#,
            japan)
        filed.japan["acts"] = try await post(
            "acts",
            #"{"eventID": "\#(filed.japan["events"]!)", "victimID": "\#(filed.person)", "type": "abduction", "place": {"country": "JP"}}"#,
            japan)
        filed.japan["involvements"] = try await post(
            "involvements",
            #"{"actID": "\#(filed.japan["acts"]!)", "perpetratorOrganisationID": "\#(filed.organisation)", "attribution": "alleged"}"#,
            japan)
        filed.japan["information"] = try await post(
            "information",
            #"{"sourceID": "\#(filed.japan["sources"]!)", "recordID": "\#(filed.person)", "remarks": "\#(remarkWords) said so"}"#,
            japan)
        filed.japan["interventions"] = try await post(
            "interventions",
            #"{"title": "Communication to the WGEID", "type": "un-communication", "eventIDs": ["\#(filed.japan["events"]!)"]}"#,
            japan)
        let second = try await post("events", #"{"title": "Family questioned"}"#, japan)
        filed.japan["event-links"] = try await post(
            "event-links",
            #"{"fromEventID": "\#(filed.japan["events"]!)", "toEventID": "\#(second)", "type": "reprisal-after-escape"}"#,
            japan)
        // The Russia desk's own case about the same person and unit.
        let event = try await post("events", #"{"title": "Logging camp"}"#, ["russia"])
        let act = try await post(
            "acts",
            #"{"eventID": "\#(event)", "victimID": "\#(filed.person)", "type": "forced-labour", "place": {"country": "RU"}}"#,
            ["russia"])
        _ = try await post(
            "involvements",
            #"{"actID": "\#(act)", "perpetratorOrganisationID": "\#(filed.organisation)", "attribution": "alleged"}"#,
            ["russia"])
        // An edit of the Japan desk's information, and a restore of its first version.
        let path = "/api/v1/information/\(filed.japan["information"]!)"
        let edited = try await both.json(
            .put, path,
            #"{"sourceID": "\#(filed.japan["sources"]!)", "recordID": "\#(filed.person)", "remarks": "\#(remarkWords) again"}"#,
            headers: [.ifMatch: "\"1\""])
        #expect(edited.status == .ok)
        let restored = try await both.json(.post, path + "/versions/1/restore", headers: [.ifMatch: "\"2\""])
        #expect(restored.status == .ok, "\(String(describing: restored.body))")
        return filed
    }

    /// A server with the two desks' records filed (by someone in both), for `body` to probe.
    static func withTwoDesks(
        _ body: @escaping @Sendable (APIClient, AccountStore, Filed) async throws -> Void
    ) async throws {
        try await withServer { admin, _, accounts in
            _ = try await accounts.createCompartment(id: "japan", name: "Japan")
            _ = try await accounts.createCompartment(id: "russia", name: "Russia")
            let both = admin.with(
                token: try await accounts.token(for: "both", role: .administrator, compartments: ["japan", "russia"]))
            try await body(admin, accounts, try await file(both))
        }
    }

    @Test(
        "every role of the other desk reads, lists, searches and filters without meeting the first desk's records",
        arguments: [Role.documenter, .analyst, .viewer, .administrator])
    func noLeak(role: Role) async throws {
        try await Self.withTwoDesks { admin, accounts, filed in
            let russian = admin.with(
                token: try await accounts.token(for: "probe", role: role, compartments: ["russia"]))
            let hidden = Array(filed.japan.values)
            func probe(_ path: String) async throws -> String {
                let body = try await russian.execute(uri: path, method: .get) { String(buffer: $0.body) }
                for id in hidden { #expect(!body.contains(id), "\(path) names a Japan record") }
                for words in [Self.secretWords, Self.remarkWords] {
                    #expect(!body.contains(words), "\(path) shows the Japan desk's text")
                }
                return body
            }
            for (collection, id) in filed.japan {
                #expect(
                    try await russian.json(.get, "/api/v1/\(collection)/\(id)").status == .notFound, "\(collection)")
                #expect(
                    try await russian.json(.get, "/api/v1/\(collection)/\(id)/versions").status == .notFound,
                    "\(collection) history")
                _ = try await probe("/api/v1/\(collection)?limit=200")
            }
            // The shared person and unit are visible, with the Russia desk's facts only.
            _ = try await probe("/api/v1/persons/\(filed.person)")
            _ = try await probe("/api/v1/persons/\(filed.person)/versions")
            _ = try await probe("/api/v1/organisations/\(filed.organisation)")
            let queries = [
                "q=\(Self.secretWords)", "q=\(Self.remarkWords)", "q=Interview", "q=beach", "kind=person&country=JP",
                "kind=person&violationType=abduction", "kind=person&violationType=abduction-disappearance",
                "country=JP", "violationType=abduction", "kind=person&from=1977-01-01&to=1977-12-31",
                "organisation=\(filed.organisation)&violationType=abduction",
            ]
            for query in queries {
                let body = try await probe("/api/v1/search?" + query)
                if query.hasPrefix("kind=person") { #expect(!body.contains(filed.person), "\(query)") }
            }
            // The person is found by the Russia desk's own facts.
            let own = try await probe("/api/v1/search?kind=person&country=RU")
            #expect(own.contains(filed.person))
        }
    }
}
