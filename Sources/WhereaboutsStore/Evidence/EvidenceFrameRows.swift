import Foundation
import SQLKit
import WhereaboutsCore
import WhereaboutsEvidence

/// Sealed frames as rows of `evidence_frames` (decision 0022), for a store several servers share:
/// an item's frames are named by its id; a re-encryption's by `item~key` until they are swapped in.
struct EvidenceFrameRows: EvidenceFrameStorage {
    let database: any DatabaseHandle
    let clock: @Sendable () -> Date

    /// The name a set's rows carry ("~" never appears in an item's id).
    static func name(_ set: FrameSet) -> String { set.staged ? "\(set.item)~\(set.key)" : set.item }

    func append(_ frames: [(index: Int, sealed: [UInt8])], to set: FrameSet) async throws {
        guard !frames.isEmpty else { return }
        let now = Timestamp.format(clock())
        let name = Self.name(set)
        try await database.write { db in
            for frame in frames {
                try await db.raw(
                    """
                    INSERT INTO evidence_frames (item_id, idx, data, created_at)
                    VALUES (\(bind: name), \(bind: frame.index), \(bind: Data(frame.sealed)), \(bind: now))
                    """
                ).run()
            }
        }
    }

    /// Every batch was committed as it was written.
    func seal(_ set: FrameSet) async throws {}

    func fetcher(_ set: FrameSet) -> EvidenceReader.FetchFrame {
        let database = self.database
        let name = Self.name(set)
        return { index in
            try await database.read { db in
                try await db.raw(
                    "SELECT data FROM evidence_frames WHERE item_id = \(bind: name) AND idx = \(bind: index)"
                )
                .first(decodingColumn: "data", as: Data.self).map { Array($0) }
            }
        }
    }

    func remove(_ set: FrameSet) async throws {
        try await database.write { db in
            try await db.raw("DELETE FROM evidence_frames WHERE item_id = \(bind: Self.name(set))").run()
        }
    }

    /// The old rows go and the staged ones take the item's name, in the swap's own transaction.
    func promote(_ staged: FrameSet, replacing old: FrameSet, in db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM evidence_frames WHERE item_id = \(bind: Self.name(old))").run()
        try await db.raw(
            "UPDATE evidence_frames SET item_id = \(bind: staged.item) WHERE item_id = \(bind: Self.name(staged))"
        ).run()
    }

    func release(_ old: FrameSet) async throws {}

    func sweep(before cutoff: Date, current: [String: String]) async throws {
        let stamp = Timestamp.format(cutoff)
        try await database.write { db in
            try await db.raw(
                """
                DELETE FROM evidence_frames WHERE created_at < \(bind: stamp)
                    AND item_id NOT IN (SELECT id FROM evidence_items)
                """
            ).run()
        }
    }

    func strays(_ current: [String: String]) async throws -> [String] {
        try await database.read { db in
            try await db.raw("SELECT DISTINCT item_id FROM evidence_frames").all(
                decodingColumn: "item_id", as: String.self)
        }.filter { current[$0] == nil }.sorted()
    }

    func present(_ current: [String: String]) async throws -> Set<FrameSet> {
        let names = try await database.read { db in
            try await db.raw("SELECT DISTINCT item_id FROM evidence_frames").all(
                decodingColumn: "item_id", as: String.self)
        }
        return Set(names.compactMap { name in current[name].map { FrameSet(item: name, key: $0) } })
    }
}
