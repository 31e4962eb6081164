import SQLKit
import WhereaboutsSecurity

/// What someone who can write the database, but holds no node key, does to hide a change to the
/// audit log: tests use it to show that `audit verify` still finds it.
public enum AuditTampering {
    /// Recomputes every entry's hash in order, and moves the head to the last entry.
    public static func rehashEverything(_ db: any SQLDatabase) async throws {
        var previous = AuditChain.origin
        for row in try await db.raw("SELECT * FROM audit_log ORDER BY seq").all() {
            let seq = try row.decode(column: "seq", as: Int.self)
            let fields =
                try [String(seq)]
                + ["at", "actor", "action", "target", "address", "outcome", "details"].map {
                    try row.decode(column: $0, as: String.self)
                }
            previous = AuditChain.hash(previous: previous, fields: fields)
            try await db.raw("UPDATE audit_log SET hash = \(bind: previous) WHERE seq = \(bind: seq)").run()
        }
        let last =
            try await db.raw("SELECT MAX(seq) AS n FROM audit_log").first(decodingColumn: "n", as: Int?.self) ?? nil
        try await db.raw("UPDATE audit_head SET seq = \(bind: last ?? 0), hash = \(bind: previous) WHERE id = 1").run()
    }
}
