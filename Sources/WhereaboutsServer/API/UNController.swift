import Foundation
import Hummingbird
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
                    .query("symbol", "Only this document's recommendations, e.g. A/HRC/13/13."),
                    .query("cycle", "Only this UPR cycle's.", schema: Schema.integer),
                    .query("theme", "Only those about this theme, e.g. abductions."),
                    .query("state", "Only those this State made (English short name)."),
                    .query("position", "Only those at this position.", schema: Schema.enumeration(UNPosition.self)),
                    .query(
                        "implementation", "Only those at this implementation.",
                        schema: Schema.enumeration(
                            UNImplementation.allCases.map(\.rawValue) + [UNImplementation.notAssessed])),
                    .query(
                        "on", "Where they stood on this day; by default after everything recorded.", schema: Schema.day),
                    .query("format", "json (the default) or csv.", schema: Schema.enumeration(["json", "csv"])),
                ], requestSchema: nil, requestExample: nil,
                replies: [
                    .json(200, "The recommendations", Schema.array(Schema.ref("UNRecommendation"))),
                    .init(status: 200, description: "The same as CSV", schema: Schema.string, contentType: "text/csv"),
                ]),
            requires: SignedIn.self
        ) { request, _ in
            let (filter, day) = UNTrackerModel.selection(request)
            let tracked = try await store.unRecommendations(filter, on: day)
            return try Response.unExport(request.uri.queryParameters.get("format") ?? "json", tracked)
        }
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
