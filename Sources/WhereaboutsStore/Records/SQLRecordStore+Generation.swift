import Foundation
import SQLKit
import Synchronization

/// What the store last learnt of the data's generation.
struct GenerationMemo: Sendable {
    var value = -1
    var checkedAt = Date.distantPast
    /// Writes committed through this store so far, and how many of them the value reflects.
    var writes = 0
    var writesSeen = -1
}

extension SQLRecordStore {
    /// How long a generation read from the database is trusted before it is read again; writes
    /// through this store are seen at once, writes by another process within this time.
    static var generationFreshness: TimeInterval { 0.25 }

    /// The generation of the stored data: it changes whenever a record, its placement in
    /// compartments or a vocabulary changes, in this process or in another one.
    public func generation() async throws -> Int {
        let now = clock()
        let memo = generationMemo.withLock { $0 }
        if memo.writesSeen == memo.writes, now.timeIntervalSince(memo.checkedAt) < Self.generationFreshness {
            return memo.value
        }
        let value = try await database.read { db in
            try await db.raw("SELECT value FROM store_generation WHERE id = 1").first(
                decodingColumn: "value", as: Int.self)
                ?? 0
        }
        generationMemo.withLock { latest in
            // Kept only if no write committed since this read began and it is not older than what is kept.
            if latest.writes == memo.writes, value >= latest.value {
                latest.value = value
                latest.checkedAt = now
                latest.writesSeen = memo.writes
            }
        }
        return value
    }

    /// Runs a write transaction that changes the data and moves the generation on; once it has
    /// committed, this process's next ``generation()`` reads the new value.
    func changingWrite<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        defer { generationMemo.withLock { $0.writes += 1 } }
        return try await database.write { db in
            let result = try await body(db)
            try await self.flushPendingIndexes(in: db)
            try await db.raw("UPDATE store_generation SET value = value + 1 WHERE id = 1").run()
            return result
        }
    }
}
