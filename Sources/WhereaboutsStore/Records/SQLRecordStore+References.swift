import Foundation
import SQLKit
import WhereaboutsCore

/// The references a write checks and follows.
extension SQLRecordStore {
    /// Throws the record's own issues together with its reference issues: every reference must name a
    /// live record of an allowed kind, or one created earlier in the transaction. Returns the kinds of
    /// the records they hang from (their parent references).
    @discardableResult
    func checkReferences(
        _ records: [PreparedRecord], createdEarlier: [RecordID: RecordKind], access: RecordAccess,
        in db: any SQLDatabase
    ) async throws -> [RecordID: RecordKind] {
        let inBatch = Dictionary(records.map { ($0.id, $0.kind) }, uniquingKeysWith: { first, _ in first })
        let unknown = Set(records.flatMap(\.references).map(\.id))
            .filter { createdEarlier[$0] == nil && inBatch[$0] == nil }
        var stored: [RecordID: RecordKind] = [:]
        if !unknown.isEmpty {
            let rows = try await db.raw(
                """
                SELECT r.id, r.kind FROM records r
                WHERE r.deleted = 0 AND r.id IN (\(binds: unknown.map(\.description))) \(access.visibleRecordClause)
                """
            ).all()
            for row in rows {
                if let id = RecordID(try row.decode(column: "id", as: String.self)),
                    let kind = RecordKind(rawValue: try row.decode(column: "kind", as: String.self))
                {
                    stored[id] = kind
                }
            }
        }
        var referred: [RecordID: RecordKind] = [:]
        for record in records {
            let issues = record.issues + record.referenceIssues { createdEarlier[$0] ?? inBatch[$0] ?? stored[$0] }
            if !issues.isEmpty { throw StoreError.invalid(issues) }
            // Placement needs only the kinds of what records hang from.
            for reference in record.references where reference.role == .parent {
                referred[reference.id] = createdEarlier[reference.id] ?? inBatch[reference.id] ?? stored[reference.id]
            }
        }
        return referred
    }

    /// The records a record refers to.
    func referenceTargets(of id: RecordID, in db: any SQLDatabase) async throws -> Set<String> {
        Set(
            try await db.raw("SELECT to_id FROM record_refs WHERE from_id = \(bind: id.description)")
                .all(decodingColumn: "to_id", as: String.self))
    }
}
