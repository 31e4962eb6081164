import Foundation
import SQLKit
import WhereaboutsCore

extension SQLRecordStore {
    /// Inserts or replaces terms, in one transaction, and refreshes the in-memory index.
    public func upsert(terms: [VocabularyTerm]) async throws {
        let batches = stride(from: 0, to: terms.count, by: 200).map { Array(terms[$0..<min($0 + 200, terms.count)]) }
        try await changingWrite { db in
            for batch in batches {
                var values: [SQLQueryString] = []
                for term in batch {
                    let labels = String(decoding: try JSONEncoder.canonical.encode(term.labels), as: UTF8.self)
                    values.append(
                        """
                        (\(bind: term.scheme.rawValue), \(bind: term.code), \(bind: term.parentCode), \(bind: labels),
                            \(bind: term.huridocsCode), \(bind: term.sortOrder))
                        """)
                }
                try await db.raw(
                    """
                    INSERT INTO vocabulary_terms (scheme, code, parent_code, labels, huridocs_code, sort_order)
                    VALUES \(values.joined(separator: ", "))
                    ON CONFLICT (scheme, code) DO UPDATE SET parent_code = excluded.parent_code,
                        labels = excluded.labels, huridocs_code = excluded.huridocs_code, sort_order = excluded.sort_order
                    """
                ).run()
            }
        }
        try await reloadVocabulary()
    }

    /// Every term of a scheme (every scheme when `nil`), in order.
    public func terms(_ scheme: VocabularyScheme? = nil) async throws -> [VocabularyTerm] {
        let rows = try await database.read { db in
            if let scheme {
                return try await db.raw(
                    """
                    SELECT scheme, code, parent_code, labels, huridocs_code, sort_order FROM vocabulary_terms
                    WHERE scheme = \(bind: scheme.rawValue) ORDER BY sort_order, code
                    """
                ).all(decoding: TermRow.self)
            }
            return try await db.raw(
                """
                SELECT scheme, code, parent_code, labels, huridocs_code, sort_order FROM vocabulary_terms
                ORDER BY scheme, sort_order, code
                """
            ).all(decoding: TermRow.self)
        }
        return try rows.map { try $0.term() }
    }

    func reloadVocabulary() async throws {
        let index = VocabularyIndex(try await terms())
        vocabulary.withLock { $0 = index }
    }
}

struct TermRow: Decodable {
    let scheme: String
    let code: String
    let parent_code: String?
    let labels: String
    let huridocs_code: String?
    let sort_order: Int

    func term() throws -> VocabularyTerm {
        VocabularyTerm(
            scheme: VocabularyScheme(scheme), code: code, parentCode: parent_code,
            labels: try JSONDecoder().decode([String: String].self, from: Data(labels.utf8)),
            huridocsCode: huridocs_code, sortOrder: sort_order)
    }
}
