import Foundation
import SQLKit
import WhereaboutsCore

/// Evidence items beside their records in an internal export (`export jsonl`, decision 0037): what
/// was stated and what intake found, never the content (bundles are how files leave).
extension SQLRecordStore {
    /// The items on any of `records` that `access` may see (its records visible, identities seen),
    /// oldest first; nothing for a reader without identity access.
    public func evidenceItems(onAnyOf records: [RecordID], access: RecordAccess) async throws -> [EvidenceItem] {
        guard access.seesIdentities, !records.isEmpty else { return [] }
        let rows = try await database.read { db in
            var rows: [EvidenceRow] = []
            for part in records.map(\.description).chunked(500) {
                rows += try await db.raw(
                    """
                    SELECT \(EvidenceRow.columns) FROM evidence_items WHERE record_id IN (\(binds: Array(part)))
                    ORDER BY created_at, id
                    """
                ).all(decoding: EvidenceRow.self)
            }
            // Asked of the few records that have items: each must be one `access` sees.
            var visible: Set<String> = []
            for record in Set(rows.map(\.record_id)) {
                if let id = RecordID(record), (try? await self.visibleRow(id, access: access, in: db)) != nil {
                    visible.insert(record)
                }
            }
            return rows.filter { visible.contains($0.record_id) }
        }
        return try await openingKeys { try rows.map(openEvidence) }
    }
}

/// An evidence item as a line of `export jsonl`: `{"evidence": {…}}`, which `import jsonl` passes over.
public struct EvidenceLine: Codable, Sendable {
    public let evidence: EvidenceItem

    public init(_ evidence: EvidenceItem) { self.evidence = evidence }
}
