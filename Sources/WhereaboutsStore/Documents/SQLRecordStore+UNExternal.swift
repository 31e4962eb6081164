import Foundation
import SQLKit
import WhereaboutsCore
import WhereaboutsDocuments

/// What importing another database's export did.
public struct UNExternalImportOutcome: Sendable, Hashable {
    /// Rows that named a recommendation already held (matched by number or by its words).
    public var matched = 0
    /// Rows added as recommendations of their own.
    public var added = 0
    /// Rows imported before (by the database's id): nothing changed.
    public var unchanged = 0
    /// Documents held only as those databases list them (no text of their own).
    public var documentsAdded = 0

    public init(matched: Int = 0, added: Int = 0, unchanged: Int = 0, documentsAdded: Int = 0) {
        self.matched = matched
        self.added = added
        self.unchanged = unchanged
        self.documentsAdded = documentsAdded
    }
}

/// How another database lists a recommendation held here.
public struct UNExternalListing: Sendable, Hashable {
    public let source: UNExternalSource
    public let id: String
    public let details: [String: String]
}

extension SQLRecordStore {
    /// Imports `rows` of one export in one transaction. A row whose id was imported before changes
    /// nothing. Another is matched to a recommendation of its document — by its number, else by its
    /// words without the States in parentheses — and listed beside it; one that matches none is
    /// added to its document (a document not held is added as the databases list it, without text).
    /// A position the row gives that the recommendation has not had is appended as a response, dated
    /// `now`'s day, citing where the database says it is written. Rows that name no document are
    /// refused before anything is written. `alsoInTransaction` runs in the same transaction.
    public func importUNExport(
        _ rows: [ExternalUNRecommendation], by actor: String, at now: Date,
        alsoInTransaction: (@Sendable (UNExternalImportOutcome, any SQLDatabase) async throws -> Void)? = nil
    ) async throws -> UNExternalImportOutcome {
        if let unplaced = rows.first(where: { $0.symbol == nil }) {
            throw StoreError.invalid([
                FieldIssue(
                    path: "/symbol",
                    message: "line \(unplaced.line) names no document: give the symbol of the report the rows come from"
                )
            ])
        }
        var held: [UNSymbol: UNSymbol] = [:]
        for symbol in Set(rows.compactMap(\.symbol)) { held[symbol] = try await heldUNSymbol(symbol) ?? symbol }
        let stamp = Timestamp.format(now)
        let heldSymbols = held
        return try await database.write { db in
            var outcome = UNExternalImportOutcome()
            var known: [UNSymbol: [HeldRecommendation]] = [:]
            for row in rows {
                guard let written = row.symbol, let symbol = heldSymbols[written] else { continue }
                if try await db.raw(
                    """
                    SELECT 1 AS found FROM un_external_ids WHERE source = \(bind: row.source.rawValue) AND external_id = \(bind: row.id)
                    """
                ).first() != nil {
                    outcome.unchanged += 1
                    continue
                }
                if known[symbol] == nil {
                    known[symbol] = try await Self.heldRecommendations(symbol, in: db)
                    if known[symbol]?.isEmpty == true,
                        try await db.raw(
                            "SELECT 1 AS found FROM un_documents WHERE symbol = \(bind: symbol.description)"
                        )
                        .first() == nil
                    {
                        try await Self.insertListedDocument(symbol, row: row, by: actor, at: stamp, in: db)
                        outcome.documentsAdded += 1
                    }
                }
                let words = UNDatabaseExport.normalised(row.text)
                let match = known[symbol].flatMap { held in
                    Self.matching(number: row.number, words: words, in: held).map { held[$0] }
                }
                let id: Int
                var positions: Set<UNPosition>
                if let match {
                    id = match.id
                    positions = match.positions
                    outcome.matched += 1
                } else {
                    let number = row.number ?? "\(row.source.rawValue)-\(row.id)"
                    let recommendation = UNRecommendation(
                        number: number, paragraph: Int(number.split(separator: ".").first ?? "") ?? 0, text: row.text,
                        addressee: row.stateUnderReview, recommendingStates: row.recommendingStates,
                        position: row.position ?? .unclear, positionText: nil)
                    let encoder = JSONEncoder.canonical
                    try await db.raw(
                        """
                        INSERT INTO un_recommendations (symbol, number, paragraph, body, themes)
                        VALUES (\(bind: symbol.description), \(bind: number), \(bind: recommendation.paragraph),
                            \(bind: String(decoding: try encoder.encode(recommendation), as: UTF8.self)),
                            \(bind: String(decoding: try encoder.encode(UNThemes.of(row.text)), as: UTF8.self)))
                        """
                    ).run()
                    id = try await Self.recommendationID(symbol, number, in: db)
                    positions = []
                    known[symbol, default: []].append((id, number, words, []))
                    outcome.added += 1
                }
                if let position = row.position, !positions.contains(position) {
                    try await Self.insert(
                        UNResponse(
                            stage: .other, position: position, date: String(stamp.prefix(10)),
                            source: row.positionSource ?? "\(row.source.label) export",
                            note: "as listed by \(row.source.label)"),
                        recommendation: id, by: actor, at: stamp, in: db)
                    positions.insert(position)
                    if let index = known[symbol]?.firstIndex(where: { $0.id == id }) {
                        known[symbol]?[index].positions = positions
                    }
                }
                try await db.raw(
                    """
                    INSERT INTO un_external_ids (source, external_id, recommendation_id, details)
                    VALUES (\(bind: row.source.rawValue), \(bind: row.id), \(bind: id),
                        \(bind: String(decoding: try JSONEncoder.canonical.encode(row.details), as: UTF8.self)))
                    """
                ).run()
            }
            try await alsoInTransaction?(outcome, db)
            return outcome
        }
    }

