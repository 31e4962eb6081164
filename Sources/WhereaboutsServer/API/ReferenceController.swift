import Foundation
import Hummingbird
import WhereaboutsCore
import WhereaboutsStore

/// Vocabularies and the uncertain-date reader, for clients building forms.
struct ReferenceController {
    let store: SQLRecordStore

    func register(on routes: inout DocumentedRoutes) {
        routes.add(
            APIOperation(
                method: .get, path: "/api/v1/vocabularies", operationID: "listVocabularies",
                summary: "The vocabulary schemes and how many terms each has", tag: "Vocabularies", parameters: [],
                requestSchema: nil, requestExample: nil,
                replies: [.json(200, "The schemes", Schema.ref("VocabularySchemes"))]), requires: SignedIn.self
        ) { _, _ in
            let terms = try await store.terms()
            let counts = Dictionary(grouping: terms, by: \.scheme.rawValue).mapValues(\.count)
            let schemes = counts.keys.sorted().map { SchemeSummary(scheme: $0, terms: counts[$0] ?? 0) }
            return try .json(["schemes": schemes])
        }

        routes.add(
            APIOperation(
                method: .get, path: "/api/v1/vocabularies/{scheme}", operationID: "listTerms",
                summary: "Every term of one scheme, broader terms named by parentCode", tag: "Vocabularies",
                parameters: [.path("scheme", "A scheme such as violation-types.", schema: Schema.scheme)],
                requestSchema: nil,
                requestExample: nil,
                replies: [.json(200, "The terms", Schema.ref("VocabularyTerms")), .problem(404, "No such scheme")]),
            requires: SignedIn.self
        ) { _, context in
            let scheme = VocabularyScheme(context.parameters.get("scheme") ?? "")
            let terms = try await store.terms(scheme)
            guard !terms.isEmpty else {
                throw Problem.notFound("There is no vocabulary called \(scheme.rawValue.prefix(60)).")
            }
            return try .json(["terms": terms])
        }

        routes.add(
            APIOperation(
                method: .post, path: "/api/v1/dates/parse", operationID: "parseDate",
                summary: "Read a stated date (around 1977, 昭和52年, Juche 39, 음력 …) into its range", tag: "Dates",
                parameters: [], requestSchema: Schema.object(["text": Schema.text(max: 100)], required: ["text"]),
                requestExample: ["text": "between June and August 1978"],
                replies: [.json(200, "The date and its range", Schema.ref("FuzzyDate")), .problem(422, "Not a date")]),
            requires: SignedIn.self
        ) { request, context in
            let input = try JSONDecoder().decode(DateInput.self, from: try await request.bodyData(context: context))
            let date: FuzzyDate
            do {
                date = try FuzzyDate.parse(input.text)
            } catch {
                throw Problem.invalid([FieldIssue(path: "/text", message: String(describing: error))])
            }
            return try .json(date)
        }
    }
}

private struct SchemeSummary: Encodable {
    let scheme: String
    let terms: Int
}

/// The body of `dates/parse`: `text` and nothing else, as its schema says.
private struct DateInput: Decodable {
    let text: String

    private struct Field: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let fields = try decoder.container(keyedBy: Field.self)
        if let other = fields.allKeys.first(where: { $0.stringValue != "text" }) {
            throw Problem.invalid([FieldIssue(path: "/" + other.stringValue.prefix(60), message: "is not a field here")]
            )
        }
        text = try fields.decode(String.self, forKey: Field(stringValue: "text"))
    }
}
