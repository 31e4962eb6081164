import SQLKit
import WhereaboutsCore

/// What published statistics can be broken down by. Each breakdown puts every record it counts in
/// exactly one category, so categories never overlap and no published count contains another:
/// - `violationType`: acts by the top level of the violation-type hierarchy (an act typed with a
///   narrower term counts under its top-level term only; other levels are not published, as two
///   levels side by side would let a suppressed count be worked out by subtraction);
/// - `fate`: persons by their current fate;
/// - `nationality`: persons by the set of their nationalities (`KP+KR` for a person with both).
public enum StatisticsBreakdown: String, Sendable, CaseIterable {
    case violationType = "violation-type"
    case fate
    case nationality

    var facet: FacetName {
        switch self {
        case .violationType: return .violationType
        case .fate: return .fate
        case .nationality: return .country
        }
    }

    var kind: RecordKind {
        switch self {
        case .violationType: return .act
        case .fate, .nationality: return .person
        }
    }
}

extension SQLRecordStore {
    /// Records `access` may see counted by `breakdown`, one category per record, ordered by label
    /// (never by count: the order of suppressed cells would tell their size). Records without a value
    /// for the breakdown are not counted.
    public func categoryCounts(
        by breakdown: StatisticsBreakdown, access: RecordAccess
    ) async throws -> [(label: String, count: Int)] {
        let vocabulary = vocabularyIndex
        var counts: [String: Int] = [:]
        for (values, count) in try await facetValueSets(breakdown.facet, kind: breakdown.kind, access: access) {
            var shown = values
            if breakdown == .violationType {
                // A stored lineage runs from the act's own term to its top-level one.
                let top = values.filter { vocabulary.term(.violationTypes, $0)?.parentCode == nil }
                let code = top.min() ?? values.min() ?? ""
                shown = [vocabulary.term(.violationTypes, code)?.label("en") ?? code]
            }
            counts[shown.joined(separator: "+"), default: 0] += count
        }
        return counts.sorted { $0.key < $1.key }.map { (label: $0.key, count: $0.value) }
    }

    /// Live records of `kind` that `access` may see and that have a value for `facet`, counted by
    /// the set of their values (sorted): each record once.
    func facetValueSets(
        _ facet: FacetName, kind: RecordKind, access: RecordAccess
    ) async throws -> [[String]: Int] {
        let separator: Character = "\u{1F}"
        let aggregate: SQLQueryString =
            database.dialect == .sqlite
            ? "group_concat(f.value, \(bind: String(separator)) ORDER BY f.value)"
            : "string_agg(f.value, \(bind: String(separator)) ORDER BY f.value)"
        let rows = try await database.read { db in
            try await db.raw(
                """
                SELECT per_record.vals, COUNT(*) AS n FROM (
                    SELECT \(aggregate) AS vals FROM record_facets f JOIN records r ON r.seq = f.seq
                    WHERE f.name = \(bind: facet.rawValue) AND r.kind = \(bind: kind.rawValue) AND r.deleted = 0
                        \(access.visibleRecordClause)
                    GROUP BY f.seq) per_record
                GROUP BY per_record.vals
                """
            ).all()
        }
        var result: [[String]: Int] = [:]
        for row in rows {
            let values = try row.decode(column: "vals", as: String.self).split(separator: separator).map(String.init)
            result[values, default: 0] += try row.decode(column: "n", as: Int.self)
        }
        return result
    }
}
