import Foundation
import SQLKit
import WhereaboutsSecurity

extension AuditLog {
    /// Signs a checkpoint of the new head, inside the appending transaction, when `entries` crossed a
    /// multiple of ``checkpointEvery``: the checkpoint commits with the entries or not at all, and the
    /// head's lock orders checkpoints as it orders entries, whichever server appends.
    func signCheckpointIfDue(_ entries: [AuditEntry], in db: any SQLDatabase) async throws {
        guard let first = entries.first, let last = entries.last,
            last.seq / checkpointEvery > (first.seq - 1) / checkpointEvery
        else { return }
        try await signCheckpoint(headSeq: last.seq, headHash: last.hash, in: db)
    }

    /// Signs a checkpoint of the current head (at the end of a CLI command, on the server's timer and
    /// when it stops), unless the newest checkpoint covers it already.
    public func checkpoint() async throws {
        guard signer != nil else { return }
        // Locked as an append locks it, so no entry lands between reading the head and signing it.
        let lock: SQLQueryString = database.dialect == .postgres ? " FOR UPDATE" : ""
        try await database.write { db in
            guard let head = try await db.raw("SELECT seq, hash FROM audit_head WHERE id = 1\(lock)").first() else {
                throw StoreError.damaged("the audit chain has no head")
            }
            let seq = try head.decode(column: "seq", as: Int.self)
            guard seq > 0 else { return }
            try await self.signCheckpoint(
                headSeq: seq, headHash: try head.decode(column: "hash", as: String.self), in: db)
        }
    }

    /// Appends the next checkpoint of the checkpoint chain, covering `headSeq`, unless the newest
    /// covers it already. The caller holds the head's lock.
    private func signCheckpoint(headSeq: Int, headHash: String, in db: any SQLDatabase) async throws {
        guard let signer else { return }
        let newest = try await db.raw("\(unsafeRaw: Self.checkpointColumns) ORDER BY number DESC LIMIT 1").first()
            .flatMap(Self.checkpoint)
        if let newest, newest.headSeq == headSeq, newest.headHash == headHash { return }
        let installation =
            try await db.raw("SELECT name FROM installation WHERE id = 1").first(
                decodingColumn: "name", as: String.self)
            ?? ""
        let checkpoint = try AuditCheckpoint.sign(
            number: (newest?.number ?? 0) + 1, previous: newest?.hash ?? AuditChain.origin, headSeq: headSeq,
            headHash: headHash, at: Timestamp.format(clock()), installation: installation, key: signer)
        try await db.raw(
            """
            INSERT INTO audit_checkpoints (number, previous, head_seq, head_hash, at, node, installation, signature, hash)
            VALUES (\(bind: checkpoint.number), \(bind: checkpoint.previous), \(bind: checkpoint.headSeq),
                \(bind: checkpoint.headHash), \(bind: checkpoint.at), \(bind: checkpoint.node),
                \(bind: checkpoint.installation), \(bind: checkpoint.signature.base64EncodedString()),
                \(bind: checkpoint.hash))
            """
        ).run()
    }

    /// Every stored checkpoint, in order of number (as stored: ``verify(trusting:)`` checks them).
    public func checkpoints() async throws -> [AuditCheckpoint] {
        try await database.read { db in
            try await db.raw("\(unsafeRaw: Self.checkpointColumns) ORDER BY number").all()
        }.compactMap(Self.checkpoint)
    }

    /// The newest stored checkpoint, if any.
    public func newestCheckpoint() async throws -> AuditCheckpoint? {
        try await database.read { db in
            try await db.raw("\(unsafeRaw: Self.checkpointColumns) ORDER BY number DESC LIMIT 1").first()
        }.flatMap(Self.checkpoint)
    }

    static let checkpointColumns =
        "SELECT number, previous, head_seq, head_hash, at, node, installation, signature FROM audit_checkpoints"

    static func checkpoint(_ row: any SQLRow) -> AuditCheckpoint? {
        guard let number = try? row.decode(column: "number", as: Int.self),
            let headSeq = try? row.decode(column: "head_seq", as: Int.self)
        else { return nil }
        func text(_ column: String) -> String { (try? row.decode(column: column, as: String.self)) ?? "" }
        return AuditCheckpoint(
            number: number, previous: text("previous"), headSeq: headSeq, headHash: text("head_hash"), at: text("at"),
            node: text("node"), installation: text("installation"),
            signature: Data(base64Encoded: text("signature")) ?? Data())
    }
}
