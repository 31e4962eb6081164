import Foundation
import Hummingbird
import WhereaboutsCore
import WhereaboutsDocuments
import WhereaboutsOperations
import WhereaboutsStore

/// The UN documents pages: the tracker, a document, a recommendation, and linking a recommendation
/// to a record. Documents are published texts any reader may read; the records linked to them are
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
                request.uri.queryParameters.get("number"), context: context)
            let csrf = context.account.permissions.contains(.writeRecords) ? context.session.csrfToken : nil
            return context.render(
                "\(model.tracked.symbol) \(model.tracked.recommendation.number)",
                UNRecommendationView.render(model, text: context.text, csrf: csrf), request: request)
        }
        let writers = router.group(context: SignedInPage<CanWrite>.self)
        writers.post(RouterPath(SiteURL.unLink.path)) { request, context in
            let form = try await Form.read(request, context: context)
            try context.requireCSRF(form)
            let model = try await recommendationModel(form["symbol"], form["number"], context: context)
            guard let writer = Writer(account: context.account, compartments: [], noting: context.caller.identityReads)
            else { throw PageError.status(403, context.language) }
            // A record the writer may not see is refused exactly as one that does not exist.
            do {
                guard let record = form["record"].flatMap(Self.recordID(fromLinkField:)) else {
                    throw StoreError.notFound(RecordID())
                }
                try await unOperations.link(
                    symbol: model.tracked.symbol, number: model.tracked.recommendation.number, to: record,
                    note: form["note"], by: writer, from: Self.origin(context))
            } catch StoreError.notFound {
                return context.render(
                    context.text[.unRecommendation],
                    UNRecommendationView.render(
                        model, text: context.text, csrf: context.session.csrfToken,
                        error: context.text[.unRecordNotFound]),
                    request: request, status: .unprocessableContent)
            }
            return Response.seeOther(
                to: SiteURL.unRecommendation(model.tracked.symbol, model.tracked.recommendation.number).path + "#linked"
            )
        }
    }

    private func recommendationModel(
        _ symbolText: String?, _ number: String?, context: SignedInPage<some RequiredPermission>
    ) async throws -> UNRecommendationModel {
        guard let symbol = symbolText.flatMap(UNSymbol.init), let number,
            let tracked = try await store.unRecommendations(UNRecommendationFilter(symbol: symbol)).first(where: {
                $0.recommendation.number == number
            })
        else { throw PageError.status(404, context.language) }
        let linked = try await store.unLinkedRecords(symbol: tracked.symbol, number: number, access: context.access)
        return UNRecommendationModel(tracked: tracked, linked: linked)
    }

    /// A record id typed in the link form, or pasted as its page's address (`/events/ID`, a full URL).
    static func recordID(fromLinkField text: String) -> RecordID? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let id = RecordID(trimmed) { return id }
        let last = trimmed.split(separator: "/").last.map(String.init) ?? ""
        return RecordID(last)
    }
}
