import Foundation
import SQLKit

extension AuditLog {
    /// The index and hash of the last custody entry of `item` the audit log records: the end of
    /// the item's chain as the signed audit log pins it (nil: none recorded).
    public func pinnedCustody(of item: String) async throws -> (index: Int, hash: String)? {
        let action = AuditEvent.Action.evidenceCustody.rawValue
        let details = try await database.read { db in
            try await db.raw(
                """
                SELECT details FROM audit_log WHERE action = \(bind: action) AND target = \(bind: item)
                ORDER BY seq DESC LIMIT 1
                """
            ).first(decodingColumn: "details", as: String.self)
        }
        guard let details,
            let fields = try? JSONDecoder().decode([String: String].self, from: Data(details.utf8)),
            let index = fields["index"].flatMap(Int.init), let hash = fields["hash"]
        else { return nil }
        return (index, hash)
    }
}
