import Foundation
import SQLKit
import WhereaboutsCore

extension SQLRecordStore {
    /// Finds live records by text and filters, newest first, with cursor pagination.
    ///
    /// Terms of three or more characters use the trigram index (FTS5 on SQLite, `pg_trgm` on
    /// PostgreSQL); terms of one or two letters or digits (납치, 拉致, 김) use the index of characters and
    /// character pairs; other short terms (`5%`) are matched by scanning the same normalised text.
    ///
    /// Only records `access` may see are found. Readers without identity access do not find persons
    /// or sources by text (their names and testimony would otherwise be confirmed by a hit), and see
    /// persons' pseudonyms as titles.
    public func search(_ query: SearchQuery, access: RecordAccess) async throws -> Page<SearchHit> {
        access.reads?.noteSearch()
        let limit = Self.pageSize(query)
        let statement = try Self.searchStatement(
            query, access: try await filtering(access), blind: blindQuery(query.text, access: access),
            dialect: database.dialect)
        let rows = try await database.read { db in try await db.raw(statement).all(decoding: HitRow.self) }
        let next = rows.count > limit ? Cursor.encode(rows[limit - 1].seq) : nil
        return try await openingKeys {
            Page(
                items: try rows.prefix(limit).compactMap { try $0.hit(access: access, opener: opener) },
                nextCursor: next)
        }
    }

    static func pageSize(_ query: SearchQuery) -> Int { min(max(query.limit, 1), 200) }

    /// The SQL a search runs (one row more than a page, to know whether another page follows).
    /// Public so that the benchmark can run the very same statement straight on the database.
    public static func searchStatement(
        _ query: SearchQuery, access: RecordAccess, blind: BlindQuery?, dialect: StoreDialect
    ) throws -> SQLQueryString {
        let limit = pageSize(query)
        let before = try query.cursor.map(Cursor.decode) ?? Int.max
        var sql: SQLQueryString = """
            SELECT r.seq, r.id, r.kind, r.title, r.version, r.date_from, r.date_to, r.updated_at
            """
        sql += matching(query, access: access, blind: blind, dialect: dialect)
        sql += " AND r.seq < \(bind: before) ORDER BY r.seq DESC LIMIT \(bind: limit + 1)"
        return sql
    }

    /// How many records of each kind a search finds (ignoring its kind filter and cursor), counting
    /// at most `cap` in all so that a very common term stays quick.
    public func searchCounts(
        _ query: SearchQuery, access: RecordAccess, cap: Int = 10_000
    ) async throws -> [RecordKind: Int] {
        access.reads?.noteSearch()
        var all = query
        all.kinds = []
        var sql: SQLQueryString = "SELECT m.kind, COUNT(*) AS n FROM (SELECT r.kind"
        sql += Self.matching(
            all, access: try await filtering(access), blind: blindQuery(query.text, access: access),
            dialect: database.dialect)
        sql += " LIMIT \(bind: cap)) m GROUP BY m.kind"
        let statement = sql
        let rows = try await database.read { db in try await db.raw(statement).all() }
        var result: [RecordKind: Int] = [:]
        for row in rows {
            if let kind = RecordKind(rawValue: try row.decode(column: "kind", as: String.self)) {
                result[kind] = try row.decode(column: "n", as: Int.self)
            }
        }
        return result
    }

    /// The blind-index digests a query's text needs, under every compartment's index key; `nil`
    /// when the reader may not find people by identifying text or the text gives no terms.
    public func blindQuery(_ text: String, access: RecordAccess) -> BlindQuery? {
        guard access.seesIdentities else { return nil }
        var seen = Set<[String]>()
        let groups = SearchText.terms(text).flatMap(BlindTerms.required).filter { seen.insert($0).inserted }
        guard !groups.isEmpty else { return nil }
        let sealers =
            protection.keyring.map { keyring in
                keyring.indexKeys.map { RecordSealer(sealKey: nil, indexKey: $0) }
            } ?? [.unsealed]
        return BlindQuery(
            groups: groups.map { group in sealers.flatMap { sealer in group.map(sealer.digest) } })
    }

    /// `FROM … WHERE …` of a search: the records it matches, without order or paging.
    ///
    /// With a ``BlindQuery``, a record matches when all terms are in its clear search text, or all
    /// are among its blind-index terms (a person's name parts, a testimony's words).
    static func matching(
        _ query: SearchQuery, access: RecordAccess, blind: BlindQuery?, dialect: StoreDialect
    ) -> SQLQueryString {
        let terms = SearchText.terms(query.text)
        var sql: SQLQueryString = " FROM records r"
        if !terms.isEmpty, let blind {
            sql += " WHERE r.deleted = 0 AND (r.seq IN (\(clearMatches(terms, dialect: dialect))) OR r.seq IN ("
            sql +=
                "SELECT b.seq FROM record_blind_index b WHERE b.digest IN (\(binds: blind.digests)) GROUP BY b.seq HAVING "
            // Each group counts once whichever of its digests the record has.
            let groups: [SQLQueryString] = blind.groups.map { group in
                "MAX(CASE WHEN b.digest IN (\(binds: group)) THEN 1 ELSE 0 END)"
            }
            sql += groups.joined(separator: " + ")
            sql += " >= \(bind: blind.groups.count)))"
        } else if !terms.isEmpty {
            sql +=
                dialect == .sqlite
                ? " JOIN record_search s ON s.rowid = r.seq" : " JOIN record_search s ON s.seq = r.seq"
            sql += " WHERE r.deleted = 0"
            sql += textConditions(terms, dialect: dialect)
        } else {
            sql += " WHERE r.deleted = 0"
        }
        if !query.kinds.isEmpty { sql += " AND r.kind IN (\(binds: query.kinds.map(\.rawValue)))" }
        if !terms.isEmpty, !access.seesIdentities {
            // A hit on a person or source would confirm a name or a testimony's title is in the data.
            let identified = RecordKind.allCases.filter { $0.bodyType.summaryIdentifies }.map(\.rawValue)
            sql += " AND r.kind NOT IN (\(binds: identified))"
        }
        sql += access.visibleRecordClause
        sql += facetClauses(query, access: access)
        return sql
    }

