import Foundation
import SQLKit
import WhereaboutsEvidence

/// One item's sealed frames under one data key: the frames an item is read from (its current key),
/// or those a re-encryption writes beside them (`staged`) before they are swapped in.
public struct FrameSet: Hashable, Sendable {
    public let item: String
    public let key: String
    /// Written by a re-encryption beside the item's current frames, not yet swapped in.
    public let staged: Bool

    public init(item: String, key: String, staged: Bool = false) {
        self.item = item
        self.key = key
        self.staged = staged
    }
}

/// Where sealed evidence frames are kept (decision 0035): files in the data folder for the embedded
/// store, rows of `evidence_frames` for PostgreSQL, which several servers share. Either way frames
/// are written before the item's row is committed and made durable by ``seal(_:)`` first, so a
/// committed item always has its frames; frames whose item was never committed are swept later.
public protocol EvidenceFrameStorage: Sendable {
    /// Appends frames, in order, to a set being written.
    func append(_ frames: [(index: Int, sealed: [UInt8])], to set: FrameSet) async throws
    /// Makes a written set durable and readable; called before the row that names it is committed.
    func seal(_ set: FrameSet) async throws
    /// Fetches frame `index` of a sealed set (nil: no such frame).
    func fetcher(_ set: FrameSet) -> EvidenceReader.FetchFrame
    /// Removes a set, whether written in full or in part.
    func remove(_ set: FrameSet) async throws
    /// In the transaction that moves an item from `old` onto `staged`'s key: whatever the storage
    /// must do there for the item to be read from `staged` once the transaction commits.
    func promote(_ staged: FrameSet, replacing old: FrameSet, in db: any SQLDatabase) async throws
    /// After that transaction committed: lets `old` go.
    func release(_ old: FrameSet) async throws
    /// Removes sets last written before `cutoff` that no item reads from (`current` gives each
    /// committed item's key): what an intake or a re-encryption killed part-way left.
    func sweep(before cutoff: Date, current: [String: String]) async throws
    /// Every sealed set an item reads from, as `current` gives them, present in this storage.
    func present(_ current: [String: String]) async throws -> Set<FrameSet>
    /// The names of what is stored that no item reads from (whatever its age): what a sweep removes
    /// once it is old enough.
    func strays(_ current: [String: String]) async throws -> [String]
}
