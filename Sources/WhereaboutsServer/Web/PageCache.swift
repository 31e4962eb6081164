import Synchronization
import WhereaboutsStore

/// Rendered page contents, kept while the data they show is unchanged.
///
/// An entry is keyed by the page, the language and everything about the reader that changes what
/// the page shows (their compartments, whether they see identities, whether they may edit), and it
/// is only used while the store's ``SQLRecordStore/generation()`` is the one it was rendered at: any
/// change to any record, placement or vocabulary retires every entry. The frame around the contents
/// (with the session's own CSRF token) is drawn for each request.
final class PageCache: Sendable {
    struct Entry: Sendable {
        let generation: Int
        let title: String
        let body: HTML
        /// How many records' identities the page showed (replayed to the read audit on every hit).
        let identityReads: Int
    }

    private let entries = Mutex<[String: Entry]>([:])
    let capacity: Int

    init(capacity: Int = 2_000) { self.capacity = capacity }

    /// The key of a page for a reader.
    static func key(_ page: String, language: Language, access: RecordAccess, canWrite: Bool) -> String {
        let compartments = access.compartments.map { $0.sorted().joined(separator: ",") } ?? "*"
        return [page, language.rawValue, compartments, access.seesIdentities ? "i" : "p", canWrite ? "w" : "r"]
            .joined(separator: "|")
    }

    func get(_ key: String, generation: Int) -> Entry? {
        entries.withLock { $0[key] }.flatMap { $0.generation == generation ? $0 : nil }
    }

    func put(_ key: String, _ entry: Entry) {
        entries.withLock { entries in
            if entries.count >= capacity {
                // Entries of older generations go first; if none, the cache starts again.
                let current = entries.filter { $0.value.generation == entry.generation }
                entries = current.count < capacity / 2 ? current : [:]
            }
            entries[key] = entry
        }
    }
}
