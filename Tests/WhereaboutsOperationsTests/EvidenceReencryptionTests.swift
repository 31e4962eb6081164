import Foundation
import SQLKit
import Testing
import WhereaboutsCore
import WhereaboutsEvidence
import WhereaboutsOperations
import WhereaboutsSecurity
import WhereaboutsStore
import WhereaboutsTestSupport

/// Evidence moved onto new data keys (decision 0029): checked before the old frames go, recorded
/// in custody, the chain and the audit log's pins intact, and nothing of the file in the clear.
@Suite("evidence re-encryption")
struct EvidenceReencryptionTests {
    let writer = Writer.operatorWriter(actor: "doc")

    /// How many frames `item` is read from, and what else the frame storage holds that no item reads.
    static func frames(_ item: String, in store: SQLRecordStore) async throws -> (own: Int, others: [String]) {
        let set = FrameSet(item: item, key: try await SQLRecordStore.evidenceKeyID(of: item, in: store.database))
        let fetch = store.evidenceFrames.fetcher(set)
        var own = 0
        while try await fetch(own) != nil { own += 1 }
        return (own, try await store.evidenceStrays())
    }

    static func keyID(_ item: String, in handle: any DatabaseHandle) async throws -> String {
        try await handle.read { db in
            try await db.raw("SELECT key_id FROM evidence_items WHERE id = \(bind: item)")
                .first(decodingColumn: "key_id", as: String.self) ?? ""
        }
    }

    @Test(
        "new keys: every item is sealed again, reads back the same bytes, keeps its chain (old entries open with their key), and the database holds no plaintext"
    )
    func reencryptsEverything() async throws {
        let tsa = try LocalTimestampAuthority()
        try await TestDatabase.withLocatedDatabase { handle, location in
            let store = try await SQLRecordStore.open(
                handle, clock: { Date() }, logger: TestDatabase.logger, protection: .sealed(.ephemeral()))
            let audit = AuditLog(database: handle, clock: { Date() }, signer: .generate())
            let operations = EvidenceOperations(store: store, audit: audit, timestamps: tsa.service())
            let event = try await store.create(Event(title: "Abduction"), by: writer).id
            let bytes = EvidenceOperationsTests.file(size: 2 * FrameCipher.frameSize + 4096)
            let item = try await operations.add(
                EvidenceOperationsTests.pieces(bytes, piece: 300_001), stated: StatedFile(name: "interview.txt"),
                to: event, by: writer, from: .cli)
            let small = try await operations.add(
                EvidenceOperationsTests.pieces(Array("\(EvidenceOperationsTests.marker) a short note".utf8)),
                stated: StatedFile(name: "note.txt"), to: event, by: writer, from: .cli)
            #expect(try await operations.reencrypt(actor: "operator", from: .cli).moved.isEmpty)
            let before = try await Self.keyID(item.id, in: handle)

            let (newKeys, _) = try await store.reencrypt()
            let outcome = try await operations.reencrypt(actor: "operator", from: .cli)
            #expect(outcome.moved == [item.id, small.id] && outcome.failed.isEmpty, "\(outcome.failed)")
            let after = try await Self.keyID(item.id, in: handle)
            #expect(after != before && newKeys.contains(after))
            #expect(try await Self.frames(item.id, in: store) == (3, []))
            let checks = try await operations.verify()
            let intact = checks.allSatisfy { $0.problems.isEmpty }
            #expect(intact)
            let (_, reader) = try await operations.open(item.id, access: .operatorAccess, actor: "doc", from: .cli)
            var read: [UInt8] = []
            try await reader.read { read += $0 }
            #expect(read == bytes)
            let custody = try await operations.show(item.id, access: .operatorAccess).custody
            #expect(custody.map(\.entry.event) == [.intake, .timestamp, .reencryption, .download])
            #expect(custody.allSatisfy { $0.toHash == item.sha256 })
            #expect(custody[2].note.contains(after) && custody[2].note.contains(before))
            let stamp = try #require(try await operations.timestampOf(item.id, access: .operatorAccess))
            #expect(
                try LocalTimestampAuthority.problem(
                    reply: stamp.token.reply, digest: stamp.statement.digest, certificates: stamp.token.certificates)
                    == nil)
            // A second run finds nothing to do.
            #expect(try await operations.reencrypt(actor: "operator", from: .cli).moved.isEmpty)

            let secrets = [EvidenceOperationsTests.marker, item.sha256, stamp.statement.salt]
            let raw = try await EvidenceOperationsTests.everythingStored(
                handle, location, tables: ["evidence_items", "evidence_custody", "evidence_timestamps", "audit_log"])
            for secret in secrets { #expect(raw.range(of: Data(secret.utf8)) == nil, "\(secret) is stored") }
        }
    }

    @Test(
        "a damaged item is left as it was (old key, old frames, nothing staged) while the others move; a run cut short leaves frames that the next run replaces"
    )
    func crashSafe() async throws {
        try await OperationsFixture.with { fixture in
            let operations = EvidenceOperations(store: fixture.store, audit: fixture.audit)
            let event = try await fixture.store.create(Event(title: "Abduction"), by: writer).id
            var items: [EvidenceItem] = []
            for size in [FrameCipher.frameSize + 5, 300] {
                items.append(
                    try await operations.add(
                        EvidenceOperationsTests.pieces(EvidenceOperationsTests.file(size: size)),
                        stated: StatedFile(name: "f\(size).txt"), to: event, by: writer, from: .cli))
            }
            let handle = fixture.store.database
            let damaged = items[0].id
            let oldKey = try await Self.keyID(damaged, in: handle)
            try await EvidenceTampering.flipByte(of: damaged, frame: 1, at: 2, in: handle)
            let (newKeys, _) = try await fixture.store.reencrypt()
            // What a run killed part-way through the second item leaves: some of its new frames.
            let second = items[1].id
            let staged = FrameSet(item: second, key: newKeys.first { $0.hasPrefix("general") } ?? "", staged: true)
            try await fixture.store.evidenceFrames.append([(0, Array(repeating: 7, count: 40))], to: staged)

            let outcome = try await operations.reencrypt(actor: "operator", from: .cli)
            #expect(outcome.moved == [items[1].id])
            #expect(outcome.failed.map(\.item) == [items[0].id])
            #expect(try await Self.keyID(items[0].id, in: handle) == oldKey)
            #expect(try await Self.frames(items[0].id, in: fixture.store) == (2, []))
            let checks = try await operations.verify()
            #expect(checks.first { $0.item == items[1].id }?.isIntact == true)
            #expect(checks.first { $0.item == items[0].id }?.problems.first?.contains("frame 1") == true)
            #expect(
                try await operations.show(items[0].id, access: .operatorAccess).custody.map(\.entry.event) == [.intake])
        }
    }
}
