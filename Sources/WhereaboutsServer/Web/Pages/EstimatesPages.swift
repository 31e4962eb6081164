import Foundation
import HTTPTypes
import Hummingbird
import WhereaboutsOperations
import WhereaboutsStore

extension WebController {
    /// The Estimates page for readers (figures as they may be published), and for those who may
    /// export, the overlap table as CSV and the whole estimate as JSON, each download an audited
    /// export. All of them are made of what the reader may see and nothing else.
    func registerEstimatePages(on router: Router<AppRequestContext>) {
        let readers = router.group(context: SignedInPage<CanRead>.self)
        readers.get(RouterPath(SiteURL.estimates.path)) { request, context in
            let query = try Self.estimatesQuery(request, context.language)
            let model = try await EstimatesModel.load(
                estimateOperations, query, actor: context.account.username, access: context.access,
                mayExport: context.account.permissions.contains(.export), origin: Self.origin(context))
            latestEstimates.record(model, for: context.access)
            return context.render(
                context.text[.estimatesTitle], EstimatesView.render(model, text: context.text), request: request)
        }

        let exporters = router.group(context: SignedInPage<CanExport>.self)
        exporters.get(RouterPath(SiteURL.estimatesOverlapCSV.path)) { request, context in
            let query = try Self.estimatesQuery(request, context.language)
            let csv = try await estimateOperations.exportOverlap(
                query.overlap, by: context.account.username, access: context.access, from: Self.origin(context))
            return Self.download(Data(csv.utf8), name: "overlap-table.csv", type: "text/csv; charset=utf-8")
        }
        exporters.get(RouterPath(SiteURL.estimatesJSON.path)) { request, context in
            let query = try Self.estimatesQuery(request, context.language)
            let result = try await estimateOperations.estimate(
                query.overlap, query.request, by: context.account.username, access: context.access,
                from: Self.origin(context))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            return Self.download(try encoder.encode(result), name: "estimate.json", type: "application/json")
        }
    }

    static func estimatesQuery(_ request: Request, _ language: Language) throws -> EstimatesQuery {
        do {
            return try EstimatesQuery(request)
        } catch {
            throw PageError.status(400, language)
        }
    }

    /// A file to save, never shown in the browser's window.
    static func download(_ data: Data, name: String, type: String) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: type, .contentDisposition: "attachment; filename=\"\(name)\"",
                .xContentTypeOptions: "nosniff", .cacheControl: "no-store",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
