import Foundation
import Hummingbird
import WhereaboutsCore
import WhereaboutsOperations
import WhereaboutsStore

/// Reparations beyond the records' own operations (decision 0032): a rule set applied to a claim,
/// the decision it gives recorded, and the report. Claims, rule sets, decisions and measures are read
/// and written at their collections like every record.
struct ReparationController {
    let operations: ReparationOperations

    func register(on routes: inout DocumentedRoutes) {
        let claim = APIOperation.Parameter.path("id", "The claim's id.", schema: Schema.uuid)
        routes.add(
            APIOperation(
                method: .get, path: "/api/v1/claims/{id}/evaluation", operationID: "evaluateClaim",
                summary: "A rule set's current version applied to a claim, with a reason for every condition",
                tag: "ReparationClaim",
                parameters: [
                    claim,
                    .query(
                        "rules", "The rule set's id (default: the newest among those you see).",
                        schema: Schema.uuid),
                    .query("on", "The day to apply them on (default today).", schema: Schema.day),
                ], requestSchema: nil, requestExample: nil,
                replies: [
                    .json(200, "The outcome, benefits and reasons", Schema.ref("EligibilityEvaluation")),
                    .problem(400, "No rule set named, or a bad day"), .problem(404, "No such claim or rule set"),
                ]), requires: CanRead.self
        ) { request, context in
            // A claim the caller may not see is not found, whatever else the request got wrong.
            let claim = try Self.id(context)
            _ = try await operations.store.get(claim, kind: .claim, access: context.access)
            let (rules, day) = try await rulesAndDay(request, access: context.access)
            return try .json(try await operations.evaluate(claim: claim, rules: rules, on: day, access: context.access))
        }

        routes.add(
            APIOperation(
                method: .post, path: "/api/v1/claims/{id}/decision", operationID: "decideClaim",
                summary: "Apply a rule set's current version to a claim and record the decision it gives",
                tag: "ReparationClaim", parameters: [claim], requestSchema: Schema.ref("DecisionRequest"),
                requestExample: ["rulesID": .string(APIExamples.rulesID), "decidedOn": "2024-09-30"],
                replies: [
                    .json(201, "The decision recorded", Schema.ref("StoredReparationDecision")),
                    .problem(404, "No such claim or rule set"), .problem(422, "Invalid fields"),
                ]), requires: CanWrite.self
        ) { request, context in
            // A claim the writer may not see is not found, whatever the body says.
            let claim = try Self.id(context)
            _ = try await operations.store.get(claim, kind: .claim, access: context.access)
            let data = try await request.bodyData(context: context)
            try UndeclaredFields.refuse(data, schema: Schema.ref("DecisionRequest"))
            let asked = try JSONDecoder().decode(DecisionRequest.self, from: data)
            // A blank note is no note.
            let note = asked.note.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
            var checker = Checker()
            checker.text(note, at: "/note", maxLength: 10_000)
            if !checker.issues.isEmpty { throw Problem.invalid(checker.issues) }
            let record = try await operations.decide(
                claim: claim, rules: asked.rulesID, on: asked.decidedOn ?? Self.today(), note: note,
                by: try context.writer(compartments: []))
            return try .json(
                record, status: .created,
                headers: [.eTag: "\"\(record.version)\"", .location: "/api/v1/reparation-decisions/\(record.id)"])
        }

        routes.add(
            APIOperation(
                method: .get, path: "/api/v1/reparations/report", operationID: "reparationsReport",
                summary: "Claims from application to delivery, by form, violation or year, small cells suppressed",
                tag: "Statistics",
                parameters: [
                    .query(
                        "by", "What the rows are (default year).",
                        schema: Schema.enumeration(ReparationsReport.Breakdown.self)),
                    .query("format", "json (the default) or csv.", schema: Schema.enumeration(["json", "csv"])),
                ], requestSchema: nil, requestExample: nil,
                replies: [
                    .json(200, "The report", Schema.ref("ReparationsReport")),
                    .init(status: 200, description: "The same as CSV", schema: Schema.string, contentType: "text/csv"),
                    .problem(400, "A bad parameter"),
                ]), requires: CanExport.self
        ) { request, context in
            let (breakdown, csv) = try Self.reportQuery(request)
            let report = try await operations.report(
                by: breakdown, actor: context.account.username, access: context.access,
                from: OperationOrigin(via: "api"))
            return try Response.reparationsReport(report, csv: csv)
        }
    }

    /// `POST /api/v1/claims/{id}/decision`'s body.
    struct DecisionRequest: Decodable {
        let rulesID: RecordID
        let decidedOn: Day?
        let note: String?
    }

    private static func id(_ context: some RequestContext) throws -> RecordID {
        guard let text = context.parameters.get("id"), let id = RecordID(text) else { throw Problem.notFound() }
        return id
    }

    static func today() -> Day { Day(utc: Date()) }

    private static func single(_ request: Request, _ name: String) throws -> String? {
        let values = request.uri.queryParameters.getAll(name)
        if values.count > 1 {
            throw Problem.badRequest(
                "\(name) is given more than once.",
                errors: [FieldIssue(path: "?" + name, message: "is given more than once")])
        }
        return values.first
    }

    /// The rule set named (by default the newest among those the caller sees) and the day.
    private func rulesAndDay(_ request: Request, access: RecordAccess) async throws -> (RecordID, Day) {
        let rules: RecordID
        if let text = try Self.single(request, "rules") {
            guard let id = RecordID(text) else {
                throw Problem.badRequest(
                    "Name the rule set by its id.", errors: [FieldIssue(path: "?rules", message: "is a record id")])
            }
            rules = id
        } else {
            guard let newest = try await operations.store.list(.eligibilityRules, access: access, limit: 1).items.first
            else { throw Problem.notFound("There is no rule set to apply.") }
            rules = newest.id
        }
        guard let text = try Self.single(request, "on") else { return (rules, Self.today()) }
        guard let day = Day(iso: text) else {
            throw Problem.badRequest(
                "on is not a day.", errors: [FieldIssue(path: "?on", message: "is a day, YYYY-MM-DD")])
        }
        return (rules, day)
    }

    static func reportQuery(_ request: Request) throws -> (ReparationsReport.Breakdown, Bool) {
        let by = try single(request, "by")
        let format = try single(request, "format")
        guard let breakdown = ReparationsReport.Breakdown(rawValue: by ?? "year") else {
            throw Problem.badRequest(
                "by is form, violation or year.",
                errors: [FieldIssue(path: "?by", message: "is form, violation or year")])
        }
        guard ["json", "csv"].contains(format ?? "json") else {
            throw Problem.badRequest(
                "format is json or csv.", errors: [FieldIssue(path: "?format", message: "is json or csv")])
        }
        return (breakdown, format == "csv")
    }
}

extension Response {
    /// The reparations report as a file: CSV, or JSON.
    static func reparationsReport(_ report: ReparationsReport, csv: Bool) throws -> Response {
        let body = csv ? ReparationsReportExport.csv(report) : try ReparationsReportExport.json(report)
        return Response(
            status: .ok,
            headers: [
                .contentType: csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
                .contentDisposition:
                    "attachment; filename=\"reparations-\(report.breakdown.rawValue).\(csv ? "csv" : "json")\"",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
