import Foundation
import Hummingbird
import WhereaboutsCore
import WhereaboutsDocuments
import WhereaboutsStore

/// The recommendation tracker's selection, for clients: the same file the tracker page offers, as
/// JSON or CSV, each recommendation with its citation. UN documents are published texts, so any
/// signed-in caller may read them; no record linked to a recommendation is in the file.
struct UNController {
    let store: SQLRecordStore

    func register(on routes: inout DocumentedRoutes) {
        routes.add(
            APIOperation(
                method: .get, path: "/api/v1/un/recommendations", operationID: "listUNRecommendations",
                summary: "UN recommendations with their position and implementation on a day, with citations",
                tag: "UN documents",
                parameters: [
                    .query(
                        "symbol", "Only this document's recommendations, e.g. A/HRC/13/13.",
                        schema: Schema.orEmpty(Schema.text(max: 200))),
                    .query("cycle", "Only this UPR cycle's.", schema: Schema.orEmpty(Schema.integer(1...99))),
                    .query(
                        "theme", "Only those about this theme, e.g. abductions.",
                        schema: Schema.orEmpty(Schema.text(max: 200))),
                    .query(
                        "state", "Only those this State made (English short name).",
                        schema: Schema.orEmpty(Schema.text(max: 200))),
                    .query(
                        "position", "Only those at this position.",
                        schema: Schema.orEmpty(Schema.enumeration(UNPosition.self))),
                    .query(
                        "implementation", "Only those at this implementation.",
                        schema: Schema.orEmpty(
                            Schema.enumeration(UNImplementation.filterValues))),
                    .query(
                        "on", "Where they stood on this day; by default after everything recorded.",
                        schema: Schema.orEmpty(Schema.day)),
                    .query(
                        "format", "json (the default) or csv.",
                        schema: Schema.orEmpty(Schema.enumeration(["json", "csv"]))),
                ], requestSchema: nil, requestExample: nil,
                replies: [
                    .json(200, "The recommendations", Schema.array(Schema.ref("UNRecommendation"))),
                    .problem(400, "A parameter the description does not allow, named in errors"),
                    .init(status: 200, description: "The same as CSV", schema: Schema.string, contentType: "text/csv"),
                ]),
            requires: SignedIn.self
        ) { request, _ in
            try Self.check(request)
            let (filter, day) = UNTrackerModel.selection(request)
            let tracked = try await store.unRecommendations(filter, on: day)
            return try Response.unExport(request.uri.queryParameters.get("format") ?? "json", tracked)
        }
    }
}

extension UNController {
    /// Refuses what the tracker page would quietly ignore: a client learns that a filter it sent
    /// is not one (each named), rather than getting every recommendation.
    static func check(_ request: Request) throws {
        let query = request.uri.queryParameters
        var issues: [FieldIssue] = []
        let rules: [(String, (String) -> Bool)] = [
            ("symbol", { $0.count <= 200 }), ("theme", { $0.count <= 200 }), ("state", { $0.count <= 200 }),
            ("cycle", { Int($0).map { (1...99).contains($0) } ?? false }),
            ("position", { UNPosition(rawValue: $0) != nil }),
            ("implementation", UNImplementation.filterValues.contains),
            ("on", { Day(iso: $0) != nil }), ("format", { ["json", "csv"].contains($0) }),
        ]
        for (name, valid) in rules {
            let values = query.getAll(name)
            if values.count > 1 {
                issues.append(FieldIssue(path: "?" + name, message: "is given more than once"))
            } else if let value = values.first, !value.isEmpty, !valid(value) {
                issues.append(FieldIssue(path: "?" + name, message: "'\(value.prefix(60))' is not a valid \(name)"))
            }
        }
        guard issues.isEmpty else { throw Problem.badRequest("Some parameters are not valid.", errors: issues) }
    }
}

extension Response {
    /// The tracker's selection as a file: `csv`, or JSON for anything else.
    static func unExport(_ format: String, _ tracked: [TrackedUNRecommendation]) throws -> Response {
        let csv = format == "csv"
        let body = csv ? UNRecommendationExport.csv(tracked) : try UNRecommendationExport.json(tracked)
        return Response(
            status: .ok,
            headers: [
                .contentType: csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
                .contentDisposition: "attachment; filename=\"un-recommendations.\(csv ? "csv" : "json")\"",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
