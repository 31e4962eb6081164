import Foundation
import SQLKit
import WhereaboutsSecurity

/// What `audit verify` found.
public struct AuditVerification: Sendable {
    public var entries = 0
    public var checkpoints = 0
    /// Each problem, saying where and what was found; empty when nothing was tampered with.
    public var problems: [String] = []
    /// Entries after the newest signed checkpoint: nothing but the database vouches for them.
    public var unprotected: ClosedRange<Int>?
    /// The newest checkpoint, as checked.
    public var newestCheckpoint: AuditCheckpoint?
    /// No tampering found (entries after the newest checkpoint may still be unprotected).
    public var isIntact: Bool { problems.isEmpty }
    /// No tampering found, and the newest signed checkpoint covers the head.
    public var isIntactAndCovered: Bool { isIntact && unprotected == nil }
}

extension AuditLog {
    /// Walks the whole chain in order, recomputing every hash, and compares it with the head and with
    /// the chain of signed checkpoints, whose signatures are checked against `trusted` (by default this
    /// log's own signing key). Reports changed entries (their hash no longer matches their fields and
    /// predecessor), removed ones (gaps in the numbering, a head or checkpoint beyond the last entry),
    /// inserted or moved ones (a hash that does not follow from its predecessor, time running
    /// backwards), a chain rewritten wholesale (a signed checkpoint it no longer matches), deleted or
    /// rewritten checkpoints (gaps in their numbering, a `previous` that does not follow), checkpoints
    /// signed by a key the auditor does not trust, and the entries no checkpoint covers.
    public func verify(trusting trusted: TrustedKeys? = nil) async throws -> AuditVerification {
        let trusted = trusted ?? TrustedKeys(signer.map { [$0.publicKey] } ?? [])
        var result = AuditVerification()
        let checkpoints = try await self.checkpoints()
        let wanted = Set(checkpoints.map(\.headSeq))
        let (end, hashes) = try await verifyEntries(wanted: wanted, into: &result)
        let installation = try await Installation.name(database)
        var previous = AuditChain.origin
        var previousHead = 0
        for checkpoint in checkpoints {
            result.checkpoints += 1
            let number = checkpoint.number
            let expected = (result.newestCheckpoint?.number ?? 0) + 1
            if number != expected {
                result.problems.append(
                    "checkpoints \(expected)–\(number - 1) were deleted: the checkpoint numbering jumps to \(number)")
            } else if checkpoint.previous != previous {
                result.problems.append(
                    "checkpoint \(number) does not follow from checkpoint \(number - 1): the checkpoint chain was rewritten"
                )
            }
            if checkpoint.installation != installation {
                result.problems.append(
                    "checkpoint \(number) belongs to installation \(checkpoint.installation), not \(installation): it was copied in"
                )
            }
            switch checkpoint.check(trusted) {
            case .valid: break
            case .untrustedNode:
                result.problems.append(
                    "checkpoint \(number) is signed by \(checkpoint.node), which is not among the trusted keys: "
                        + "the signing key was swapped, or this node's key was never given to the auditor")
            case .invalid:
                result.problems.append(
                    "checkpoint \(number)'s signature does not verify with the trusted key of \(checkpoint.node): "
                        + "it was altered or signed with another key")
            }
            if checkpoint.headSeq < previousHead {
                result.problems.append(
                    "checkpoint \(number) covers entry \(checkpoint.headSeq), before the \(previousHead) of the checkpoint before it: the head was moved back"
                )
            }
            if checkpoint.headSeq > end {
                result.problems.append(
                    "entries \(end + 1)–\(checkpoint.headSeq) were removed: signed checkpoint \(number) covers entry \(checkpoint.headSeq)"
                )
            } else if hashes[checkpoint.headSeq] != checkpoint.headHash {
                result.problems.append(
                    "the chain up to entry \(checkpoint.headSeq) differs from signed checkpoint \(number): entries up to \(checkpoint.headSeq) were rewritten"
                )
            }
            previous = checkpoint.hash
            previousHead = max(previousHead, checkpoint.headSeq)
            result.newestCheckpoint = checkpoint
        }
        let covered = result.newestCheckpoint?.headSeq ?? 0
        if covered < end { result.unprotected = (covered + 1)...end }
        return result
    }

    /// Recomputes every entry's hash in order and compares the end with the head; returns the last
    /// entry's number and the hashes of the entries in `wanted`.
    private func verifyEntries(wanted: Set<Int>, into result: inout AuditVerification) async throws -> (
        end: Int, hashes: [Int: String]
    ) {
        var previousHash = AuditChain.origin
        var previousSeq = 0
        var previousAt = ""
        var hashes: [Int: String] = [:]
        while true {
            let after = previousSeq
            let rows = try await database.read { db in
                try await db.raw(
                    """
                    SELECT seq, at, actor, action, target, address, outcome, details, hash FROM audit_log
                    WHERE seq > \(bind: after) ORDER BY seq LIMIT 1000
                    """
                ).all()
            }
            guard !rows.isEmpty else { break }
            for row in rows {
                let seq = try row.decode(column: "seq", as: Int.self)
                let at = try row.decode(column: "at", as: String.self)
                let stored = try row.decode(column: "hash", as: String.self)
                let fields = [
                    String(seq), at, try row.decode(column: "actor", as: String.self),
                    try row.decode(column: "action", as: String.self),
                    try row.decode(column: "target", as: String.self),
                    try row.decode(column: "address", as: String.self),
                    try row.decode(column: "outcome", as: String.self),
                    try row.decode(column: "details", as: String.self),
                ]
                if seq != previousSeq + 1 {
                    result.problems.append(
                        "entries \(previousSeq + 1)–\(seq - 1) were removed (numbering jumps to \(seq))")
                }
                if AuditChain.hash(previous: previousHash, fields: fields) != stored {
                    result.problems.append(
                        "entry \(seq) was changed, inserted or moved: its hash does not follow from its fields and entry \(previousSeq)"
                    )
                }
                if at < previousAt {
                    result.problems.append("entry \(seq) is dated before entry \(previousSeq): entries were reordered")
                }
                if wanted.contains(seq) { hashes[seq] = stored }
                previousHash = stored
                previousSeq = seq
                previousAt = at
                result.entries += 1
            }
        }
        let head = try await database.read { db in
            try await db.raw("SELECT seq, hash FROM audit_head WHERE id = 1").first()
        }
        if let head {
            let headSeq = try head.decode(column: "seq", as: Int.self)
            let headHash = try head.decode(column: "hash", as: String.self)
            if headSeq != previousSeq || (headSeq > 0 && headHash != previousHash) {
                result.problems.append(
                    "the chain's head is at entry \(headSeq) but the log ends at \(previousSeq): the newest entries were removed or added by hand"
                )
            }
        }
        return (previousSeq, hashes)
    }
}
