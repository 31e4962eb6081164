import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Prometheus
import Testing
import WhereaboutsCore
import WhereaboutsSecurity
import WhereaboutsServer
import WhereaboutsStore
import WhereaboutsTestSupport

@Suite("audit of identity reads")
struct ReadAuditTests {
    @Test("reads of persons and searches by readers who see identities are audited, batched, without the search terms")
    func readsAreAudited() async throws {
        try await withReadAudit(limit: 10_000) { api, store, accounts, audit, auditor in
            let person = try await store.create(
                Person(names: [NameForm(full: "김영희")], roles: [.victim]), by: .operatorWriter())
            let analyst = api.with(
                token: try await accounts.token(for: "reader", role: .analyst, compartments: ["general"]))
            let viewer = api.with(
                token: try await accounts.token(for: "looker", role: .viewer, compartments: ["general"]))
            for _ in 0..<3 {
                #expect(try await analyst.json(.get, "/api/v1/persons/\(person.id)").status == .ok)
            }
            #expect(try await analyst.json(.get, "/api/v1/search?q=%EA%B9%80%EC%98%81%ED%9D%AC").status == .ok)
            #expect(try await viewer.json(.get, "/api/v1/persons/\(person.id)").status == .ok)
            #expect(
                try await analyst.json(.get, "/api/v1/persons/00000000-0000-0000-0000-000000000000").status == .notFound
            )
            // About a second after the first read the batch is written by itself; a flush then waits for it.
            try await Task.sleep(for: .milliseconds(1_050))
            await auditor.flush()
            let entries = try await audit.entries()
            let reads = entries.filter { $0.event.action == .identityRead && $0.event.outcome == .success }
            // Collapsed with a count (in one or, on a slow run, two batches).
            #expect(reads.reduce(0) { $0 + (Int($1.event.details["count"] ?? "1") ?? 0) } == 3)
            #expect(reads.count <= 2)
            #expect(reads.allSatisfy { $0.event.actor == "reader" })
            #expect(reads.allSatisfy { $0.event.target == "/api/v1/persons/\(person.id)" })
            #expect(entries.contains { $0.event.action == .identityRead && $0.event.outcome == .refused })
            let search = try #require(entries.first { $0.event.action == .search })
            #expect(search.event.target == "/api/v1/search")
            #expect(!"\(search.event)".contains("김영희"))
            // The viewer sees pseudonyms only: nothing identifying was read.
            #expect(!entries.contains { $0.event.actor == "looker" })
            #expect(!entries.contains { $0.event.action == .bulkReadAlert })
            #expect(try await audit.verify().isIntact)
        }
    }

    @Test(
        "every API read and page that shows a victim's name is audited, whatever the kind, also when served again from the page cache"
    )
    func everyShownNameIsAudited() async throws {
        try await withReadAudit(limit: 100_000) { api, store, accounts, audit, auditor in
            let document = try #require(try await api.json(.get, "/api/v1/openapi.json").body)
            let ids = try await AccessMatrixTests.fileEveryKind(api, document: document)
            let name = AccessMatrixTests.victimName
            let analyst = api.with(
                token: try await accounts.token(for: "reader", role: .analyst, compartments: ["general"]))
            let (browser, _, _) = try await signedInBrowser(api, accounts, username: "browser", role: .analyst)
            var shown: [(actor: String, path: String)] = []
            for (collection, id) in ids.sorted(by: { $0.key < $1.key }) where RecordKind(collection: collection) != nil
            {
                for path in ["/api/v1/\(collection)/\(id)", "/api/v1/\(collection)"] {
                    let body = try await analyst.execute(uri: path, method: .get) { String(buffer: $0.body) }
                    if body.contains(name) { shown.append(("reader", path)) }
                }
                // Twice: the second answer comes from the page cache.
                for _ in 0..<2 {
                    let page = try await browser.get("/\(collection)/\(id)")
                    #expect(page.status == .ok, "\(collection)")
                    if page.html.contains(name) { shown.append(("browser", "/\(collection)/\(id)")) }
                }
            }
            if try await browser.get("/").html.contains(name) { shown.append(("browser", "/")) }
            // Not vacuous: the person, the act (its victim) and their pages show the name.
            for path in ["/api/v1/persons/\(ids["persons"]!)", "/acts/\(ids["acts"]!)", "/persons/\(ids["persons"]!)"] {
                #expect(shown.contains { $0.path == path }, "\(path)")
            }
            await auditor.flush()
            let entries = try await audit.entries()
            for (actor, path) in shown {
                let count = entries.filter {
                    $0.event.action == .identityRead && $0.event.actor == actor && $0.event.target == path
                }.reduce(0) { $0 + (Int($1.event.details["count"] ?? "1") ?? 0) }
                let expected = shown.filter { $0.actor == actor && $0.path == path }.count
                #expect(count == expected, "\(actor) \(path): \(count) audited of \(expected)")
            }
            // A viewer sees pseudonyms: nothing identifying is opened, nothing is audited.
            let viewer = api.with(
                token: try await accounts.token(for: "looker", role: .viewer, compartments: ["general"]))
            for (collection, id) in ids {
                let body = try await viewer.execute(uri: "/api/v1/\(collection)/\(id)", method: .get) {
                    String(buffer: $0.body)
                }
                #expect(!body.contains(name), "\(collection)")
            }
            await auditor.flush()
            #expect(!(try await audit.entries()).contains { $0.event.actor == "looker" })
        }
    }

    @Test("one account reading identities beyond the limit raises one alert, shown to administrators")
    func bulkReadAlert() async throws {
        try await withReadAudit(limit: 120) { api, store, accounts, audit, auditor in
            // Each read counts the identities it showed: 50 persons a page.
            try await store.createAll(
                (0..<50).map { (RecordID(), Person(names: [NameForm(full: "박철수 \($0)")]) as any RecordBody) },
                by: .operatorWriter())
            let analyst = api.with(
                token: try await accounts.token(for: "harvester", role: .analyst, compartments: ["general"]))
            for _ in 0..<4 {
                #expect(try await analyst.json(.get, "/api/v1/persons?limit=50").status == .ok)
            }
            await auditor.flush()
            let alerts = try await audit.entries(action: .bulkReadAlert)
            #expect(alerts.count == 1)
            #expect(alerts.first?.event.actor == "harvester")
            #expect(alerts.first?.event.details["records"] == "150")
            let (admin, _, _) = try await signedInBrowser(api, accounts, username: "watcher", role: .administrator)
            let page = try await admin.get("/admin/audit")
            #expect(page.status == .ok)
            #expect(page.html.contains("id=\"audit-alerts\""))
            #expect(page.html.contains("harvester"))
        }
    }
}

/// A server whose identity-read auditor (with `limit`) the test can flush.
func withReadAudit(
    limit: Int,
    _ body: @escaping @Sendable (APIClient, SQLRecordStore, AccountStore, AuditLog, ReadAuditor) async throws -> Void
) async throws {
    try await TestDatabase.withStore { store in
        let accounts = AccountStore(store: store, clock: { Date() }, hasher: .testing)
        let audit = AuditLog(
            database: store.database, clock: { Date() },
            signer: .generate())
        let auditor = ReadAuditor(audit: audit, limit: limit, window: 600, logger: TestDatabase.logger)
        let app = buildApplication(
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0), store: store, accounts: accounts,
            audit: audit, readAuditor: auditor, metrics: PrometheusCollectorRegistry(), logger: TestDatabase.logger)
        let token = try await accounts.token(for: "admin", role: .administrator, compartments: ["general"])
        do {
            try await app.test(.router) { client in
                try await body(APIClient(client: client, token: token), store, accounts, audit, auditor)
            }
            await auditor.flush()
        } catch {
            await auditor.flush()
            throw error
        }
    }
}
