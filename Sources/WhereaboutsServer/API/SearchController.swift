import Foundation
import Hummingbird
import WhereaboutsCore
import WhereaboutsStore

/// `GET /api/v1/search`: one query box over every kind of record, with filters and cursors.
struct SearchController {
    let store: SQLRecordStore

    func register(on routes: inout DocumentedRoutes) {
        let many = "Repeat the parameter to match any of several values."
        routes.add(
            APIOperation(
                method: .get, path: "/api/v1/search", operationID: "search",
                summary: "Search titles, descriptions, names and source text in Korean, Japanese and English",
                tag: "Search",
                parameters: [
                    .query(
                        "q", "Words to find (each must occur; substrings match, even of one or two characters).",
                        schema: Schema.text(max: 500)),
                    .query("kind", "Only records of this kind. " + many, schema: Schema.orEmpty(Schema.enumeration(RecordKind.self))),
                    .query(
                        "violationType", "A violation-types code; broader codes include narrower ones. " + many,
                        schema: Schema.text(max: 100)),
                    .query("country", "ISO 3166-1 alpha-2. " + many, schema: Schema.orEmpty(Schema.country)),
                    .query("fate", "Current fate status. " + many, schema: Schema.orEmpty(Schema.enumeration(FateEntry.Status.self))),
                    .query("organisation", "An organisation's id. " + many, schema: Schema.orEmpty(Schema.uuid)),
                    .query("from", "Records whose dates reach this day or later.", schema: Schema.orEmpty(Schema.day)),
                    .query("to", "Records whose dates begin on this day or earlier.", schema: Schema.orEmpty(Schema.day)),
                    .query("cursor", "The nextCursor of the previous page.", schema: Schema.matching(Cursor.pattern)),
                    .query("limit", "Page size, 1–200 (default 50).", schema: Schema.integer(1...200)),
                ], requestSchema: nil, requestExample: nil,
                replies: [
                    .json(200, "Matching records, newest first", Schema.ref("SearchPage")),
                    .problem(400, "A bad filter"),
                ]), requires: CanRead.self
        ) { request, context in
            try .json(try await store.search(try Self.query(from: request), access: context.access))
        }
    }

    /// Reads and checks the query string; every bad value is named. With `statedDates`, the date
    /// bounds may be written as people write them (`1977`, `昭和52年`, `Juche 66`), as in the web search.
    static func query(from request: Request, statedDates: Bool = false) throws -> SearchQuery {
        let parameters = request.uri.queryParameters
        var issues: [FieldIssue] = []
        func each<T>(_ name: String, _ parse: (String) -> T?) -> [T] {
            parameters.getAll(name).filter { !$0.isEmpty }.compactMap { value in
                if let parsed = parse(value) { return parsed }
                issues.append(FieldIssue(path: "?" + name, message: "'\(value.prefix(60))' is not a valid \(name)"))
                return nil
            }
        }
        func day(_ name: String) -> Day? {
            guard let text = parameters.get(name), !text.isEmpty else { return nil }
            let stated = statedDates ? (try? FuzzyDate.parse(text)).map { name == "to" ? $0.to : $0.from } : nil
            guard let day = stated ?? Day(iso: text) else {
                issues.append(FieldIssue(path: "?" + name, message: "must be a day as YYYY-MM-DD"))
                return nil
            }
            return day
        }
        let text = parameters.get("q") ?? ""
        if text.count > 500 { issues.append(FieldIssue(path: "?q", message: "is longer than 500 characters")) }
        let query = SearchQuery(
            text: text, kinds: each("kind", RecordKind.init(rawValue:)),
            violationTypes: each("violationType") { $0.count <= 100 ? $0 : nil },
            countries: each("country") { CountryCode.isValid($0) ? $0 : nil },
            fates: each("fate", FateEntry.Status.init(rawValue:)), organisations: each("organisation", RecordID.init),
            from: day("from"), to: day("to"), cursor: parameters.get("cursor"),
            limit: try request.integerQuery("limit", default: 50, range: 1...200))
        if let from = query.from, let to = query.to, to < from {
            issues.append(FieldIssue(path: "?to", message: "ends before from"))
        }
        guard issues.isEmpty else { throw Problem.badRequest("Some search parameters are not valid.", errors: issues) }
        return query
    }
}
