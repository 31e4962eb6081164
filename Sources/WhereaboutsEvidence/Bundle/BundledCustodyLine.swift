/// One line of `whereabouts/custody/<item>.jsonl`: a custody entry opened (`from`, `to`, `note`),
/// with the fields as stored (`stored`: sealed, as the chain's hashes cover them), so anyone can
/// recompute the chain without the installation's keys.
public struct BundledCustodyLine: Sendable, Hashable, Codable {
    public let item: String
    public let index: Int
    public let event: String
    public let actor: String
    public let at: String
    public let from: String
    public let to: String
    public let note: String
    public let stored: Stored
    public let previous: String
    public let hash: String

    /// The sealed fields as the store keeps them.
    public struct Stored: Sendable, Hashable, Codable {
        public let from: String
        public let to: String
        public let note: String
    }

    /// `entry` as stored, with its opened fields.
    public init(entry: CustodyEntry, from: String, to: String, note: String) {
        item = entry.item
        index = entry.index
        event = entry.event.rawValue
        actor = entry.actor
        at = entry.at
        self.from = from
        self.to = to
        self.note = note
        stored = Stored(from: entry.fromHash, to: entry.toHash, note: entry.note)
        previous = entry.previous
        hash = entry.hash
    }

    /// The chained entry as stored (nil for an event this version does not know).
    public var entry: CustodyEntry? {
        CustodyEntry.Event(rawValue: event).map { event in
            CustodyEntry(
                item: item, index: index, event: event, actor: actor, at: at, fromHash: stored.from,
                toHash: stored.to, note: stored.note, previous: previous, hash: hash)
        }
    }
}
