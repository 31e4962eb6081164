import Foundation
import SQLKit

/// What someone who can write the database does to a stored evidence item's frames: tests use it to
/// show that verification and downloads find it.
public enum EvidenceTampering {
    /// Flips bit `mask` of byte `offset` of frame `frame` of `item`.
    public static func flipByte(
        of item: String, frame: Int = 0, at offset: Int = 0, mask: UInt8 = 1, in db: any SQLDatabase
    ) async throws {
        guard
            let stored = try await db.raw(
                "SELECT data FROM evidence_frames WHERE item_id = \(bind: item) AND idx = \(bind: frame)"
            ).first(decodingColumn: "data", as: Data.self)
        else { return }
        var bytes = Array(stored)
        bytes[offset] ^= mask
        try await db.raw(
            "UPDATE evidence_frames SET data = \(bind: Data(bytes)) WHERE item_id = \(bind: item) AND idx = \(bind: frame)"
        ).run()
    }

    /// Swaps frames `first` and `second` of `item`.
    public static func swapFrames(of item: String, _ first: Int, _ second: Int, in db: any SQLDatabase) async throws {
        for (from, to) in [(first, -1), (second, first), (-1, second)] {
            try await db.raw(
                "UPDATE evidence_frames SET idx = \(bind: to) WHERE item_id = \(bind: item) AND idx = \(bind: from)"
            ).run()
        }
    }

    /// Removes frame `frame` of `item`.
    public static func removeFrame(of item: String, _ frame: Int, in db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM evidence_frames WHERE item_id = \(bind: item) AND idx = \(bind: frame)").run()
    }
}
