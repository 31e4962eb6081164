import Foundation
import HTTPTypes
import WhereaboutsEvidence
import WhereaboutsOperations
import WhereaboutsStore

/// What an evidence item's page shows of the file (decision 0038): the image itself, one page of a
/// PDF drawn on the server as a PNG, or why there is no preview.
enum EvidencePreviewModel: Sendable, Equatable {
    case image
    /// Page `page` of a PDF of `pages` pages, of which the first `previewed` can be drawn.
    case pdf(page: Int, pages: Int, previewed: Int)
    case none(NoPreview)

    /// The preview of `item` at `page` (PDFs only): counting a PDF's pages reads its content, as part of
    /// the page's view already in its custody. A stored copy that fails its checks shows no preview, and
    /// the page still shows the item and its custody.
    static func load(
        _ item: EvidenceItem, page: Int, operations: EvidenceOperations, access: RecordAccess,
        previewer: PDFPreviewer?
    ) async throws -> EvidencePreviewModel {
        switch try await operations.previewKind(of: item, access: access, previewer: previewer) {
        case .failure(let reason): return .none(reason)
        case .success(.image): return .image
        case .success(.pdfPages):
            let counted: Result<Int, NoPreview>
            do {
                counted = try await operations.pdfPageCount(of: item, access: access, previewer: previewer)
            } catch EvidenceError.damaged {
                return .none(.damaged)
            }
            switch counted {
            case .failure(let reason): return .none(reason)
            case .success(let pages):
                let previewed = min(pages, previewer?.limits.pages ?? 0)
                return (1...max(1, previewed)).contains(page)
                    ? .pdf(page: page, pages: pages, previewed: previewed) : .none(.noSuchPage)
            }
        }
    }
}

/// Draws the preview part of an item's page, and answers for the preview itself.
enum EvidencePreview {
    /// Headers of a preview: the type it is served as, `nosniff`, a sandbox policy, never kept in a cache.
    static func headers(mediaType: String) -> HTTPFields {
        [
            .contentType: mediaType, .contentDisposition: "inline", .xContentTypeOptions: "nosniff",
            .contentSecurityPolicy: "default-src 'none'; sandbox", .cacheControl: "no-store",
            HTTPField.Name("Cross-Origin-Resource-Policy")!: "same-origin",
        ]
    }

    static func render(_ preview: EvidencePreviewModel, item: EvidenceItem, text: Localizer) -> HTML {
        let source = SiteURL.evidencePreview(item.id).path
        switch preview {
        case .image:
            return """
                <figure class="preview" id="preview"><img src="\(source)" alt="\(text.format(.evidencePreviewAlt, item.name))">\
                <figcaption>\(text[.evidencePreview])</figcaption></figure>
                """
        case .pdf(let page, let pages, let previewed):
            let here = SiteURL.evidence(item.id).path
            let previous: HTML =
                page > 1
                ? "<a href=\"\(here)?page=\(page - 1)#preview\" rel=\"prev\">\(text[.evidencePDFPrevious])</a>" : .empty
            let next: HTML =
                page < previewed
                ? "<a href=\"\(here)?page=\(page + 1)#preview\" rel=\"next\">\(text[.evidencePDFNext])</a>" : .empty
            let limited: HTML =
                pages > previewed
                ? "<p class=\"hint\">\(text.format(.evidencePDFLimited, String(previewed)))</p>" : .empty
            return """
                <figure class="preview" id="preview"><img src="\(source)?page=\(page)" \
                alt="\(text.format(.evidencePDFPageAlt, String(page), String(pages), item.name))">\
                <figcaption>\(text.format(.evidencePDFCaption, String(page), String(pages)))</figcaption></figure>
                <nav class="pager" aria-label="\(text[.evidencePDFPages])">\(previous) \(next)</nav>
                \(limited)
                """
        case .none(let reason):
            return "<p class=\"hint\" id=\"no-preview\">\(text.value("no-preview", reason.rawValue))</p>"
        }
    }
}
