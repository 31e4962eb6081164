import Foundation
import WhereaboutsStore

/// What someone who can write the store's storage does to a stored evidence item's frames (rows
/// or files, decision 0035): tests use it to show that verification and downloads find it. The
/// item's frames are read, changed in memory and written back in their place.
public enum EvidenceTampering {
    /// Flips bit `mask` of byte `offset` of frame `frame` of `item`.
    public static func flipByte(
        of item: String, frame: Int = 0, at offset: Int = 0, mask: UInt8 = 1, in database: any DatabaseHandle
    ) async throws {
        try await rewrite(item, in: database) { frames in
            guard frames.indices.contains(frame) else { return }
            frames[frame][offset] ^= mask
        }
    }

    /// Swaps frames `first` and `second` of `item`.
    public static func swapFrames(of item: String, _ first: Int, _ second: Int, in database: any DatabaseHandle)
        async throws
    {
        try await rewrite(item, in: database) { frames in
            if frames.indices.contains(first), frames.indices.contains(second) { frames.swapAt(first, second) }
        }
    }

    /// Removes frame `frame` of `item`.
    public static func removeFrame(of item: String, _ frame: Int, in database: any DatabaseHandle) async throws {
        try await rewrite(item, in: database) { frames in if frames.indices.contains(frame) { frames.remove(at: frame) }
        }
    }

    private static func rewrite(
        _ item: String, in database: any DatabaseHandle, _ change: (inout [[UInt8]]) -> Void
    ) async throws {
        let storage = SQLRecordStore.evidenceFrameStorage(for: database)
        let set = FrameSet(item: item, key: try await SQLRecordStore.evidenceKeyID(of: item, in: database))
        let fetch = storage.fetcher(set)
        var frames: [[UInt8]] = []
        while let frame = try await fetch(frames.count) { frames.append(frame) }
        change(&frames)
        try await storage.remove(set)
        try await storage.append(frames.enumerated().map { ($0.offset, $0.element) }, to: set)
        try await storage.seal(set)
    }
}
