import Foundation
import Logging
import SQLKit
import Synchronization
import WhereaboutsCore

/// The one store every read and write of records goes through, on SQLite or PostgreSQL.
///
/// Every write validates first (the record's own rules, vocabulary codes, references) and then
/// writes the record, its new version, its references, facets and search text in one transaction.
/// Updates carry the version the caller read; a stale one is refused with ``StoreError/conflict(_:current:)``.
public final class SQLRecordStore: Sendable {
    public let database: any DatabaseHandle
    let clock: @Sendable () -> Date
    let logger: Logger
    let vocabulary: Mutex<VocabularyIndex>
    let generationMemo = Mutex(GenerationMemo())
    /// SQLite: whether the writer's temporary tables hold index rows to move in at the end of the
    /// write (``flushPendingIndexes(in:)``). SQLite has one writer, so one flag is enough.
    let indexRowsPending = Mutex(false)
    /// How identifying fields are kept: sealed under the keyring's data keys in the product.
    public let protection: IdentityProtection
    /// Where evidence frames are kept: files beside an SQLite database, rows on PostgreSQL (decision 0035).
    public let evidenceFrames: any EvidenceFrameStorage

    /// Opens a store on `database`, bringing its schema up to date and loading the built-in vocabularies.
    /// Identifying fields are sealed under `protection`'s keyring; data written before sealing
    /// existed is sealed on the first open (``sealAll(progress:)``).
    public static func open(
        _ database: any DatabaseHandle, clock: @escaping @Sendable () -> Date, logger: Logger,
        protection: IdentityProtection
    ) async throws -> SQLRecordStore {
        try await Migrator.migrate(database, now: clock())
        if database.dialect == .sqlite {
            // On the one writer connection, for as long as it is open (``flushPendingIndexes(in:)``).
            // Blind rows pending have no index by seq: they hold only the current transaction's rows,
            // and a record's are removed by seq only when the same transaction changes it again.
            try await database.write { db in
                for statement: SQLQueryString in [
                    "CREATE TEMP TABLE IF NOT EXISTS blind_pending (digest TEXT NOT NULL, seq INTEGER NOT NULL)",
                    "CREATE TEMP TABLE IF NOT EXISTS search_pending (seq INTEGER PRIMARY KEY, content TEXT NOT NULL)",
                    "CREATE TEMP TABLE IF NOT EXISTS grams_pending (seq INTEGER PRIMARY KEY, grams TEXT NOT NULL)",
                ] {
                    try await db.raw(statement).run()
                }
            }
        }
        let store = SQLRecordStore(database: database, clock: clock, logger: logger, protection: protection)
        // Placed again first (if the rules changed), so that sealing picks each record's compartment
        // from where it belongs, not from where an older rule had put it.
        try await store.replaceAllIfPending()
        try await store.moveEvidenceFramesIntoFiles()
        try await store.prepareKeys()
        if try await store.terms(.violationStatus).isEmpty {
            try await store.upsert(terms: try HuridocsThesaurus.bundled())
        }
        try await store.upsert(terms: BuiltInVocabulary.terms)
        return store
    }

    private init(
        database: any DatabaseHandle, clock: @escaping @Sendable () -> Date, logger: Logger,
        protection: IdentityProtection
    ) {
        self.protection = protection
        self.database = database
        evidenceFrames = Self.evidenceFrameStorage(for: database, clock: clock)
        self.clock = clock
        self.logger = logger
        self.vocabulary = Mutex(VocabularyIndex())
    }

    /// The current vocabularies.
    public var vocabularyIndex: VocabularyIndex { vocabulary.withLock { $0 } }

    /// Whether the database answers.
    public func ping() async -> Bool {
        (try? await database.read { db in try await db.raw("SELECT 1 AS one").first() != nil }) ?? false
    }

    public func close() async { await database.close() }
}

/// The row of `records` a read returns.
struct RecordRow: Decodable {
    let seq: Int
    let id: String
    let kind: String
    let version: Int
    let title: String
    let body: String
    let identity: String?
    let deleted: Int
    let created_at: String
    let created_by: String
    let updated_at: String
    let updated_by: String

    static let columns: SQLQueryString = columns(prefix: "")

    /// The columns, each prefixed with a table alias such as `r.`.
    static func columns(prefix: String) -> SQLQueryString {
        let names = [
            "seq", "id", "kind", "version", "title", "body", "identity", "deleted", "created_at", "created_by",
            "updated_at", "updated_by",
        ]
        return SQLQueryString(names.map { prefix + $0 }.joined(separator: ", "))
    }

    /// The record as `access` may see it: without identifying fields, and with a pseudonym for a
    /// person's name, unless the reader sees identities (then they are opened with `opener`).
    func record(access: RecordAccess, opener: IdentityOpener) throws -> StoredRecord {
        guard let kind = RecordKind(rawValue: kind), let id = RecordID(id) else {
            throw StoreError.damaged("record row \(seq) has kind '\(kind)' and id '\(id)'")
        }
        let identity = try opener.identity(self.identity, record: self.id, for: access)
        let body = Redaction.consented(try RecordCodec.decode(kind: kind, body: body, identity: identity))
        let shown = access.seesIdentities ? body : try opener.pseudonymised(body, id: id)
        let metadata = RecordMetadata(
            id: id, kind: kind, version: version,
            title: try opener.title(kind: kind, stored: title, id: id, access: access),
            createdAt: created_at, createdBy: created_by, updatedAt: updated_at, updatedBy: updated_by,
            deleted: deleted != 0)
        return StoredRecord(metadata: metadata, body: shown)
    }
}
