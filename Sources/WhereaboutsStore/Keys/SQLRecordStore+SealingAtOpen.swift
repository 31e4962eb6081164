import Foundation
import SQLKit
import WhereaboutsCore
import WhereaboutsSecurity

/// Sealing at open: the data keys loaded and completed, and whatever was written in clear (before
/// sealing existed, or before a field was declared identifying) sealed under its compartment's newest key.
extension SQLRecordStore {
    /// At open: loads the data keys, gives every compartment its keys and the installation its
    /// pseudonym key, and seals what was written before sealing existed.
    func prepareKeys() async throws {
        guard let keyring = protection.keyring else { return }
        try await keyring.reload(from: database)
        for id in keyring.unreadableKeys {
            logger.error(
                "a data key does not open (damaged or altered): what it sealed stays unreadable, the rest works",
                metadata: ["key": .string(id)])
        }
        _ = try await keyring.installationKey(.pseudonym, in: database, now: Timestamp.format(clock()))
        let compartments = try await database.read { db in
            try await db.raw("SELECT id FROM compartments").all(decodingColumn: "id", as: String.self)
        }
        try await keyring.ensureKeys(for: Set(compartments), in: database, now: Timestamp.format(clock()))
        let pending = try await database.read { db in
            try await db.raw("SELECT id FROM sealing_pending").first() != nil
        }
        if pending {
            logger.notice("sealing identifying fields written before sealing existed")
            if try await sealAll() > 0 { try await reclaimSealedSpace() }
            try await database.write { db in try await db.raw("DELETE FROM sealing_pending").run() }
        }
        try await sealAccountSecrets(keyring)
    }

    /// After values were sealed in place: the full-text tables' old segments merged and the files
    /// rewritten, so the clear text (or the ciphertext under a retired key) they replaced is not left in
    /// free pages, old segments or the log for someone with a copy of the data folder.
    func reclaimSealedSpace() async throws {
        logger.notice("rewriting the database so that the values just sealed leave no copy behind")
        if database.dialect == .sqlite {
            try await database.write { db in
                for table in ["record_search", "record_grams"] {
                    try await db.raw("INSERT INTO \(unsafeRaw: table) (\(unsafeRaw: table)) VALUES ('optimize')").run()
                }
            }
        }
        try await database.reclaimFreedSpace()
    }

    /// Seals second-factor secrets stored before sealing existed.
    private func sealAccountSecrets(_ keyring: Keyring) async throws {
        let clear = try await database.read { db in
            try await db.raw(
                "SELECT id, totp_secret FROM users WHERE totp_secret IS NOT NULL AND totp_secret NOT LIKE 'wh1.%'"
            )
            .all()
        }
        guard !clear.isEmpty else { return }
        let key = try await keyring.accountSecretsKey(in: database, now: Timestamp.format(clock()))
        try await database.write { db in
            for row in clear {
                let id = try row.decode(column: "id", as: String.self)
                let secret = try row.decode(column: "totp_secret", as: String.self)
                let sealed = try SealedValue.seal(secret, with: key, record: id, field: "totp")
                try await db.raw(
                    "UPDATE users SET totp_secret = \(bind: sealed) WHERE id = \(bind: id) AND totp_secret = \(bind: secret)"
                ).run()
            }
        }
    }

    /// How many values ``sealAll(progress:)`` would look at.
    public func sealableCount() async throws -> Int {
        let identified = RecordKind.allCases.filter { !$0.bodyType.identityFields.isEmpty }.map(\.rawValue)
        return try await database.read { db in
            let records =
                try await db.raw("SELECT COUNT(*) AS n FROM records WHERE kind IN (\(binds: identified))")
                .first(decodingColumn: "n", as: Int.self) ?? 0
            let versions =
                try await db.raw("SELECT COUNT(*) AS n FROM record_versions WHERE identity IS NOT NULL")
                .first(decodingColumn: "n", as: Int.self) ?? 0
            return records + versions
        }
    }

