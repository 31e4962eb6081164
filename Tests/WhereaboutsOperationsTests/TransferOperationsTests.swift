import Foundation
import Synchronization
import Testing
import WhereaboutsCore
import WhereaboutsOperations
import WhereaboutsStore

@Suite("import and export use-cases")
struct TransferOperationsTests {
    @Test("an import and its audit entry commit together")
    func importIsAtomicWithItsEntry() async throws {
        try await OperationsFixture.with { fixture in
            let operations = TransferOperations(store: fixture.store, audit: fixture.audit)
            let writer = Writer.operatorWriter(actor: "import:cases.jsonl")
            try await operations.importRecords(
                [(RecordID(), Event(title: "One")), (RecordID(), Event(title: "Two"))], from: "cases.jsonl",
                details: ["format": "jsonl"], by: writer, actor: "cli:op", origin: .cli)
            let entry = try #require(try await fixture.audit.entries(action: .import_).first).event
            #expect(entry.actor == "cli:op" && entry.target == "cases.jsonl")
            #expect(entry.details["records"] == "2" && entry.details["format"] == "jsonl")

            try await fixture.breakAuditChain()
            await #expect(throws: StoreError.self) {
                try await operations.importRecords(
                    [(RecordID(), Event(title: "Three"))], from: "more.jsonl", details: [:], by: writer,
                    actor: "cli:op", origin: .cli)
            }
            let (stream, continuation) = AsyncThrowingStream<SQLRecordStore.NewRecords, any Error>.makeStream()
            continuation.yield([(RecordID(), Event(title: "Four"))])
            continuation.finish()
            await #expect(throws: StoreError.self) {
                try await operations.importRecords(
                    streaming: stream, from: "more.csv", details: { ["rows": "1"] }, by: writer, actor: "cli:op",
                    origin: .cli)
            }
            #expect(try await fixture.store.counts(access: .operatorAccess)[.event] == 2)
        }
    }

    @Test("an export is audited with who exported what and how many; when the entry fails its output is discarded")
    func exportIsAudited() async throws {
        try await OperationsFixture.with { fixture in
            let operations = TransferOperations(store: fixture.store, audit: fixture.audit)
            let discarded = Mutex(0)
            try await operations.export(
                to: "out.jsonl", actor: "cli:op", origin: .cli, discard: { discarded.withLock { $0 += 1 } }
            ) { ["records": "7", "format": "jsonl"] }
            let entry = try #require(try await fixture.audit.entries(action: .export).first).event
            #expect(entry.actor == "cli:op" && entry.target == "out.jsonl" && entry.details["records"] == "7")
            #expect(discarded.withLock { $0 } == 0)

            try await fixture.breakAuditChain()
            await #expect(throws: StoreError.self) {
                try await operations.export(
                    to: "out.jsonl", actor: "cli:op", origin: .cli, discard: { discarded.withLock { $0 += 1 } }
                ) { ["records": "7"] }
            }
            #expect(discarded.withLock { $0 } == 1)
        }
    }
}
