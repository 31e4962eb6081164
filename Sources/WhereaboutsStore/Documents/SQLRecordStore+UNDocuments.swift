import Foundation
import SQLKit
import WhereaboutsCore
import WhereaboutsDocuments

/// A UN document held in the store, as listed.
public struct UNDocumentSummary: Sendable, Hashable {
    public let symbol: UNSymbol
    public let kind: UNDocument.Kind
    public let title: String?
    public let issued: String?
    public let stateUnderReview: String?
    public let aliases: [UNSymbol]
    public let paragraphs: Int
    public let recommendations: Int
    public let importedBy: String
    public let importedAt: String
}

/// What importing a document did.
public enum UNImportOutcome: String, Sendable {
    /// The document is new to the store.
    case imported
    /// The same text was imported before: nothing changed.
    case unchanged
}

extension SQLRecordStore {
    /// Saves a document read by `UNDocumentReader`, in one transaction: the document, its paragraphs,
    /// footnotes and recommendations, and each recommendation's position in the document as its first
    /// response (stage `working-group-report`, dated the document's issue). Importing the same text
    /// again changes nothing; another text under a symbol already held is refused (a corrected
    /// document has its own symbol, `…/Corr.1`), except onto a document known only as another
    /// database lists it: the text fills that one in, each listed recommendation matched by number,
    /// else by its words, kept with all that hangs from it. `alsoInTransaction` runs in the same
    /// transaction.
    public func saveUNDocument(
        _ document: UNDocument, contentSHA256: String, by actor: String, at now: Date,
        alsoInTransaction: (@Sendable (UNImportOutcome, any SQLDatabase) async throws -> Void)? = nil
    ) async throws -> UNImportOutcome {
        let stamp = Timestamp.format(now)
        let encoder = JSONEncoder.canonical
        func json(_ value: some Encodable) throws -> String {
            String(decoding: try encoder.encode(value), as: UTF8.self)
        }
        let paragraphs = try document.paragraphs.map { ($0.number, try json($0)) }
        let footnotes = try document.footnotes.map { ($0.number, try json($0)) }
        let recommendations = try document.recommendations.map { ($0, try json($0), try json(UNThemes.of($0.text))) }
        let aliases = try json(document.aliases)
        return try await database.write { db in
            var listed: [HeldRecommendation] = []
            if let held = try await db.raw(
                "SELECT content_sha256 FROM un_documents WHERE symbol = \(bind: document.symbol.description)"
            ).first() {
                let heldSHA256 = try held.decode(column: "content_sha256", as: String.self)
                if heldSHA256 == contentSHA256 {
                    try await alsoInTransaction?(.unchanged, db)
                    return .unchanged
                }
                guard heldSHA256.hasPrefix(Self.listedContentPrefix) else {
                    throw StoreError.invalid([
                        FieldIssue(
                            path: "/symbol",
                            message:
                                "\(document.symbol) is already held with another text; a corrected document has its own symbol"
                        )
                    ])
                }
                // Known so far only as another database lists it: the text fills it in, and the
                // recommendations listed are kept (with their responses, links and assessments),
                // each taking the number and words the document gives it.
                listed = try await Self.heldRecommendations(document.symbol, in: db)
                try await db.raw(
                    """
                    UPDATE un_documents SET kind = \(bind: document.kind.rawValue), title = \(bind: document.title),
                        issued = \(bind: document.issued), state_under_review = \(bind: document.stateUnderReview),
                        aliases = \(bind: aliases), content_sha256 = \(bind: contentSHA256), imported_by = \(bind: actor),
                        imported_at = \(bind: stamp)
                    WHERE symbol = \(bind: document.symbol.description)
                    """
                ).run()
            } else {
                try await db.raw(
                    """
                    INSERT INTO un_documents (symbol, kind, title, issued, state_under_review, aliases, content_sha256, imported_by, imported_at)
                    VALUES (\(bind: document.symbol.description), \(bind: document.kind.rawValue), \(bind: document.title),
                        \(bind: document.issued), \(bind: document.stateUnderReview), \(bind: aliases), \(bind: contentSHA256),
                        \(bind: actor), \(bind: stamp))
                    """
                ).run()
            }
            for (table, rows) in [("un_paragraphs", paragraphs), ("un_footnotes", footnotes)] {
                for chunk in rows.chunked(200) {
                    let values = chunk.map { number, body -> SQLQueryString in
                        "(\(bind: document.symbol.description), \(bind: number), \(bind: body))"
                    }
                    try await db.raw(
                        "INSERT INTO \(unsafeRaw: table) (symbol, number, body) VALUES \(values.joined(separator: ", "))"
                    ).run()
                }
            }
            for (recommendation, body, themes) in recommendations {
                let match = Self.matching(
                    number: recommendation.number, words: UNDatabaseExport.normalised(recommendation.text), in: listed)
                let id: Int
                if let match {
                    id = listed.remove(at: match).id
                    try await db.raw(
                        """
                        UPDATE un_recommendations SET number = \(bind: recommendation.number),
                            paragraph = \(bind: recommendation.paragraph), body = \(bind: body), themes = \(bind: themes)
                        WHERE id = \(bind: id)
                        """
                    ).run()
                } else {
                    try await db.raw(
                        """
                        INSERT INTO un_recommendations (symbol, number, paragraph, body, themes)
                        VALUES (\(bind: document.symbol.description), \(bind: recommendation.number),
                            \(bind: recommendation.paragraph), \(bind: body), \(bind: themes))
                        """
                    ).run()
                    id = try await Self.recommendationID(document.symbol, recommendation.number, in: db)
                }
                guard recommendation.position != .unclear || document.kind == .uprWorkingGroupReport else { continue }
                try await Self.insert(
                    UNResponse(
                        stage: .workingGroupReport, position: recommendation.position,
                        date: document.issued ?? String(stamp.prefix(10)),
                        source: "\(document.symbol), para. \(recommendation.paragraph)",
                        note: recommendation.positionText),
                    recommendation: id, by: actor, at: stamp, in: db)
            }
            try await alsoInTransaction?(.imported, db)
            return .imported
        }
    }