    /// Seals every identifying value that is in clear text or under an older key of its compartment,
    /// with the compartment's newest key, and rebuilds the search and blind indexes of the records
    /// concerned. Works in batches, each its own transaction: stopped at any point (even killed), it
    /// leaves a consistent store and can simply run again. Versions are not bumped: no content changes.
    /// Returns how many values it sealed; `progress` hears (looked at, total) after each batch.
    @discardableResult
    public func sealAll(progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> Int {
        guard let keyring = protection.keyring else { return 0 }
        let total = try await sealableCount()
        let identified = RecordKind.allCases.filter { !$0.bodyType.identityFields.isEmpty }.map(\.rawValue)
        var looked = 0
        var sealed = 0
        var after = 0
        while true {
            let start = after
            let rows = try await database.read { db in
                try await db.raw(
                    """
                    SELECT \(RecordRow.columns) FROM records
                    WHERE kind IN (\(binds: identified)) AND seq > \(bind: start) ORDER BY seq LIMIT \(bind: Self.batchSize)
                    """
                ).all(decoding: RecordRow.self)
            }
            guard let last = rows.last else { break }
            after = last.seq
            let stale = rows.filter { needsSealing($0, keyring: keyring) }
            if !stale.isEmpty {
                sealed += try await openingKeys { try await reseal(stale) }
            }
            looked += rows.count
            progress?(looked, total)
        }
        try await forEachVersionPage(
            """
            SELECT r.id AS record_id, v.seq, v.version, v.identity, r.identity AS current_identity,
                r.title AS current_title
            FROM record_versions v JOIN records r ON r.seq = v.seq
            WHERE v.identity IS NOT NULL
            """
        ) { (rows: [VersionIdentityRow]) in
            let stale = rows.filter { row in
                guard let key = SealedValue.keyID(of: row.identity) else { return true }
                return !keyring.isCurrent(key)
            }
            if !stale.isEmpty {
                sealed += try await openingKeys { try await resealVersions(stale, keyring: keyring) }
            }
            looked += rows.count
            progress?(looked, total)
        }
        sealed += try await splitKeptVersions(identified: identified)
        return sealed
    }

    /// Reads kept versions a page at a time in key order (seq, version) — `query` selects them, ending in
    /// its WHERE conditions — and hands each page to `body`; stopped at any point, a later pass resumes.
    private func forEachVersionPage<Row: Decodable & Sendable & VersionKeyed>(
        _ query: SQLQueryString, _ body: ([Row]) async throws -> Void
    ) async throws {
        var after = (seq: 0, version: 0)
        while true {
            var sql = query
            sql += """
                 AND (v.seq > \(bind: after.seq) OR (v.seq = \(bind: after.seq) AND v.version > \(bind: after.version)))
                ORDER BY v.seq, v.version LIMIT \(bind: Self.batchSize * 2)
                """
            let statement = sql
            let rows = try await database.read { db in try await db.raw(statement).all(decoding: Row.self) }
            guard let last = rows.last else { return }
            after = (last.seq, last.version)
            try await body(rows)
        }
    }

    /// Kept versions whose clear body still holds fields their kind now declares identifying: the
    /// fields move into the version's sealed identity, under the key its record is sealed with.
    private func splitKeptVersions(identified: [String]) async throws -> Int {
        guard let keyring = protection.keyring else { return 0 }
        var split = 0
        try await forEachVersionPage(
            """
            SELECT r.id AS record_id, r.kind, v.seq, v.version, v.body, v.identity,
                r.identity AS current_identity, r.title AS current_title
            FROM record_versions v JOIN records r ON r.seq = v.seq
            WHERE v.body IS NOT NULL AND r.kind IN (\(binds: identified))
            """
        ) { (rows: [KeptVersionRow]) in
            let stale = rows.filter { row in
                RecordKind(rawValue: row.kind).map { Self.bodyHoldsIdentity(row.body, kind: $0) } ?? false
            }
            guard !stale.isEmpty else { return }
            split += try await openingKeys {
                try await self.database.write { db in
                    var count = 0
                    for row in stale {
                        guard let kind = RecordKind(rawValue: row.kind) else { continue }
                        let body = try RecordCodec.decode(
                            kind: kind, body: row.body,
                            identity: try self.opener.identity(row.identity, record: row.record_id))
                        let encoded = try RecordCodec.encode(body)
                        let compartment = try await self.sealedCompartment(
                            of: row.record_id, stored: row.current_identity ?? row.current_title, in: db)
                        let sealed = try keyring.sealer(for: compartment).seal(
                            encoded.identity, record: row.record_id, field: "identity")
                        try await db.raw(
                            """
                            UPDATE record_versions SET body = \(bind: encoded.body), identity = \(bind: sealed)
                            WHERE seq = \(bind: row.seq) AND version = \(bind: row.version) AND body = \(bind: row.body)
                            """
                        ).run()
                        count += 1
                    }
                    return count
                }
            }
        }
        return split
    }

    private func needsSealing(_ row: RecordRow, keyring: Keyring) -> Bool {
        guard let kind = RecordKind(rawValue: row.kind) else { return false }
        if Self.bodyHoldsIdentity(row.body, kind: kind) { return true }
        var stored = [row.identity].compactMap { $0 }
        if kind.bodyType.summaryIdentifies { stored.append(row.title) }
        return stored.contains { value in
            guard let key = SealedValue.keyID(of: value) else { return true }
            return !keyring.isCurrent(key)
        }
    }

    /// Whether a clear body still holds fields its kind now declares identifying (written before the
    /// kind declared them).
    static func bodyHoldsIdentity(_ body: String, kind: RecordKind) -> Bool {
        let identifying = kind.bodyType.identityFields
        return !identifying.isEmpty
            && (JSONObjectFields.split(Array(body.utf8)) ?? []).contains { identifying.contains($0.key) }
    }

    /// Seals records again under their compartment's newest keys (moving fields their kind declares
    /// identifying out of the clear body) and rebuilds their indexes.
    private func reseal(_ rows: [RecordRow]) async throws -> Int {
        let vocabulary = vocabularyIndex
        return try await changingWrite { db in
            var count = 0
            for row in rows {
                guard let kind = RecordKind(rawValue: row.kind), let id = RecordID(row.id) else { continue }
                let body = try RecordCodec.decode(
                    kind: kind, body: row.body, identity: try self.opener.identity(row.identity, record: row.id))
                let sealer = try await self.sealer(forExisting: row, in: db)
                let prepared = try PreparedRecord(body, id: id, vocabulary: vocabulary, sealer: sealer)
                let updated = try await db.raw(
                    """
                    UPDATE records SET title = \(bind: prepared.storedTitle), body = \(bind: prepared.encoded.body),
                        identity = \(bind: prepared.storedIdentity), date_from = \(bind: prepared.period?.from.iso), date_to = \(bind: prepared.period?.to.iso)
                    WHERE id = \(bind: row.id) AND version = \(bind: row.version)
                    RETURNING version
                    """
                ).all()
                // A record changed meanwhile was sealed by that change.
                guard updated.count == 1 else { continue }
                try await self.removeIndexes(id, seq: row.seq, in: db)
                if row.deleted == 0 { try await self.insertIndexes([(prepared, row.seq)], in: db) }
                count += 1
            }
            return count
        }
    }

    /// Seals kept versions' identifying fields again, under the newest key of the compartment their
    /// record is sealed in.
    private func resealVersions(_ rows: [VersionIdentityRow], keyring: Keyring) async throws -> Int {
        try await database.write { db in
            var count = 0
            for row in rows {
                let plain = try self.opener.identity(row.identity, record: row.record_id) ?? ""
                let current = row.current_identity ?? row.current_title
                let compartment = try await self.sealedCompartment(of: row.record_id, stored: current, in: db)
                let sealed = try keyring.sealer(for: compartment).seal(plain, record: row.record_id, field: "identity")
                try await db.raw(
                    """
                    UPDATE record_versions SET identity = \(bind: sealed)
                    WHERE seq = \(bind: row.seq) AND version = \(bind: row.version)
                        AND identity = \(bind: row.identity)
                    """
                ).run()
                count += 1
            }
            return count
        }
    }
}

/// A row of a kept version, as ``SQLRecordStore/forEachVersionPage(_:_:)`` pages through them.
private protocol VersionKeyed {
    var seq: Int { get }
    var version: Int { get }
}

private struct KeptVersionRow: Decodable, VersionKeyed {
    let record_id: String
    let kind: String
    let seq: Int
    let version: Int
    let body: String
    let identity: String?
    let current_identity: String?
    let current_title: String
}

private struct VersionIdentityRow: Decodable, VersionKeyed {
    let record_id: String
    let seq: Int
    let version: Int
    let identity: String
    let current_identity: String?
    let current_title: String
}
