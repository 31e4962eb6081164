import Foundation
import WhereaboutsDocuments

/// The tracker's selection as a file: one CSV row or JSON object per recommendation, each with its
/// citation (`A/HRC/13/13, para. 90.1`) and, in JSON, every response with the paragraph it is
/// written in. What is exported is published text and its follow-up; records linked as evidence are
/// never in it. The CLI, the web page and the API write the same file.
public enum UNRecommendationExport {
    /// The CSV columns, in order: `recommending_states` are English short names separated by `;`
    /// (empty for reports other than UPR), `cycle` empty outside the UPR.
    public static let columns = [
        "symbol", "number", "paragraph", "recommending_states", "addressee", "position", "position_date",
        "position_source", "implementation", "implementation_date", "cycle", "themes", "text", "citation",
    ]

    public static func csv(_ tracked: [TrackedUNRecommendation]) -> Data {
        var rows: [[CSVRows.Cell]] = [columns.map(CSVRows.Cell.text)]
        for item in tracked {
            let recommendation = item.recommendation
            rows.append([
                .text(item.symbol.description), .text(recommendation.number), .integer(recommendation.paragraph),
                .text(recommendation.recommendingStates.joined(separator: ";")), .text(recommendation.addressee ?? ""),
                .text(item.position?.rawValue ?? ""), .text(item.responses.last?.response.date ?? ""),
                .text(item.responses.last?.response.source ?? ""),
                .text(item.implementation?.rawValue ?? UNImplementation.notAssessed),
                .text(item.implementationDate ?? ""), item.cycle.map(CSVRows.Cell.integer) ?? .text(""),
                .text(item.themes.joined(separator: ";")), .text(recommendation.text), .text(item.citation),
            ])
        }
        return CSVRows.data(rows)
    }

    /// A JSON array, keys sorted.
    public static func json(_ tracked: [TrackedUNRecommendation]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(tracked.map(Item.init))
    }

    /// One recommendation as the JSON export writes it.
    struct Item: Encodable {
        let symbol: String
        let number: String
        let paragraph: Int
        let cycle: Int?
        let recommendingStates: [String]
        let addressee: String?
        let position: String?
        let implementation: String
        let implementationDate: String?
        let themes: [String]
        let text: String
        let citation: String
        let responses: [UNResponse]

        init(_ item: TrackedUNRecommendation) {
            symbol = item.symbol.description
            number = item.recommendation.number
            paragraph = item.recommendation.paragraph
            cycle = item.cycle
            recommendingStates = item.recommendation.recommendingStates
            addressee = item.recommendation.addressee
            position = item.position?.rawValue
            implementation = item.implementation?.rawValue ?? UNImplementation.notAssessed
            implementationDate = item.implementationDate
            themes = item.themes
            text = item.recommendation.text
            citation = item.citation
            responses = item.responses.map(\.response)
        }
    }
}
