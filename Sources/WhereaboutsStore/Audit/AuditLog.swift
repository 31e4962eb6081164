import Foundation
import SQLKit
import WhereaboutsSecurity

/// Something that happened that the audit keeps: who, what, to what, from where, with what outcome.
public struct AuditEvent: Sendable, Hashable, Codable {
    /// What kind of thing happened; the codes are stable (filters and alerts use them).
    public enum Action: String, Sendable, Codable, CaseIterable {
        case signIn = "sign-in"
        case signInCode = "sign-in-code"
        case signOutEverywhere = "sign-out-everywhere"
        case accountCreated = "account-created"
        case accountChanged = "account-changed"
        case accountDisabled = "account-disabled"
        case accountEnabled = "account-enabled"
        case accountReset = "account-reset"
        case accountSetUp = "account-set-up"
        case secondFactorSetUp = "second-factor-set-up"
        case tokenCreated = "token-created"
        case tokenRevoked = "token-revoked"
        case compartmentCreated = "compartment-created"
        case recordRestored = "record-restored"
        case import_ = "import"
        case export
        case auditVerified = "audit-verified"
        case keysRotated = "keys-rotated"
        case keysReencrypted = "keys-reencrypted"
        case keysSplit = "keys-split"
        case keysRecovered = "keys-recovered"
        /// A signed-in reader who sees identities opened a record or page showing them.
        case identityRead = "identity-read"
        case search
        /// One account read identities faster than the configured limit.
        case bulkReadAlert = "bulk-read-alert"
        case backupCreated = "backup-created"
        case backupRestored = "backup-restored"
        /// `whereabouts link` or a tracing request proposed matches for review.
        case matchesProposed = "matches-proposed"
        /// A reviewer decided whether two records are the same person.
        case matchDecided = "match-decided"
        /// A checkpoint was timestamped by an outside authority (`audit anchor`).
        case auditAnchored = "audit-anchored"
        /// An entry was added to an evidence item's chain of custody (intake, download, derivation…);
        /// its details hold the entry's index and hash, which pin the chain's end.
        case evidenceCustody = "evidence-custody"
        /// A UN document was read into the store (`un import`).
        case unDocumentImported = "un-document-imported"
        /// A State's response on a UN recommendation was recorded.
        case unResponseRecorded = "un-response-recorded"
        /// A recommendation was linked to a record that shows its (non-)implementation.
        case unRecommendationLinked = "un-recommendation-linked"
        /// An assessment of how far a UN recommendation is implemented was recorded.
        case unAssessmentRecorded = "un-assessment-recorded"
        /// A recommendation was linked to an earlier one it repeats.
        case unRepeatLinked = "un-repeat-linked"
        /// Recommendations were read from another database's export (UHRI, UPR Info).
        case unRecommendationsImported = "un-recommendations-imported"
        /// A reader had statistics made from the records they may see: an overlap table estimated from
        /// (its hash, the grouping, strata, method and seed in the details; never a count).
        case statisticsRead = "statistics-read"
    }

    public enum Outcome: String, Sendable, Codable { case success, failure, refused }

    public let actor: String
    public let action: Action
    public let target: String
    public let address: String
    public let outcome: Outcome
    /// Short facts (never secrets, never names of people in the records).
    public let details: [String: String]

    public init(
        actor: String, action: Action, target: String = "", address: String = "", outcome: Outcome = .success,
        details: [String: String] = [:]
    ) {
        self.actor = String(actor.prefix(200))
        self.action = action
        self.target = String(target.prefix(200))
        self.address = String(address.prefix(64))
        self.outcome = outcome
        self.details = details
    }
}

/// One entry as stored.
public struct AuditEntry: Sendable, Hashable {
    public let seq: Int
    public let at: String
    public let event: AuditEvent
    public let hash: String
}

/// The append-only, hash-chained audit log (decisions 0007, 0019). Every `checkpointEvery` entries,
/// and when asked, this node signs a checkpoint of the chain's head; the checkpoints form a chain of
/// their own, stored in the database every server of the installation shares.
public final class AuditLog: Sendable {
    let database: any DatabaseHandle
    let clock: @Sendable () -> Date
    /// This node's signing key (from its key folder, never the data folder); nil signs no checkpoints.
    public let signer: AuditNodeKey?
    let checkpointEvery: Int

    public init(
        database: any DatabaseHandle, clock: @escaping @Sendable () -> Date, signer: AuditNodeKey?,
        checkpointEvery: Int = 100
    ) {
        self.database = database
        self.clock = clock
        self.signer = signer
        self.checkpointEvery = max(1, checkpointEvery)
    }

    /// Appends an event to the chain (in its own transaction) and returns its entry.
    @discardableResult
    public func record(_ event: AuditEvent) async throws -> AuditEntry {
        guard let entry = try await record([event]).first else { throw StoreError.damaged("nothing appended") }
        return entry
    }

    /// Appends events to the chain in one transaction, in order, and returns their entries.
    @discardableResult
    public func record(_ events: [AuditEvent]) async throws -> [AuditEntry] {
        guard !events.isEmpty else { return [] }
        return try await database.write { db in try await self.record(events, in: db) }
    }