    /// The sequence numbers of records whose clear search text has every term.
    private static func clearMatches(_ terms: [String], dialect: StoreDialect) -> SQLQueryString {
        dialect == .sqlite
            ? "SELECT s.rowid FROM record_search s WHERE 1 = 1" + textConditions(terms, dialect: dialect)
            : "SELECT s.seq FROM record_search s WHERE 1 = 1" + textConditions(terms, dialect: dialect)
    }

    /// ` AND …` conditions on the search row `s` (and, on SQLite, its FTS table) for every term.
    private static func textConditions(_ terms: [String], dialect: StoreDialect) -> SQLQueryString {
        var sql: SQLQueryString = ""
        let long = terms.filter { $0.count >= 3 }
        let grams = terms.filter(SearchText.isGram)
        let scanned = terms.filter { $0.count < 3 && !SearchText.isGram($0) }
        switch dialect {
        case .sqlite:
            if !long.isEmpty {
                let match = long.map { "\"" + $0 + "\"" }.joined(separator: " AND ")
                sql += " AND record_search MATCH \(bind: match)"
            }
            if !grams.isEmpty {
                let match = grams.map { "\"" + $0 + "\"" }.joined(separator: " AND ")
                sql += " AND s.rowid IN (SELECT rowid FROM record_grams WHERE record_grams MATCH \(bind: match))"
            }
            for term in scanned { sql += " AND instr(s.content, \(bind: term)) > 0" }
        case .postgres:
            for term in long + scanned {
                sql += " AND s.content LIKE \(bind: "%" + Self.escapeLike(term) + "%") ESCAPE '\\'"
            }
            if !grams.isEmpty {
                sql += " AND s.grams @> string_to_array(\(bind: grams.joined(separator: " ")), ' ')"
            }
        }
        return sql
    }

    /// Date-range and facet conditions. A facet that rolls up from other records (an act's violation
    /// type for its victim) counts only when the reader may see the records it rolls up from: a filter
    /// must never answer for a record of a desk the reader is not in.
    private static func facetClauses(_ query: SearchQuery, access: RecordAccess) -> SQLQueryString {
        var sql: SQLQueryString = ""
        if let from = query.from { sql += " AND r.date_to >= \(bind: from.iso)" }
        if let to = query.to { sql += " AND r.date_from <= \(bind: to.iso)" }
        for (name, values) in query.facetFilters {
            // The record's own facets, or those of visible live records that roll up into it (one or two steps).
            sql += """
                 AND (r.seq IN (
                    SELECT f.seq FROM record_facets f
                    WHERE f.name = \(bind: name.rawValue) AND f.value IN (\(binds: values)))
                  OR r.id IN (
                    SELECT a.to_id FROM record_facets f JOIN records fr ON fr.seq = f.seq AND fr.deleted = 0
                    JOIN record_refs a ON a.from_id = fr.id AND a.rolls_up = 1
                    WHERE f.name = \(bind: name.rawValue) AND f.value IN (\(binds: values))
                """
            sql += access.visibleClause(recordColumn: "fr.id")
            sql += """
                    UNION SELECT b.to_id FROM record_facets f JOIN records fr ON fr.seq = f.seq AND fr.deleted = 0
                    JOIN record_refs a ON a.from_id = fr.id AND a.rolls_up = 1
                    JOIN records mid ON mid.id = a.to_id AND mid.deleted = 0
                    JOIN record_refs b ON b.from_id = a.to_id AND b.rolls_up = 1
                    WHERE f.name = \(bind: name.rawValue) AND f.value IN (\(binds: values))
                """
            sql += access.visibleClause(recordColumn: "fr.id")
            sql += access.visibleClause(recordColumn: "mid.id")
            sql += "))"
        }
        return sql
    }

    /// Escapes `%`, `_` and the escape character itself for a LIKE pattern.
    static func escapeLike(_ term: String) -> String {
        term.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}

/// The digests a search's text needs from the blind index: every group, each satisfied by any of its
/// digests (a term's exact terms and its name key, under every index key — a record, sealed in one
/// compartment, has digests under one key only).
public struct BlindQuery: Sendable {
    let groups: [[String]]
    var digests: [String] { Array(Set(groups.flatMap { $0 })).sorted() }
}

private struct HitRow: Decodable {
    let seq: Int
    let id: String
    let kind: String
    let title: String
    let version: Int
    let date_from: String?
    let date_to: String?
    let updated_at: String

    func hit(access: RecordAccess, opener: IdentityOpener) throws -> SearchHit? {
        guard let id = RecordID(id), let kind = RecordKind(rawValue: kind) else { return nil }
        return SearchHit(
            id: id, kind: kind, title: try opener.title(kind: kind, stored: title, id: id, access: access),
            version: version, dateFrom: date_from, dateTo: date_to,
            updatedAt: updated_at)
    }
}
