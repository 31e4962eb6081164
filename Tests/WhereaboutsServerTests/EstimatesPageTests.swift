import Foundation
import Testing
import WhereaboutsCore
import WhereaboutsEstimation
import WhereaboutsOperations
import WhereaboutsSecurity
import WhereaboutsServer
import WhereaboutsStore

/// The Estimates page and its downloads, tried by readers of one desk against another desk's records.
@Suite("estimates page")
struct EstimatesPageTests {
    /// Desk A: 60 persons over three types of list (and 3 of them in an unknown-sex stratum, too small
    /// to publish); desk B: 25 persons of its own on "other sources" and a government list, and acts
    /// of its own on desk A's first ten persons.
    static func file(_ store: SQLRecordStore, _ accounts: AccountStore) async throws -> [Set<String>] {
        _ = try await accounts.createCompartment(id: "desk-a", name: "Desk A")
        _ = try await accounts.createCompartment(id: "desk-b", name: "Desk B")
        let types: [Source.SourceType] = [.governmentList, .testimony, .mediaReport]
        func desk(_ name: String, _ lists: [Source.SourceType]) -> (
            RecordID, [Source.SourceType: RecordID], SQLRecordStore.NewRecords
        ) {
            let event = RecordID()
            var records: SQLRecordStore.NewRecords = [(event, Event(title: "Case of desk \(name)"))]
            var sources: [Source.SourceType: RecordID] = [:]
            for list in lists {
                sources[list] = RecordID()
                records.append((sources[list]!, Source(type: list, title: "\(name) \(list.rawValue)")))
            }
            return (event, sources, records)
        }
        var (event, sources, records) = desk("A", types)
        var persons: [RecordID] = []
        var listsOf: [Set<String>] = []
        for index in 0..<60 {
            let person = RecordID()
            persons.append(person)
            let sex: Person.Sex? = index < 3 ? nil : index % 2 == 0 ? .female : .male
            records.append((person, Person(names: [NameForm(full: "Victim \(index)")], sex: sex)))
            let on = types.indices.filter { (index % 7 + 1) & (1 << $0) != 0 }.map { types[$0] }
            for list in on {
                records.append(
                    (RecordID(), Act(eventID: event, victimID: person, type: "abduction", sourceIDs: [sources[list]!])))
            }
            listsOf.append(Set(on.map(\.rawValue)))
        }
        try await store.createAll(records, by: .operatorWriter(compartments: ["desk-a"]))
        (event, sources, records) = desk("B", [.other, .governmentList])
        for index in 0..<35 {
            let person = index < 10 ? persons[index] : RecordID()
            if index >= 10 { records.append((person, Person(names: [NameForm(full: "B \(index)")], sex: .male))) }
            records.append(
                (RecordID(), Act(eventID: event, victimID: person, type: "abduction", sourceIDs: [sources[.other]!])))
            records.append(
                (
                    RecordID(),
                    Act(eventID: event, victimID: person, type: "abduction", sourceIDs: [sources[.governmentList]!])
                ))
        }
        try await store.createAll(records, by: .operatorWriter(compartments: ["desk-b"]))
        return listsOf
    }

