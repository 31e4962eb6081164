import Foundation
import Hummingbird
import WhereaboutsCore
import WhereaboutsDocuments
import WhereaboutsOperations
import WhereaboutsStore

/// The UN documents pages: the tracker, a document, a recommendation, and a writer's responses,
/// assessments and links on a recommendation. Documents are published texts any reader may read; the records linked to them are
/// shown only to readers who may see them.
extension WebController {
    var unOperations: UNDocumentOperations { UNDocumentOperations(store: store, audit: audit) }

    func registerUNPages(on router: Router<AppRequestContext>) {
        let readers = router.group(context: SignedInPage<CanRead>.self)
        readers.get(RouterPath(SiteURL.unTracker.path)) { request, context in
            let model = try await UNTrackerModel.load(store, request: request)
            return context.render(
                context.text[.unTitle], UNTrackerView.render(model, text: context.text), request: request)
        }
        for format in ["csv", "json"] {
            readers.get(RouterPath(SiteURL.unExport(format).path)) { request, _ in
                let (filter, day) = UNTrackerModel.selection(request)
                return try Response.unExport(format, try await store.unRecommendations(filter, on: day))
            }
        }
        readers.get("/un/document") { request, context in
            guard let symbol = request.uri.queryParameters.get("symbol").flatMap(UNSymbol.init),
                let document = try await store.unDocument(symbol)
            else { throw PageError.status(404, context.language) }
            return context.render(
                document.symbol.description, UNDocumentView.render(document, text: context.text), request: request)
        }
        readers.get("/un/recommendation") { request, context in
            let model = try await recommendationModel(
                request.uri.queryParameters.get("symbol"),
                request.uri.queryParameters.get("number"), context: context,
                suggesting: context.account.permissions.contains(.writeRecords))
            let writes = context.account.permissions.contains(.writeRecords)
            let csrf = writes ? context.session.csrfToken : nil
            return context.render(
                "\(model.tracked.symbol) \(model.tracked.recommendation.number)",
                UNRecommendationView.render(model, text: context.text, csrf: csrf), request: request)
        }
        let writers = router.group(context: SignedInPage<CanWrite>.self)
        writers.post(RouterPath(SiteURL.unLink.path)) { request, context in
            try await recommendationPost(request, context: context, form: .link, anchor: "linked") {
                form, writer, key in
                guard let field = form["record"], let record = RecordID(try await linkTarget(field, writer: writer))
                else { throw StoreError.notFound(RecordID()) }
                try await unOperations.link(
                    symbol: key.symbol, number: key.number, to: record, note: form["note"], by: writer,
                    from: Self.origin(context))
            }
        }
        writers.post(RouterPath(SiteURL.unRespond.path)) { request, context in
            try await recommendationPost(request, context: context, form: .respond, anchor: "responses") {
                form, writer, key in
                guard let position = form["position"].flatMap(UNPosition.init(rawValue:)),
                    let stage = form["stage"].flatMap(UNResponse.Stage.init(rawValue:))
                else { throw StoreError.invalid([FieldIssue(path: "/position", message: "unknown position or stage")]) }
                let response = UNResponse(
                    stage: stage, position: position, clause: Self.filled(form["clause"]), date: form["date"] ?? "",
                    source: Self.filled(form["source"]), note: Self.filled(form["note"]))
                try await unOperations.recordResponse(
                    response, symbol: key.symbol, number: key.number, by: writer, from: Self.origin(context))
            }
        }
        writers.post(RouterPath(SiteURL.unRepeat.path)) { request, context in
            try await recommendationPost(request, context: context, form: .repeat, anchor: "repeats") {
                form, writer, key in
                guard let earlier = form["earlier-symbol"].flatMap(UNSymbol.init), let number = form["earlier-number"]
                else { throw StoreError.invalid([FieldIssue(path: "/repeats", message: "no such recommendation")]) }
                try await unOperations.linkRepeat(
                    symbol: key.symbol, number: key.number, repeats: earlier, number, by: writer,
                    from: Self.origin(context))
            }
        }
        writers.post(RouterPath(SiteURL.unAssess.path)) { request, context in
            try await recommendationPost(request, context: context, form: .assess, anchor: "assessments") {
                form, writer, key in
                guard let implementation = form["implementation"].flatMap(UNImplementation.init(rawValue:)) else {
                    throw StoreError.invalid([FieldIssue(path: "/implementation", message: "unknown implementation")])
                }
                var evidence: [String] = []
                for field in (form["evidence"] ?? "").split(whereSeparator: { $0.isNewline || $0 == "," || $0 == " " })
                    .prefix(50)
                {
                    evidence.append(try await linkTarget(String(field), writer: writer))
                }
                let assessment = UNAssessment(
                    implementation: implementation, date: form["date"] ?? "", assessedBy: form["assessed-by"] ?? "",
                    evidence: evidence, note: Self.filled(form["note"]))
                try await unOperations.recordAssessment(
                    assessment, symbol: key.symbol, number: key.number, by: writer, from: Self.origin(context))
            }
        }
    }

