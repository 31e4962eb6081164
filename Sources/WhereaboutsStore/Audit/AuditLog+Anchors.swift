import Foundation
import SQLKit
import WhereaboutsSecurity

extension AuditLog {
    /// Keeps an anchor's token with the data.
    public func store(_ anchor: AuditAnchor) async throws {
        try await database.write { db in
            try await db.raw(
                """
                INSERT INTO audit_anchors (checkpoint, hash, time, tsa, token)
                VALUES (\(bind: anchor.checkpoint), \(bind: anchor.hash), \(bind: anchor.time), \(bind: anchor.tsa),
                    \(bind: anchor.token.base64EncodedString()))
                """
            ).run()
        }
    }

    /// What is wrong with the log, given an anchor an auditor kept: the checkpoint it witnessed must
    /// still be there, unchanged, in this installation. (The token itself is checked by its authority's
    /// certificate, outside the store.)
    public func problems(with anchor: AuditAnchor) async throws -> [String] {
        let installation = try await Installation.name(database)
        guard anchor.installation == installation else {
            return [
                "the anchor of checkpoint \(anchor.checkpoint) is for installation \(anchor.installation), not \(installation)"
            ]
        }
        let stored = try await database.read { db in
            try await db.raw("\(unsafeRaw: Self.checkpointColumns) WHERE number = \(bind: anchor.checkpoint)").first()
        }.flatMap(Self.checkpoint)
        guard let stored else {
            return [
                "checkpoint \(anchor.checkpoint), timestamped at \(anchor.time) covering entries 1–\(anchor.headSeq), is missing: "
                    + "checkpoints were deleted (and the entries they covered may be gone)"
            ]
        }
        guard stored.hash == anchor.hash else {
            return [
                "checkpoint \(anchor.checkpoint) differs from the one timestamped at \(anchor.time): the checkpoint chain was rewritten"
            ]
        }
        return []
    }
}
