import Foundation
import SQLKit
import Testing
import WhereaboutsCore
import WhereaboutsOperations
import WhereaboutsStore
import WhereaboutsTestSupport

@Suite("record use-cases")
struct RecordOperationsTests {
    @Test("a restore and its audit entry commit together: when the entry cannot be written, nothing is restored")
    func restoreIsAtomicWithItsAuditEntry() async throws {
        try await TestDatabase.withStore { store in
            let audit = AuditLog(database: store.database, clock: { Date() }, signer: nil)
            let operations = RecordOperations(store: store, audit: audit)
            let writer = Writer.operatorWriter(actor: "doc")
            let id = try await store.create(Event(title: "First title"), by: writer).id
            _ = try await store.update(id, with: Event(title: "Second title"), expectedVersion: 1, by: writer)

            let restored = try await operations.restore(
                id, kind: .event, version: 1, expectedVersion: 2, by: writer, from: .init(via: "test"))
            #expect(restored.version == 3)
            let entries = try await audit.entries(action: .recordRestored)
            #expect(entries.map(\.event.target) == [id.description])
            #expect(entries.first?.event.actor == "doc" && entries.first?.event.details["via"] == "test")
            #expect(try await audit.verify().isIntact)

            // The chain's head is gone (a damaged log): the audit entry fails, so the restore is undone.
            try await store.database.write { db in try await db.raw("DELETE FROM audit_head").run() }
            await #expect(throws: StoreError.self) {
                try await operations.restore(
                    id, kind: .event, version: 2, expectedVersion: 3, by: writer, from: .init(via: "test"))
            }
            let current = try await store.get(id, access: .operatorAccess)
            #expect(current.version == 3)
            #expect((current.body as? Event)?.title == "First title")
            // Another kind's restore route does not find the record.
            await #expect(throws: StoreError.notFound(id)) {
                try await operations.restore(
                    id, kind: .person, version: 1, expectedVersion: 3, by: writer, from: .init(via: "test"))
            }
        }
    }
}
