import Foundation
import SQLKit
import WhereaboutsCore
import WhereaboutsDocuments

/// An assessment as recorded, with the evidence the reader asking may see.
public struct RecordedUNAssessment: Sendable, Hashable {
    /// A record or evidence item the assessment rests on.
    public struct Evidence: Sendable, Hashable {
        /// The record's id, or the evidence item's.
        public let reference: String
        /// The record it is, or the record the item hangs from.
        public let record: RecordID
        public let kind: RecordKind
        public let isItem: Bool
    }

    public let id: Int
    public let implementation: UNImplementation
    public let date: String
    public let assessedBy: String
    /// Shown only to a reader who sees every record and evidence item the assessment rests on: a
    /// note may describe them. To any other reader it is nil, as for an assessment without one.
    public let note: String?
    /// Only what the reader may see: the others are neither shown nor counted.
    public let evidence: [Evidence]
    public let recordedBy: String
    public let recordedAt: String
}

extension SQLRecordStore {
    /// Appends `assessment` to the assessments of recommendation `number` of `symbol`; nothing
    /// recorded before is changed. Every record or evidence item it rests on must be one `access`
    /// sees: another is "not found", exactly as one that does not exist. `alsoInTransaction` runs in
    /// the same transaction.
    public func recordUNAssessment(
        _ assessment: UNAssessment, symbol: UNSymbol, number: String, by actor: String, access: RecordAccess,
        at now: Date, alsoInTransaction: (@Sendable (any SQLDatabase) async throws -> Void)? = nil
    ) async throws {
        try Self.requireISODay(assessment.date)
        let assessedBy = assessment.assessedBy.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !assessedBy.isEmpty, assessedBy.count <= 200 else {
            throw StoreError.invalid([FieldIssue(path: "/assessedBy", message: "say who made the assessment")])
        }
        let note = assessment.note.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        let held = try await heldUNSymbol(symbol) ?? symbol
        let references = Array(Set(assessment.evidence.map { $0.trimmingCharacters(in: .whitespaces) }))
            .filter { !$0.isEmpty }.sorted()
        // Record pages show the assessments resting on them, so the store's generation moves on.
        try await changingWrite { db in
            let id = try await Self.recommendationID(held, number, in: db)
            var evidence: [(reference: String, record: String, isItem: Bool)] = []
            for reference in references {
                if let record = RecordID(reference) {
                    _ = try await self.visibleRow(record, access: access, in: db)
                    evidence.append((reference, record.description, false))
                } else {
                    let item = try await self.visibleEvidenceRow(reference, access: access, in: db)
                    evidence.append((reference, item.record_id, true))
                }
            }
            let row = try await db.raw(
                """
                INSERT INTO un_assessments (recommendation_id, implementation, assessed_on, assessed_by, note, recorded_by, recorded_at)
                VALUES (\(bind: id), \(bind: assessment.implementation.rawValue), \(bind: assessment.date), \(bind: assessedBy),
                    \(bind: note), \(bind: actor), \(bind: Timestamp.format(now)))
                RETURNING id
                """
            ).first()
            guard let assessmentID = try row?.decode(column: "id", as: Int.self) else {
                throw StoreError.damaged("an assessment was written without an id")
            }
            for item in evidence {
                try await db.raw(
                    """
                    INSERT INTO un_assessment_evidence (assessment_id, reference, record_id, is_item)
                    VALUES (\(bind: assessmentID), \(bind: item.reference), \(bind: item.record), \(bind: item.isItem ? 1 : 0))
                    """
                ).run()
            }
            try await alsoInTransaction?(db)
        }
    }