    @Test(
        "a viewer of desk A sees the estimate of desk A's records only, suppressed where small, with no hash and no download; an analyst of A downloads A's table"
    )
    func deskAOnly() async throws {
        try await withAuditedServer { api, store, accounts, audit in
            let listsOfA = try await Self.file(store, accounts)
            let expected = try OverlapTable(
                lists: ["government-list", "media-report", "testimony"], persons: listsOfA)
            let (viewer, _, _) = try await signedInBrowser(
                api, accounts, username: "viewer-a", role: .viewer, compartments: ["desk-a"])
            let page = try await viewer.get("/estimates?lists=source-type&strata=sex&model=loglinear-bic")
            #expect(page.status == .ok)
            let html = page.html
            #expect(html.contains("<svg class=\"chart upset\"") && html.contains("<svg class=\"chart estimates\""))
            #expect(!html.contains("<script"))
            // Desk A's 60 persons, on A's three types of list; nothing of desk B's.
            #expect(html.contains("<dd>60</dd>"))
            #expect(!html.contains("<dd>85</dd>") && !html.contains("other sources"))
            #expect(html.contains("government lists") && html.contains("media reports"))
            // The 3 persons of unknown sex are a cell too small to publish.
            #expect(html.contains("suppressed (small count)"))
            // No hash (it would let the small cells be found) and no downloads for a viewer.
            #expect(!html.contains(expected.hash) && !html.contains("/estimates/overlap.csv"))
            #expect(try await viewer.get("/estimates/overlap.csv").status == .forbidden)
            #expect(try await viewer.get("/estimates/estimate.json").status == .forbidden)

            let (analyst, _, _) = try await signedInBrowser(
                api, accounts, username: "analyst-a", role: .analyst, compartments: ["desk-a"])
            let analystPage = try await analyst.get("/estimates")
            #expect(analystPage.html.contains(expected.hash))
            let csv = try await analyst.get("/estimates/overlap.csv?lists=source-type")
            #expect(csv.status == .ok)
            let table = try OverlapTable(csv: csv.html)
            #expect(table == expected && table.hash == expected.hash)
            let json = try await analyst.get("/estimates/estimate.json?strata=sex")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.html.utf8)) as? [String: Any])
            #expect(object["observed"] as? Int == 60 && object["tableHash"] as? String == expected.hash)
            #expect((object["strata"] as? [[String: Any]])?.count == 3)
            let exports = try await audit.entries(action: .export)
            #expect(exports.contains { $0.event.actor == "analyst-a" && $0.event.details["table"] == expected.hash })
            let reads = try await audit.entries(action: .statisticsRead)
            #expect(reads.contains { $0.event.actor == "viewer-a" && $0.event.details["table"] == expected.hash })

            // The operator's table (both desks) is another table: desk B's persons and list count there.
            let both = try await EstimateOperations(store: store, audit: audit).overlap(
                OverlapQuery(), access: .operatorAccess)
            #expect(both.whole.observed == 85 && both.whole.lists.contains("other"))
        }
    }

    @Test("too few lists is 'not estimable' in every language; nonsense in the query is a bad request, never an error")
    func notEstimableAndRefusals() async throws {
        try await withAuditedServer { api, store, accounts, _ in
            _ = try await Self.file(store, accounts)
            let (viewer, _, _) = try await signedInBrowser(
                api, accounts, username: "viewer-b", role: .viewer, compartments: ["desk-b"])
            // Desk B alone holds two lists: not estimable, no number.
            let page = try await viewer.get("/estimates")
            #expect(page.status == .ok)
            #expect(page.html.contains("Not estimable:") && page.html.contains("2 lists"))
            #expect(!page.html.contains("95% interval</dt>"))
            for (language, phrase) in [("ko", "추정 불가"), ("ja", "推定不能")] {
                let (other, _, _) = try await signedInBrowser(
                    api, accounts, username: "viewer-\(language)", role: .viewer, compartments: ["desk-b"],
                    language: language)
                #expect(try await other.get("/estimates").html.contains(phrase))
            }
            for query in ["model=nonsense", "lists=everything", "strata=%00", "model=mth-poisson2"] {
                #expect(try await viewer.get("/estimates?" + query).status == .badRequest, "\(query)")
            }
        }
    }

    @Test("a warning that tells how few persons a list holds is shown whole only to those who may export")
    func smallListWarnings() async throws {
        try await withAuditedServer { api, store, accounts, _ in
            _ = try await accounts.createCompartment(id: "desk-c", name: "Desk C")
            let event = RecordID()
            let types: [Source.SourceType] = [.governmentList, .testimony, .mediaReport]
            var records: SQLRecordStore.NewRecords = [(event, Event(title: "Case of desk C"))]
            let sources = types.map { _ in RecordID() }
            for (id, type) in zip(sources, types) { records.append((id, Source(type: type, title: type.rawValue))) }
            for index in 0..<40 {
                let person = RecordID()
                records.append((person, Person(names: [NameForm(full: "C \(index)")])))
                // Media reports name only two persons.
                for list in [0, 1, 2] where list == 2 ? index < 2 : (index + list) % 3 != 0 {
                    records.append(
                        (
                            RecordID(),
                            Act(eventID: event, victimID: person, type: "abduction", sourceIDs: [sources[list]])
                        ))
                }
            }
            try await store.createAll(records, by: .operatorWriter(compartments: ["desk-c"]))
            let (viewer, _, _) = try await signedInBrowser(
                api, accounts, username: "viewer-c", role: .viewer, compartments: ["desk-c"])
            let page = try await viewer.get("/estimates")
            #expect(page.status == .ok)
            #expect(!page.html.contains("holds only") && page.html.contains("some lists hold fewer than 10 persons"))
            let (analyst, _, _) = try await signedInBrowser(
                api, accounts, username: "analyst-c", role: .analyst, compartments: ["desk-c"])
            #expect(try await analyst.get("/estimates").html.contains("list media-report holds only 2 persons"))
        }
    }

    @Test("the API gives an exporter of desk A desk A's estimate and table; a viewer gets 403, nonsense 400")
    func api() async throws {
        try await withAuditedServer { api, store, accounts, audit in
            let listsOfA = try await Self.file(store, accounts)
            let expected = try OverlapTable(
                lists: ["government-list", "media-report", "testimony"], persons: listsOfA)
            let analyst = api.with(
                token: try await accounts.token(for: "analyst-api", role: .analyst, compartments: ["desk-a"]))
            let estimate = try await analyst.json(.get, "/api/v1/estimates?strata=sex&model=loglinear-aic")
            #expect(estimate.status == .ok)
            #expect(estimate.body?["observed"]?.int == 60 && estimate.body?["tableHash"]?.string == expected.hash)
            #expect(estimate.body?["strata"]?.items.count == 3)
            let csv = try await analyst.execute(uri: "/api/v1/estimates/overlap-table", method: .get) {
                ($0.status, String(buffer: $0.body))
            }
            #expect(csv.0 == .ok)
            #expect(try OverlapTable(csv: csv.1) == expected)
            #expect(try await analyst.json(.get, "/api/v1/estimates?model=mth-poisson2").status == .badRequest)
            let viewer = api.with(
                token: try await accounts.token(for: "viewer-api", role: .viewer, compartments: ["desk-a"]))
            #expect(try await viewer.json(.get, "/api/v1/estimates").status == .forbidden)
            let exports = try await audit.entries(actor: "analyst-api", action: .export)
            #expect(exports.count == 1 && exports.first?.event.details["via"] == "api")
        }
    }
}

