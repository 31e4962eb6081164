import Foundation
import Hummingbird
import WhereaboutsCore
import WhereaboutsEstimation
import WhereaboutsOperations

/// `GET /api/v1/estimates` and `/api/v1/estimates/overlap-table`: the Estimates page's estimate and overlap
/// table for scripts and R users (decision 0028), made of what the token's account may see, each an audited
/// export.
struct EstimateController {
    let operations: EstimateOperations

    func register(on routes: inout DocumentedRoutes) {
        let parameters: [APIOperation.Parameter] = [
            .query("lists", "A list per source, or per type of source (default).", schema: Schema.enumeration(ListGrouping.self)),
            .query("strata", "An estimate per stratum as well.", schema: Schema.enumeration(Stratification.self)),
            .query(
                "model", "How to estimate (default loglinear-bic).",
                schema: Schema.enumeration(EstimatesQuery.methods.map(\.rawValue))),
        ]
        routes.add(
            APIOperation(
                method: .get, path: "/api/v1/estimates", operationID: "estimate",
                summary: "Multiple systems estimate from the persons as reviewers linked them, per stratum when asked",
                tag: "Statistics", parameters: parameters, requestSchema: nil, requestExample: nil,
                replies: [
                    .json(
                        200, "The whole table's estimate (observed, estimate, lower, upper, model, lists, tableHash…), and strata",
                        [
                            "type": "object",
                            "required": .array(["observed", "model", "lists", "status", "tableHash"].map { .string($0) }),
                        ]),
                    .problem(400, "A bad parameter"),
                ]), requires: CanExport.self
        ) { request, context in
            let query = try Self.query(request)
            let result = try await operations.estimate(
                query.overlap, query.request, by: context.account.username, access: context.access,
                from: OperationOrigin(via: "api"))
            return try .json(result)
        }
        routes.add(
            APIOperation(
                method: .get, path: "/api/v1/estimates/overlap-table", operationID: "overlapTable",
                summary: "The overlap table as CSV (a 0/1 column per list, the count last; the stratum first when stratified)",
                tag: "Statistics", parameters: Array(parameters.prefix(2)), requestSchema: nil, requestExample: nil,
                replies: [.text(200, "The table, as text/csv"), .problem(400, "A bad parameter")]),
            requires: CanExport.self
        ) { request, context in
            let query = try Self.query(request)
            let csv = try await operations.exportOverlap(
                query.overlap, by: context.account.username, access: context.access, from: OperationOrigin(via: "api"))
            return Response(
                status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .xContentTypeOptions: "nosniff"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: csv)))
        }
    }

    static func query(_ request: Request) throws -> EstimatesQuery {
        do {
            return try EstimatesQuery(request)
        } catch {
            throw Problem.badRequest(
                "lists, strata or model is not one of the values described.",
                errors: [FieldIssue(path: "?", message: "lists, strata or model is not one of the values described")])
        }
    }
}
