import Foundation
import Testing
import WhereaboutsCore
import WhereaboutsOperations
import WhereaboutsStore

@Suite("record writes")
struct RecordWriteOperationsTests {
    @Test("create, update and delete name the writer in the version each adds, in the write's transaction")
    func writesNameTheirWriter() async throws {
        try await OperationsFixture.with { fixture in
            let operations = RecordOperations(store: fixture.store, audit: fixture.audit)
            let writer = Writer.operatorWriter(actor: "doc")
            let id = try await operations.create(Event(title: "Abduction"), by: writer).id
            _ = try await operations.update(id, with: Event(title: "Abduction in 1977"), expectedVersion: 1, by: writer)
            _ = try await operations.delete(id, kind: .event, expectedVersion: 2, by: writer)
            let history = try await fixture.store.history(id, access: .operatorAccess)
            #expect(history.map(\.action) == [.delete, .update, .create])
            #expect(history.allSatisfy { $0.changedBy == "doc" })
            // Edits are recorded by their versions, not in the chain (decision 0018).
            let noEntries = try await fixture.audit.entries().isEmpty
            #expect(noEntries)
        }
    }

    @Test("a record of another kind, or one in a compartment the writer is not in, is not found")
    func refusedAsNotFound() async throws {
        try await OperationsFixture.with { fixture in
            let operations = RecordOperations(store: fixture.store, audit: fixture.audit)
            _ = try await fixture.accounts.createCompartment(id: "elsewhere", name: "Elsewhere")
            let id = try await operations.create(
                Event(title: "Elsewhere"), by: .operatorWriter(compartments: ["elsewhere"])
            ).id
            let mine = try #require(
                Writer(account: try await fixture.account("doc", role: .documenter), compartments: ["general"]))
            await #expect(throws: StoreError.notFound(id)) {
                try await operations.update(id, with: Event(title: "Changed"), expectedVersion: 1, by: mine)
            }
            await #expect(throws: StoreError.notFound(id)) {
                try await operations.delete(id, kind: .event, expectedVersion: 1, by: mine)
            }
            let all = Writer.operatorWriter()
            await #expect(throws: StoreError.notFound(id)) {
                try await operations.update(
                    id, with: Person(names: [NameForm(full: "Kim")]), expectedVersion: 1, by: all)
            }
            await #expect(throws: StoreError.notFound(id)) {
                try await operations.delete(id, kind: .person, expectedVersion: 1, by: all)
            }
            #expect(try await fixture.store.get(id, access: .operatorAccess).version == 1)
            // A viewer yields no writer at all.
            #expect(Writer(account: try await fixture.account("viewer", role: .viewer), compartments: []) == nil)
        }
    }
}