extension EstimatesPageTests {
    @Test(
        "the dashboard shows the latest estimate made from exactly what its reader may see, with the strata's intervals; another desk, or the same desk without identities, sees none of it"
    )
    func latestOnTheDashboard() async throws {
        try await withAuditedServer { api, store, accounts, _ in
            _ = try await Self.file(store, accounts)
            let (analyst, _, _) = try await signedInBrowser(
                api, accounts, username: "analyst-a", role: .analyst, compartments: ["desk-a"])
            #expect(!(try await analyst.get("/").html.contains("latest-estimate")))
            #expect(try await analyst.get("/estimates?lists=source-type&strata=sex&model=loglinear-bic").status == .ok)
            let dashboard = try await analyst.get("/").html
            #expect(
                dashboard.contains("id=\"latest-estimate\"") && dashboard.contains("<svg class=\"chart estimates\""))
            #expect(dashboard.contains("<dd>60</dd>") && dashboard.contains("suppressed (small count)"))
            #expect(dashboard.contains("/estimates?lists=source-type&amp;strata=sex&amp;model=loglinear-bic"))
            #expect(!dashboard.contains("<script"))

            // Another desk's reader, and a viewer of desk A (who sees no identities), have made none.
            for (username, role, desk) in [("analyst-b", Role.analyst, "desk-b"), ("viewer-a", .viewer, "desk-a")] {
                let (other, _, _) = try await signedInBrowser(
                    api, accounts, username: username, role: role, compartments: [desk])
                let page = try await other.get("/").html
                #expect(!page.contains("latest-estimate") && !page.contains("<dd>60</dd>"), "\(username)")
            }
            // Desk B's own estimate is of its two lists: not estimable, and desk A's page is unchanged.
            let (deskB, _, _) = try await signedInBrowser(
                api, accounts, username: "documenter-b", role: .analyst, compartments: ["desk-b"])
            _ = try await deskB.get("/estimates")
            let page = try await deskB.get("/").html
            #expect(page.contains("latest-estimate") && page.contains("Not estimable") && !page.contains("<dd>60</dd>"))
            #expect(try await analyst.get("/").html.contains("<dd>60</dd>"))
            let korean = try await signedInBrowser(
                api, accounts, username: "analyst-a-ko", role: .analyst, compartments: ["desk-a"], language: "ko")
            _ = try await korean.0.get("/estimates?strata=sex")
            #expect(try await korean.0.get("/").html.contains("추정 인원"))
        }
    }
}
