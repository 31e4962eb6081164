import Synchronization

/// What one request opened of the records' identifying fields, noted by the store at the moment it
/// opens them (``IdentityOpener``), whatever the page, API route or kind: the read audit (decision
/// 0007) asks this rather than guessing from the request's path, so a new kind or page that shows
/// a name is audited without anyone remembering to list it.
public final class IdentityReads: Sendable {
    private let state = Mutex(State())

    private struct State {
        var records: Set<String> = []
        var replayed = 0
        var searched = false
        var lookups = 0
    }

    public init() {}

    /// The identifying fields (or the name in the title) of `record` were opened.
    func note(_ record: String) { state.withLock { _ = $0.records.insert(record) } }

    /// A search ran (audited as such whatever it found; its terms are never kept).
    func noteSearch() { state.withLock { $0.searched = true } }

    /// A record was asked for by id (a refused request that asked for one is audited as refused).
    public func noteLookup() { state.withLock { $0.lookups += 1 } }

    /// Identities shown again from a page rendered earlier (``count`` of that rendering).
    public func replay(_ count: Int) { state.withLock { $0.replayed += max(0, count) } }

    /// How many records' identities were shown.
    public var count: Int { state.withLock { $0.records.count + $0.replayed } }
    /// Whether a search ran.
    public var searched: Bool { state.withLock { $0.searched } }
    /// Whether a record was asked for by id.
    public var lookedUp: Bool { state.withLock { $0.lookups > 0 } }
}