    /// How other databases list recommendation `id`.
    public func unExternalListings(of id: Int) async throws -> [UNExternalListing] {
        let rows = try await database.read { db in
            try await db.raw(
                "SELECT source, external_id, details FROM un_external_ids WHERE recommendation_id = \(bind: id) ORDER BY source, external_id"
            ).all()
        }
        return try rows.compactMap { row in
            guard let source = UNExternalSource(rawValue: try row.decode(column: "source", as: String.self)) else {
                return nil
            }
            return UNExternalListing(
                source: source, id: try row.decode(column: "external_id", as: String.self),
                details: try JSONDecoder().decode(
                    [String: String].self, from: Data(try row.decode(column: "details", as: String.self).utf8)))
        }
    }

    /// A recommendation held: its id, number, words (``UNDatabaseExport/normalised(_:)``) and the
    /// positions it has had.
    typealias HeldRecommendation = (id: Int, number: String, words: String, positions: Set<UNPosition>)

    /// Which of `held` a recommendation listed or read elsewhere is: the one with its number, else
    /// the first with its words.
    static func matching(number: String?, words: String, in held: [HeldRecommendation]) -> Int? {
        held.firstIndex { number != nil && $0.number == number } ?? held.firstIndex { $0.words == words }
    }

    /// The recommendations of `symbol` with their words and the positions they have had.
    static func heldRecommendations(_ symbol: UNSymbol, in db: any SQLDatabase) async throws
        -> [HeldRecommendation]
    {
        let rows = try await db.raw(
            "SELECT id, number, body FROM un_recommendations WHERE symbol = \(bind: symbol.description) ORDER BY id"
        ).all()
        let positionRows = try await db.raw(
            """
            SELECT r.recommendation_id, r.position FROM un_responses r JOIN un_recommendations u ON u.id = r.recommendation_id
            WHERE u.symbol = \(bind: symbol.description)
            """
        ).all()
        var positions: [Int: Set<UNPosition>] = [:]
        for row in positionRows {
            if let position = UNPosition(rawValue: try row.decode(column: "position", as: String.self)) {
                positions[try row.decode(column: "recommendation_id", as: Int.self), default: []].insert(position)
            }
        }
        return try rows.map { row in
            let id = try row.decode(column: "id", as: Int.self)
            let body = try JSONDecoder().decode(
                UNRecommendation.self, from: Data(try row.decode(column: "body", as: String.self).utf8))
            return (
                id, try row.decode(column: "number", as: String.self), UNDatabaseExport.normalised(body.text),
                positions[id] ?? []
            )
        }
    }

    /// A document known only as another database lists it: no text, so no paragraph.
    static func insertListedDocument(
        _ symbol: UNSymbol, row: ExternalUNRecommendation, by actor: String, at stamp: String, in db: any SQLDatabase
    ) async throws {
        let upr =
            row.source == .uprInfo || !row.recommendingStates.isEmpty
            || (row.details["body"] ?? row.details["recommending body"] ?? "").uppercased().contains("UPR")
        try await db.raw(
            """
            INSERT INTO un_documents (symbol, kind, title, issued, state_under_review, aliases, content_sha256, imported_by, imported_at)
            VALUES (\(bind: symbol.description),
                \(bind: (upr ? UNDocument.Kind.uprWorkingGroupReport : .report).rawValue),
                \(bind: "As listed by \(row.source.label)"), \(bind: String?.none), \(bind: row.stateUnderReview),
                \(bind: "[]"), \(bind: Self.listedContentPrefix + row.source.rawValue), \(bind: actor), \(bind: stamp))
            """
        ).run()
    }
}