    /// How a document known only from another database's export is marked in place of its text's hash.
    static let listedContentPrefix = "listed:"

    /// Every document held, by symbol.
    public func unDocuments() async throws -> [UNDocumentSummary] {
        let rows = try await database.read { db in
            try await db.raw(
                """
                SELECT d.*, (SELECT COUNT(*) FROM un_paragraphs p WHERE p.symbol = d.symbol) AS paragraph_count,
                    (SELECT COUNT(*) FROM un_recommendations r WHERE r.symbol = d.symbol) AS recommendation_count
                FROM un_documents d ORDER BY d.symbol
                """
            ).all()
        }
        return try rows.map { row in
            UNDocumentSummary(
                symbol: try Self.symbol(row.decode(column: "symbol", as: String.self)),
                kind: UNDocument.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .report,
                title: try row.decode(column: "title", as: String?.self),
                issued: try row.decode(column: "issued", as: String?.self),
                stateUnderReview: try row.decode(column: "state_under_review", as: String?.self),
                aliases: try JSONDecoder().decode(
                    [UNSymbol].self, from: Data(try row.decode(column: "aliases", as: String.self).utf8)),
                paragraphs: try row.decode(column: "paragraph_count", as: Int.self),
                recommendations: try row.decode(column: "recommendation_count", as: Int.self),
                importedBy: try row.decode(column: "imported_by", as: String.self),
                importedAt: try row.decode(column: "imported_at", as: String.self))
        }
    }

    /// The symbol a document is held under when `symbol` is the symbol or one of its aliases.
    public func heldUNSymbol(_ symbol: UNSymbol) async throws -> UNSymbol? {
        let rows = try await database.read { db in try await db.raw("SELECT symbol, aliases FROM un_documents").all() }
        for row in rows {
            let held = try Self.symbol(row.decode(column: "symbol", as: String.self))
            let aliases = try JSONDecoder().decode(
                [UNSymbol].self, from: Data(try row.decode(column: "aliases", as: String.self).utf8))
            if held == symbol || aliases.contains(symbol) { return held }
        }
        return nil
    }

    /// The document held under `symbol` (or one of its aliases), reassembled, or nil.
    public func unDocument(_ symbol: UNSymbol) async throws -> UNDocument? {
        guard let heldSymbol = try await heldUNSymbol(symbol),
            let summary = try await unDocuments().first(where: { $0.symbol == heldSymbol })
        else { return nil }
        let held = summary.symbol.description
        let (paragraphs, footnotes, recommendations) = try await database.read { db in
            (
                try await db.raw("SELECT body FROM un_paragraphs WHERE symbol = \(bind: held) ORDER BY number").all(),
                try await db.raw("SELECT body FROM un_footnotes WHERE symbol = \(bind: held) ORDER BY number").all(),
                try await db.raw("SELECT body FROM un_recommendations WHERE symbol = \(bind: held) ORDER BY id").all()
            )
        }
        func decode<T: Decodable>(_ rows: [any SQLRow], as type: T.Type) throws -> [T] {
            try rows.map {
                try JSONDecoder().decode(T.self, from: Data(try $0.decode(column: "body", as: String.self).utf8))
            }
        }
        return UNDocument(
            symbol: summary.symbol, aliases: summary.aliases, kind: summary.kind, title: summary.title,
            issued: summary.issued, stateUnderReview: summary.stateUnderReview,
            paragraphs: try decode(paragraphs, as: UNParagraph.self),
            footnotes: try decode(footnotes, as: UNFootnote.self),
            recommendations: try decode(recommendations, as: UNRecommendation.self))
    }

    static func symbol(_ text: String) throws -> UNSymbol {
        guard let symbol = UNSymbol(text) else {
            throw StoreError.damaged("a stored UN symbol does not parse: \(text)")
        }
        return symbol
    }
}
