import Crypto
import Foundation

/// One link of an item's chain of custody: what happened to the item, who did it, when, and the
/// content hash before and after (equal when nothing changed, the parent's and the copy's for a
/// derivation). Each entry's hash covers the one before it, so an entry altered, removed or
/// inserted breaks every later hash; the audit log, whose checkpoints are signed, holds each
/// entry's hash too, which pins the chain's end.
public struct CustodyEntry: Sendable, Hashable, Codable {
    /// What happened.
    public enum Event: String, Sendable, Hashable, Codable, CaseIterable {
        /// The file was taken in.
        case intake
        /// The file was downloaded (its bytes handed out).
        case download
        /// The file was shown (previewed) to a reader.
        case view
        /// A copy was made (to another item or store).
        case copy
        /// A new item was derived from this one (redacted, transcribed, re-encoded).
        case derivation
        /// This item was derived from another (`fromHash` is the parent's content).
        case derivedFrom = "derived-from"
        /// The file left the installation in an export or bundle.
        case export
        /// A timestamp authority's token over the item's content was kept (decision 0029).
        case timestamp
        /// The content was sealed again under a newer data key; the bytes are unchanged (decision 0029).
        case reencryption
    }

    public let item: String
    /// 0 for the first entry.
    public let index: Int
    public let event: Event
    public let actor: String
    public let at: String
    public let fromHash: String
    public let toHash: String
    /// The note as stored (sealed, so the chain can be checked without opening it).
    public let note: String
    /// The hash of the entry before (of the item's id for the first).
    public let previous: String
    public let hash: String

    /// The entry that follows `previous` (nil: the first of `item`'s chain).
    public init(
        after previous: CustodyEntry?, item: String, event: Event, actor: String, at: String, fromHash: String,
        toHash: String, note: String
    ) {
        self.init(
            item: item, index: (previous?.index ?? -1) + 1, event: event, actor: actor, at: at, fromHash: fromHash,
            toHash: toHash, note: note, previous: previous?.hash ?? Self.genesis(item), hash: nil)
    }

    /// An entry as stored; `hash` nil computes it.
    public init(
        item: String, index: Int, event: Event, actor: String, at: String, fromHash: String, toHash: String,
        note: String, previous: String, hash: String?
    ) {
        self.item = item
        self.index = index
        self.event = event
        self.actor = actor
        self.at = at
        self.fromHash = fromHash
        self.toHash = toHash
        self.note = note
        self.previous = previous
        self.hash =
            hash
            ?? Self.computeHash(
                previous: previous, fields: [item, String(index), event.rawValue, actor, at, fromHash, toHash, note])
    }

    /// The hash this entry's fields and predecessor give.
    public var expectedHash: String {
        Self.computeHash(
            previous: previous, fields: [item, String(index), event.rawValue, actor, at, fromHash, toHash, note])
    }

    /// What the first entry of `item`'s chain follows.
    public static func genesis(_ item: String) -> String {
        SHA256.hash(data: Array("whereabouts custody v1;\(item)".utf8)).hex
    }

    static func computeHash(previous: String, fields: [String]) -> String {
        // Each field length-prefixed, so no two different entries give the same bytes.
        let bytes = ([previous] + fields).flatMap { Array("\($0.utf8.count):\($0);".utf8) }
        return SHA256.hash(data: bytes).hex
    }
}
