import Foundation
import SQLKit
import WhereaboutsSecurity

/// What `audit verify` found.
public struct AuditVerification: Sendable {
    public var entries = 0
    public var checkpoints = 0
    /// Each problem, saying where; empty when the log is intact.
    public var problems: [String] = []
    public var isIntact: Bool { problems.isEmpty }
}

extension AuditLog {
    /// Walks the whole chain in order, recomputing every hash, and compares it with the head and
    /// with every signed checkpoint. Reports changed entries (their hash no longer matches their
    /// fields and predecessor), removed ones (gaps in the numbering, a head or checkpoint beyond the
    /// last entry), inserted or moved ones (a hash that does not follow from its predecessor, time
    /// running backwards), and a chain rewritten wholesale (a signed checkpoint it no longer matches).
    public func verify() async throws -> AuditVerification {
        var result = AuditVerification()
        var previousHash = AuditChain.origin
        var previousSeq = 0
        var previousAt = ""
        var hashes: [Int: String] = [:]
        let checkpoints = try self.checkpoints?.read() ?? []
        let wanted = Set(checkpoints.map(\.seq))
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
        for (index, checkpoint) in checkpoints.enumerated() {
            result.checkpoints += 1
            guard checkpoint.validSignature else {
                result.problems.append(
                    "checkpoint line \(index + 1) has no valid signature: the checkpoint file was altered")
                continue
            }
            if checkpoint.seq > previousSeq {
                result.problems.append(
                    "entries \(previousSeq + 1)–\(checkpoint.seq) were removed: a signed checkpoint covers entry \(checkpoint.seq)"
                )
            } else if hashes[checkpoint.seq] != checkpoint.hash {
                result.problems.append(
                    "the chain up to entry \(checkpoint.seq) differs from its signed checkpoint: entries up to \(checkpoint.seq) were rewritten"
                )
            }
        }
        return result
    }
}