    /// A record or evidence item as a writer names it in a form: an id, its page's address
    /// (`/events/ID`, `/evidence/ev…`, a full URL), or a person's pseudonym (`P-…`) for writers who
    /// see only pseudonyms — resolved among the records the writer sees, else "not found".
    private func linkTarget(_ text: String, writer: Writer) async throws -> String {
        if SQLRecordStore.isPseudonym(text) {
            return try await store.record(withPseudonym: text, access: writer.access).description
        }
        if let record = Self.recordID(fromLinkField: text) { return record.description }
        return text.split(separator: "/").last.map(String.init) ?? text
    }

    /// A writer's form posted on a recommendation: checked, done by `action`, and answered by going
    /// back to the page's `anchor`. A record or evidence item the writer may not see is refused
    /// exactly as one that does not exist; invalid fields come back with the form.
    private func recommendationPost(
        _ request: Request, context: SignedInPage<CanWrite>, form kind: UNRecommendationForms.Kind, anchor: String,
        _ action: (Form, Writer, TrackedUNRecommendationKey) async throws -> Void
    ) async throws -> Response {
        let form = try await Form.read(request, context: context)
        try context.requireCSRF(form)
        let model = try await recommendationModel(form["symbol"], form["number"], context: context)
        guard let writer = Writer(account: context.account, compartments: [], noting: context.caller.identityReads)
        else { throw PageError.status(403, context.language) }
        let refusal: String
        do {
            try await action(form, writer, model.key)
            return Response.seeOther(
                to: SiteURL.unRecommendation(model.key.symbol, model.key.number).path + "#" + anchor)
        } catch StoreError.notFound, StoreError.noSuchEvidence {
            refusal = context.text[.unRecordNotFound]
        } catch StoreError.invalid(let issues) {
            refusal =
                context.text[
                    issues.contains { $0.path == "/date" }
                        ? .unDateInvalid
                        : kind == .repeat ? .unRepeatNotFound : .unFieldsInvalid]
        }
        return context.render(
            context.text[.unRecommendation],
            UNRecommendationView.render(
                model, text: context.text, csrf: context.session.csrfToken, error: (kind, refusal)),
            request: request, status: .unprocessableContent)
    }

    /// A form field's text, nil when blank.
    static func filled(_ text: String?) -> String? {
        text.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
    }

    /// The recommendation's page model; with `suggesting` (for writers), the recommendations of
    /// other documents it may repeat.
    private func recommendationModel(
        _ symbolText: String?, _ number: String?, context: SignedInPage<some RequiredPermission>,
        suggesting: Bool = true
    ) async throws -> UNRecommendationModel {
        guard let symbol = symbolText.flatMap(UNSymbol.init), let number,
            let tracked = try await store.unRecommendations(UNRecommendationFilter(symbol: symbol)).first(where: {
                $0.recommendation.number == number
            })
        else { throw PageError.status(404, context.language) }
        let repeats = try await store.unRepeats(of: tracked.id)
        let candidates =
            suggesting
            ? try await store.unRepeatCandidates(for: tracked, among: try await store.unRecommendations()) : []
        let linked = try await store.unLinkedRecords(symbol: tracked.symbol, number: number, access: context.access)
        let assessments = try await store.unAssessments(symbol: tracked.symbol, number: number, access: context.access)
        return UNRecommendationModel(
            tracked: tracked, linked: linked, assessments: assessments, repeats: repeats, candidates: candidates,
            listings: try await store.unExternalListings(of: tracked.id))
    }

    /// A record id typed in the link form, or pasted as its page's address (`/events/ID`, a full URL).
    static func recordID(fromLinkField text: String) -> RecordID? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let id = RecordID(trimmed) { return id }
        let last = trimmed.split(separator: "/").last.map(String.init) ?? ""
        return RecordID(last)
    }
}