    /// The assessments of recommendation `number` of `symbol`, oldest first, each with the evidence
    /// `access` may see (evidence items only with identity access, as their pages).
    public func unAssessments(symbol: UNSymbol, number: String, access: RecordAccess) async throws
        -> [RecordedUNAssessment]
    {
        let held = try await heldUNSymbol(symbol) ?? symbol
        let items: SQLQueryString = access.seesIdentities ? "" : " AND e.is_item = 0"
        let (rows, evidenceRows, totals) = try await database.read { db in
            (
                try await db.raw(
                    """
                    SELECT a.* FROM un_assessments a JOIN un_recommendations u ON u.id = a.recommendation_id
                    WHERE u.symbol = \(bind: held.description) AND u.number = \(bind: number)
                    ORDER BY a.assessed_on, a.id
                    """
                ).all(),
                try await db.raw(
                    """
                    SELECT e.assessment_id, e.reference, e.record_id, e.is_item, r.kind FROM un_assessment_evidence e
                    JOIN un_assessments a ON a.id = e.assessment_id
                    JOIN un_recommendations u ON u.id = a.recommendation_id
                    JOIN records r ON r.id = e.record_id
                    WHERE u.symbol = \(bind: held.description) AND u.number = \(bind: number) AND r.deleted = 0\(items)
                        \(access.visibleClause(recordColumn: "r.id"))
                    ORDER BY e.reference
                    """
                ).all(),
                try await Self.evidenceCounts(
                    of:
                        "SELECT a.id FROM un_assessments a JOIN un_recommendations u ON u.id = a.recommendation_id WHERE u.symbol = \(bind: held.description) AND u.number = \(bind: number)",
                    in: db)
            )
        }
        var evidence: [Int: [RecordedUNAssessment.Evidence]] = [:]
        for row in evidenceRows {
            guard let record = RecordID(try row.decode(column: "record_id", as: String.self)),
                let kind = RecordKind(rawValue: try row.decode(column: "kind", as: String.self))
            else { continue }
            evidence[try row.decode(column: "assessment_id", as: Int.self), default: []].append(
                RecordedUNAssessment.Evidence(
                    reference: try row.decode(column: "reference", as: String.self), record: record, kind: kind,
                    isItem: try row.decode(column: "is_item", as: Int.self) != 0))
        }
        return try rows.map { row in
            let id = try row.decode(column: "id", as: Int.self)
            return RecordedUNAssessment(
                id: id,
                implementation: UNImplementation(rawValue: try row.decode(column: "implementation", as: String.self))
                    ?? .none,
                date: try row.decode(column: "assessed_on", as: String.self),
                assessedBy: try row.decode(column: "assessed_by", as: String.self),
                note: try Self.readableNote(row, seeing: evidence[id]?.count ?? 0, of: totals[id] ?? 0),
                evidence: evidence[id] ?? [],
                recordedBy: try row.decode(column: "recorded_by", as: String.self),
                recordedAt: try row.decode(column: "recorded_at", as: String.self))
        }
    }

    /// An assessment row's note for a reader who sees `seen` of the `total` records and evidence items
    /// it rests on: only one who sees them all reads it (``RecordedUNAssessment/note``).
    static func readableNote(_ row: any SQLRow, seeing seen: Int, of total: Int) throws -> String? {
        seen == total ? try row.decode(column: "note", as: String?.self) : nil
    }

    /// How many records and evidence items each assessment selected by `assessments` (a query of
    /// assessment ids) rests on, whoever may see them: a reader who sees fewer is not shown its note.
    static func evidenceCounts(of assessments: SQLQueryString, in db: any SQLDatabase) async throws -> [Int: Int] {
        let rows = try await db.raw(
            """
            SELECT assessment_id, COUNT(*) AS total FROM un_assessment_evidence
            WHERE assessment_id IN (\(assessments)) GROUP BY assessment_id
            """
        ).all()
        var totals: [Int: Int] = [:]
        for row in rows {
            totals[try row.decode(column: "assessment_id", as: Int.self)] = try row.decode(
                column: "total", as: Int.self)
        }
        return totals
    }

    /// The implementation each recommendation stood at on `day` (every assessment when nil): the
    /// latest assessment's by then, by recommendation id; those never assessed are absent.
    func unImplementations(document: SQLQueryString, until day: String?, in db: any SQLDatabase) async throws
        -> [Int: (implementation: UNImplementation, date: String)]
    {
        let until: SQLQueryString = day.map { " AND a.assessed_on <= \(bind: $0)" } ?? ""
        let rows = try await db.raw(
            """
            SELECT a.recommendation_id, a.implementation, a.assessed_on FROM un_assessments a
            JOIN un_recommendations u ON u.id = a.recommendation_id
            WHERE 1 = 1\(document)\(until) ORDER BY a.recommendation_id, a.assessed_on, a.id
            """
        ).all()
        var latest: [Int: (implementation: UNImplementation, date: String)] = [:]
        for row in rows {
            guard
                let implementation = UNImplementation(
                    rawValue: try row.decode(column: "implementation", as: String.self))
            else { continue }
            latest[try row.decode(column: "recommendation_id", as: Int.self)] = (
                implementation, try row.decode(column: "assessed_on", as: String.self)
            )
        }
        return latest
    }

    /// Refuses a day not written `YYYY-MM-DD`.
    static func requireISODay(_ day: String, path: String = "/date") throws {
        guard day.range(of: #"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"#, options: .regularExpression) != nil else {
            throw StoreError.invalid([FieldIssue(path: path, message: "a day is written YYYY-MM-DD")])
        }
    }
}
