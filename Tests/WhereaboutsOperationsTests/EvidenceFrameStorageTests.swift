import Foundation
import SQLKit
import Testing
import WhereaboutsCore
import WhereaboutsEvidence
import WhereaboutsOperations
import WhereaboutsSecurity
import WhereaboutsStore
import WhereaboutsTestSupport

/// Where evidence frames live (decision 0035): files beside an embedded database, rows on
/// PostgreSQL; what an interrupted intake leaves, and frames an earlier release kept as rows.
@Suite("evidence frame storage")
struct EvidenceFrameStorageTests {
    let writer = Writer.operatorWriter(actor: "doc")

    @Test("an embedded store keeps frames as files beside its database, one per item and key, none as rows")
    func embeddedFramesAreFiles() async throws {
        try await TestDatabase.withLocatedDatabase { handle, location in
            let store = try await SQLRecordStore.open(
                handle, clock: { Date() }, logger: TestDatabase.logger, protection: .sealed(.ephemeral()))
            let operations = EvidenceOperations(
                store: store, audit: AuditLog(database: handle, clock: { Date() }, signer: nil))
            let event = try await store.create(Event(title: "Abduction"), by: writer).id
            let bytes = EvidenceOperationsTests.file(size: 2 * FrameCipher.frameSize + 77)
            let item = try await operations.add(
                EvidenceOperationsTests.pieces(bytes), stated: StatedFile(name: "letter.txt"), to: event, by: writer,
                from: .cli)
            let rows = try await handle.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM evidence_frames").first(decodingColumn: "n", as: Int.self)
            }
            switch location {
            case .sqlite(let path):
                #expect(rows == 0)
                let folder = SQLRecordStore.evidenceFolder(ofDatabaseAt: path)
                let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
                #expect(files.count == 1 && files[0].hasPrefix(item.id + "."))
                let size =
                    try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(files[0]).path)[
                        .size] as? Int
                // Three frames, each with its 4-byte length and 16-byte tag.
                #expect(size == bytes.count + 3 * (4 + FrameCipher.overhead))
            case .postgres:
                #expect(rows == 3)
            }
            #expect(try await EvidenceOperationsTests.read(try await store.evidenceReader(item)) == bytes)
        }
    }

    @Test(
        "frames no item reads (an intake killed before its item was committed) are swept once a day old, never an item's"
    )
    func straysAreSweptWhenOld() async throws {
        try await TestDatabase.withStore { store in
            let operations = EvidenceOperations(
                store: store, audit: AuditLog(database: store.database, clock: { Date() }, signer: nil))
            let event = try await store.create(Event(title: "Abduction"), by: writer).id
            let item = try await operations.add(
                EvidenceOperationsTests.pieces(EvidenceOperationsTests.file(size: 1000)),
                stated: StatedFile(name: "kept.txt"), to: event, by: writer, from: .cli)
            // Killed while writing, and killed between the frames being kept and the item's row.
            let sealed = Array(repeating: UInt8(9), count: 64)
            try await store.evidenceFrames.append([(0, sealed)], to: FrameSet(item: "evkilledwriting", key: "k1"))
            let orphan = FrameSet(item: "evkilledbeforecommit", key: "k1")
            try await store.evidenceFrames.append([(0, sealed), (1, sealed)], to: orphan)
            try await store.evidenceFrames.seal(orphan)
            #expect(try await store.evidenceStrays().count == 2)

            // Less than a day old: an intake may still be running.
            try await store.sweepEvidenceFrames(before: Date().addingTimeInterval(-86_400))
            #expect(try await store.evidenceStrays().count == 2)
            try await store.sweepEvidenceFrames(before: Date().addingTimeInterval(86_400))
            #expect(try await store.evidenceStrays().isEmpty)
            #expect(try await operations.verify().allSatisfy(\.isIntact))
            #expect(try await operations.verify().map(\.item) == [item.id])
        }
    }

    @Test("frames an earlier release kept as rows move into files when an embedded store opens, and read back whole")
    func rowsMoveIntoFiles() async throws {
        try await TestDatabase.withLocatedDatabase { handle, location in
            // PostgreSQL keeps its frames as rows: nothing moves.
            guard case .sqlite(let path) = location else { return }
            let protection = IdentityProtection.sealed(.ephemeral())
            let store = try await SQLRecordStore.open(
                handle, clock: { Date() }, logger: TestDatabase.logger, protection: protection)
            let operations = EvidenceOperations(
                store: store, audit: AuditLog(database: handle, clock: { Date() }, signer: nil))
            let event = try await store.create(Event(title: "Abduction"), by: writer).id
            let bytes = EvidenceOperationsTests.file(size: FrameCipher.frameSize + 300)
            let item = try await operations.add(
                EvidenceOperationsTests.pieces(bytes), stated: StatedFile(name: "scan.txt"), to: event, by: writer,
                from: .cli)
            // The layout before decision 0035: the same sealed frames as rows, a re-encryption's
            // staged rows left behind, and no folder.
            let set = FrameSet(item: item.id, key: try await SQLRecordStore.evidenceKeyID(of: item.id, in: handle))
            let fetch = store.evidenceFrames.fetcher(set)
            var frames: [[UInt8]] = []
            while let frame = try await fetch(frames.count) { frames.append(frame) }
            #expect(frames.count == 2)
            let earlier = frames.enumerated().map { (item.id, $0.offset, $0.element) }
            try await handle.write { db in
                let rows = earlier + [("\(item.id)~general-2", 0, [1, 2, 3])]
                for (name, index, frame) in rows {
                    try await db.raw(
                        """
                        INSERT INTO evidence_frames (item_id, idx, data, created_at)
                        VALUES (\(bind: name), \(bind: index), \(bind: Data(frame)), '2026-01-01T00:00:00Z')
                        """
                    ).run()
                }
            }
            try FileManager.default.removeItem(at: SQLRecordStore.evidenceFolder(ofDatabaseAt: path))

            let reopened = try await SQLRecordStore.open(
                handle, clock: { Date() }, logger: TestDatabase.logger, protection: protection)
            let rows = try await handle.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM evidence_frames").first(decodingColumn: "n", as: Int.self)
            }
            #expect(rows == 0)
            let item2 = try await reopened.evidenceItem(item.id, access: .operatorAccess)
            #expect(try await EvidenceOperationsTests.read(try await reopened.evidenceReader(item2)) == bytes)
            #expect(try await reopened.evidenceStrays().isEmpty)
        }
    }
}