    /// Appends events to the chain inside a transaction the caller holds, so an action and its audit
    /// entry commit together or not at all (the application layer's use-cases). A checkpoint that falls
    /// due is signed in the same transaction.
    public func record(_ events: [AuditEvent], in db: any SQLDatabase) async throws -> [AuditEntry] {
        guard !events.isEmpty else { return [] }
        let encoded = try events.map { event in
            (event, String(decoding: try JSONEncoder.sortedKeys.encode(event.details), as: UTF8.self))
        }
        // Locked for the transaction on PostgreSQL, so two appends — from this process or another
        // server on the same database — never both build on the same head (SQLite runs one write
        // transaction at a time anyway).
        let lock: SQLQueryString = database.dialect == .postgres ? " FOR UPDATE" : ""
        guard
            let head = try await db.raw("SELECT seq, hash FROM audit_head WHERE id = 1\(lock)").first()
        else { throw StoreError.damaged("the audit chain has no head") }
        var seq = try head.decode(column: "seq", as: Int.self)
        var previous = try head.decode(column: "hash", as: String.self)
        // The time is read under the lock, so the order of entries is the order of their times; and
        // never before the entry it follows, even when servers' clocks disagree by a little.
        let at = try await Self.time(after: seq, now: clock(), in: db)
        var entries: [AuditEntry] = []
        for (event, details) in encoded {
            seq += 1
            let hash = AuditChain.hash(
                previous: previous, fields: Self.fields(seq: seq, at: at, event: event, details: details))
            try await db.raw(
                """
                INSERT INTO audit_log (seq, at, actor, action, target, address, outcome, details, hash)
                VALUES (\(bind: seq), \(bind: at), \(bind: event.actor), \(bind: event.action.rawValue),
                    \(bind: event.target), \(bind: event.address), \(bind: event.outcome.rawValue), \(bind: details), \(bind: hash))
                """
            ).run()
            previous = hash
            entries.append(AuditEntry(seq: seq, at: at, event: event, hash: hash))
        }
        try await db.raw("UPDATE audit_head SET seq = \(bind: seq), hash = \(bind: previous) WHERE id = 1").run()
        try await signCheckpointIfDue(entries, in: db)
        return entries
    }

    /// The stored time for an entry that follows entry `seq`: `now`, or the previous entry's time
    /// when this server's clock is behind the one that wrote it.
    static func time(after seq: Int, now: Date, in db: any SQLDatabase) async throws -> String {
        let stamp = Timestamp.format(now)
        guard seq > 0,
            let last = try await db.raw("SELECT at FROM audit_log WHERE seq = \(bind: seq)").first(
                decodingColumn: "at", as: String.self),
            let lastDate = Timestamp.parse(last), lastDate > now
        else { return stamp }
        return last
    }

    /// The fields an entry's hash covers, in order.
    static func fields(seq: Int, at: String, event: AuditEvent, details: String) -> [String] {
        [
            String(seq), at, event.actor, event.action.rawValue, event.target, event.address, event.outcome.rawValue,
            details,
        ]
    }

    /// Entries, newest first, filtered by actor and action, `limit` at a time before `beforeSeq`.
    public func entries(
        actor: String? = nil, action: AuditEvent.Action? = nil, beforeSeq: Int? = nil, limit: Int = 100
    ) async throws -> [AuditEntry] {
        var sql: SQLQueryString =
            "SELECT seq, at, actor, action, target, address, outcome, details, hash FROM audit_log WHERE 1 = 1"
        if let actor { sql += " AND actor = \(bind: actor)" }
        if let action { sql += " AND action = \(bind: action.rawValue)" }
        if let beforeSeq { sql += " AND seq < \(bind: beforeSeq)" }
        sql += " ORDER BY seq DESC LIMIT \(bind: min(max(limit, 1), 1000))"
        let statement = sql
        return try await database.read { db in try await db.raw(statement).all() }.compactMap(Self.entry)
    }

    static func entry(_ row: any SQLRow) -> AuditEntry? {
        guard let seq = try? row.decode(column: "seq", as: Int.self),
            let action = (try? row.decode(column: "action", as: String.self)).flatMap(
                AuditEvent.Action.init(rawValue:)),
            let outcome = (try? row.decode(column: "outcome", as: String.self)).flatMap(
                AuditEvent.Outcome.init(rawValue:)),
            let detailsText = try? row.decode(column: "details", as: String.self)
        else { return nil }
        let details = (try? JSONDecoder().decode([String: String].self, from: Data(detailsText.utf8))) ?? [:]
        return AuditEntry(
            seq: seq, at: (try? row.decode(column: "at", as: String.self)) ?? "",
            event: AuditEvent(
                actor: (try? row.decode(column: "actor", as: String.self)) ?? "", action: action,
                target: (try? row.decode(column: "target", as: String.self)) ?? "",
                address: (try? row.decode(column: "address", as: String.self)) ?? "", outcome: outcome, details: details
            ),
            hash: (try? row.decode(column: "hash", as: String.self)) ?? "")
    }
}

extension JSONEncoder {
    /// Keys sorted, so the same details always encode to the same text (the chain hashes it).
    static var sortedKeys: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
