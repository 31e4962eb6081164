import Foundation
import SQLKit
import WhereaboutsCore
import WhereaboutsDocuments

/// A recommendation held in the store, with its themes and where it stood on a given day.
public struct TrackedUNRecommendation: Sendable, Hashable {
    public let id: Int
    public let symbol: UNSymbol
    public let recommendation: UNRecommendation
    public let themes: [String]
    /// Its position on the day asked (nil before any response).
    public let position: UNPosition?
    /// The responses recorded on it up to that day, oldest first.
    public let responses: [RecordedUNResponse]
    /// How far it was implemented on that day, by the latest assessment then (nil: not assessed).
    public let implementation: UNImplementation?
    /// The day of that assessment.
    public let implementationDate: String?
    /// The UPR cycle of its document (``UPRCycle``), nil for other reports.
    public let cycle: Int?

    /// How the recommendation is cited: `A/HRC/13/13, para. 90.1`, `A/80/150, para. 51 (a)`.
    public var citation: String {
        "\(symbol), para. \(recommendation.number.replacingOccurrences(of: "(", with: " ("))"
    }
}

/// A response as recorded: who recorded it and when, beside what was said.
public struct RecordedUNResponse: Sendable, Hashable {
    public let id: Int
    public let response: UNResponse
    public let recordedBy: String
    public let recordedAt: String
}

/// Which recommendations to list.
public struct UNRecommendationFilter: Sendable, Hashable {
    public var symbol: UNSymbol?
    public var theme: String?
    public var state: String?
    public var position: UNPosition?
    /// An implementation (`none`, `partial`, `full`) or ``UNImplementation/notAssessed``.
    public var implementation: String?
    public var cycle: Int?

    /// Whether `tracked` passes the theme, State, position, implementation and cycle asked (the
    /// document is chosen in the query).
    public func selects(_ tracked: TrackedUNRecommendation) -> Bool {
        (theme.map { tracked.themes.contains($0) } ?? true)
            && (state.map { tracked.recommendation.recommendingStates.contains($0) } ?? true)
            && (position.map { tracked.position == $0 } ?? true)
            && (implementation.map { (tracked.implementation?.rawValue ?? UNImplementation.notAssessed) == $0 } ?? true)
            && (cycle.map { tracked.cycle == $0 } ?? true)
    }

    public init(
        symbol: UNSymbol? = nil, theme: String? = nil, state: String? = nil, position: UNPosition? = nil,
        implementation: String? = nil, cycle: Int? = nil
    ) {
        self.symbol = symbol
        self.theme = theme
        self.state = state
        self.position = position
        self.implementation = implementation
        self.cycle = cycle
    }
}

extension SQLRecordStore {
    /// Appends `response` to the history of recommendation `number` of `symbol`; nothing recorded
    /// before is changed. `alsoInTransaction` runs in the same transaction.
    public func recordUNResponse(
        _ response: UNResponse, symbol: UNSymbol, number: String, by actor: String, at now: Date,
        alsoInTransaction: (@Sendable (any SQLDatabase) async throws -> Void)? = nil
    ) async throws {
        try Self.requireISODay(response.date)
        let held = try await heldUNSymbol(symbol) ?? symbol
        try await database.write { db in
            let id = try await Self.recommendationID(held, number, in: db)
            try await Self.insert(response, recommendation: id, by: actor, at: Timestamp.format(now), in: db)
            try await alsoInTransaction?(db)
        }
    }

    /// The recommendations `filter` selects, each with its position on `day` (ISO date; today's
    /// history when nil) and its responses up to then.
    public func unRecommendations(_ filter: UNRecommendationFilter = UNRecommendationFilter(), on day: String? = nil)
        async throws -> [TrackedUNRecommendation]
    {
        var held: UNSymbol?
        if let symbol = filter.symbol { held = try await heldUNSymbol(symbol) ?? symbol }
        // Only the chosen document's rows, and only responses given by the day asked.
        let document: SQLQueryString = held.map { " AND u.symbol = \(bind: $0.description)" } ?? ""
        let until: SQLQueryString = day.map { " AND r.responded_on <= \(bind: $0)" } ?? ""
        let (rows, responseRows, implementations) = try await database.read { db in
            (
                try await db.raw(
                    """
                    SELECT u.id, u.symbol, u.body, u.themes, d.kind, d.aliases, d.issued FROM un_recommendations u
                    JOIN un_documents d ON d.symbol = u.symbol WHERE 1 = 1\(document) ORDER BY u.symbol, u.id
                    """
                ).all(),
                try await db.raw(
                    """
                    SELECT r.* FROM un_responses r JOIN un_recommendations u ON u.id = r.recommendation_id
                    WHERE 1 = 1\(document)\(until) ORDER BY r.recommendation_id, r.responded_on, r.id
                    """
                ).all(),
                try await self.unImplementations(document: document, until: day, in: db)
            )
        }
        var history: [Int: [RecordedUNResponse]] = [:]
        for row in responseRows {
            history[try row.decode(column: "recommendation_id", as: Int.self), default: []].append(
                try Self.recordedResponse(row))
        }
        let decoder = JSONDecoder()
        var cycles: [String: Int?] = [:]
        return try rows.compactMap { row in
            let id = try row.decode(column: "id", as: Int.self)
            let responses = history[id] ?? []
            let symbol = try Self.symbol(row.decode(column: "symbol", as: String.self))
            if cycles[symbol.description] == nil {
                cycles[symbol.description] = UPRCycle.of(
                    kind: UNDocument.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .report,
                    symbol: symbol,
                    aliases: try decoder.decode(
                        [UNSymbol].self, from: Data(try row.decode(column: "aliases", as: String.self).utf8)),
                    issued: try row.decode(column: "issued", as: String?.self))
            }
            let tracked = TrackedUNRecommendation(
                id: id, symbol: symbol,
                recommendation: try decoder.decode(
                    UNRecommendation.self, from: Data(try row.decode(column: "body", as: String.self).utf8)),
                themes: try decoder.decode(
                    [String].self, from: Data(try row.decode(column: "themes", as: String.self).utf8)),
                position: Self.position(after: responses), responses: responses,
                implementation: implementations[id]?.implementation,
                implementationDate: implementations[id]?.date,
                cycle: cycles[symbol.description] ?? nil)
            return filter.selects(tracked) ? tracked : nil
        }
    }

    /// How many recommendations stood at each position on `day` (`unRecommendations` counted; those
    /// with no response by then are not counted).
    public func unPositionCounts(_ filter: UNRecommendationFilter = UNRecommendationFilter(), on day: String? = nil)
        async throws -> [UNPosition: Int]
    {
        UNTrackerCounts(try await unRecommendations(filter, on: day)).byPosition
    }

    /// The position after `responses` (oldest first): the latest day's; when that day's responses
    /// split the recommendation into clauses with different positions, partly supported.
    static func position(after responses: [RecordedUNResponse]) -> UNPosition? {
        guard let last = responses.last else { return nil }
        let sameDay = responses.filter {
            $0.response.date == last.response.date && $0.response.stage == last.response.stage
        }
        let clauses = sameDay.filter { $0.response.clause != nil }
        if clauses.count > 1, Set(clauses.map(\.response.position)).count > 1 { return .partiallySupported }
        return last.response.position
    }

    static func recommendationID(_ symbol: UNSymbol, _ number: String, in db: any SQLDatabase) async throws -> Int {
        guard
            let row = try await db.raw(
                """
                SELECT id FROM un_recommendations WHERE symbol = \(bind: symbol.description) AND number = \(bind: number)
                """
            ).first()
        else {
            throw StoreError.invalid([
                FieldIssue(path: "/recommendation", message: "\(symbol) has no recommendation \(number)")
            ])
        }
        return try row.decode(column: "id", as: Int.self)
    }

    static func insert(
        _ response: UNResponse, recommendation id: Int, by actor: String, at stamp: String, in db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            INSERT INTO un_responses (recommendation_id, stage, position, clause, responded_on, source, note, recorded_by, recorded_at)
            VALUES (\(bind: id), \(bind: response.stage.rawValue), \(bind: response.position.rawValue), \(bind: response.clause),
                \(bind: response.date), \(bind: response.source), \(bind: response.note), \(bind: actor), \(bind: stamp))
            """
        ).run()
    }

    static func recordedResponse(_ row: any SQLRow) throws -> RecordedUNResponse {
        RecordedUNResponse(
            id: try row.decode(column: "id", as: Int.self),
            response: UNResponse(
                stage: UNResponse.Stage(rawValue: try row.decode(column: "stage", as: String.self)) ?? .other,
                position: UNPosition(rawValue: try row.decode(column: "position", as: String.self)) ?? .unclear,
                clause: try row.decode(column: "clause", as: String?.self),
                date: try row.decode(column: "responded_on", as: String.self),
                source: try row.decode(column: "source", as: String?.self),
                note: try row.decode(column: "note", as: String?.self)),
            recordedBy: try row.decode(column: "recorded_by", as: String.self),
            recordedAt: try row.decode(column: "recorded_at", as: String.self))
    }
}

/// How many of some recommendations stood at each position and each implementation.
public struct UNTrackerCounts: Sendable, Hashable {
    /// By position; those with no response are not counted.
    public let byPosition: [UNPosition: Int]
    /// By implementation (`none`, `partial`, `full`, or ``UNImplementation/notAssessed``).
    public let byImplementation: [String: Int]

    public init(_ tracked: [TrackedUNRecommendation]) {
        var positions: [UNPosition: Int] = [:]
        var implementations: [String: Int] = [:]
        for item in tracked {
            if let position = item.position { positions[position, default: 0] += 1 }
            implementations[item.implementation?.rawValue ?? UNImplementation.notAssessed, default: 0] += 1
        }
        byPosition = positions
        byImplementation = implementations
    }
}
