import Foundation
import HTTPTypes
import Hummingbird
import WhereaboutsCore
import WhereaboutsEvidence
import WhereaboutsOperations
import WhereaboutsStore

/// An evidence item's page: what was stated and what intake found, the record it is evidence for,
/// the copy it was derived from and those derived from it, its chain of custody, and a safe
/// preview (an image, or a PDF's page drawn on the server). Loading it is a `view` in the item's
/// custody (decisions 0026, 0038).
struct EvidenceItemPageModel: Sendable {
    let item: EvidenceItem
    /// The chain of custody, this view included.
    let custody: [CustodyRecord]
    let record: StoredRecord
    let parent: EvidenceItem?
    let derived: [EvidenceItem]
    /// The source's consent no longer covers the file: it is neither previewed nor offered for download.
    let withheld: Bool
    /// The item's own trusted timestamp, when it has one (decision 0029).
    let timestamp: ItemTimestamp?

    /// The preview shown, or why there is none (decision 0038).
    let preview: EvidencePreviewModel

    /// Records the view and reads the page (with page `page` of a PDF's preview); an item `access` may
    /// not see is ``StoreError/noSuchEvidence(_:)``.
    static func load(
        _ id: String, page: Int = 1, operations: EvidenceOperations, access: RecordAccess, actor: String,
        origin: OperationOrigin, previewer: PDFPreviewer? = nil
    ) async throws -> EvidenceItemPageModel {
        let shown = try await operations.view(id, access: access, actor: actor, from: origin)
        let item = shown.item
        let store = operations.store
        let siblings = try await store.evidenceItems(on: item.recordID, access: access)
        return EvidenceItemPageModel(
            item: item, custody: shown.custody, record: try await store.get(item.recordID, access: access),
            parent: siblings.first { $0.id == item.parentID }, derived: siblings.filter { $0.parentID == item.id },
            withheld: try await store.evidenceWithheld(item), timestamp: try await store.evidenceTimestamp(of: item),
            preview: try await EvidencePreviewModel.load(
                item, page: page, operations: operations, access: access, previewer: previewer))
    }
}

/// Draws an evidence item's page from its model.
enum EvidenceItemPageView {
    static func render(_ model: EvidenceItemPageModel, text: Localizer, upload: HTML) -> HTML {
        let item = model.item
        let description = item.description
        let capture =
            description.stated.capture.isEmpty
            ? "<p>\(text[.evidenceCaptureNone])</p>" as HTML
            : "<dl class=\"fields\">\(description.stated.capture.keys.sorted().map { "<dt>\(captureLabel($0, text))</dt><dd>\(description.stated.capture[$0])</dd>" as HTML })</dl>"
        let parent: HTML =
            model.parent.map { parent in
                """
                <dt>\(text[.evidenceParent])</dt><dd><a href="\(SiteURL.evidence(parent.id).path)">\(parent.name)</a>\
                \(description.transformation.map { " — " + $0 })</dd>
                """
            } ?? .empty
        let file: HTML
        if model.withheld {
            file = "<p class=\"alert\">\(text[.evidenceWithheld])</p>"
        } else {
            file = """
                \(EvidencePreview.render(model.preview, item: item, text: text))
                <p><a href="\(SiteURL.evidenceDownload(item.id).path)" download>\(text[.evidenceDownload])</a></p>
                """
        }
        return """
            <p class="kind">\(text[.evidenceItemKind])</p>
            <h1>\(item.name)</h1>
            <dl class="fields">
            <dt>\(text[.evidenceRecord])</dt><dd><a href="\(SiteURL.record(model.record.metadata.kind, item.recordID).path)">\(model.record.metadata.title)</a></dd>
            \(parent)
            <dt>\(text[.evidenceName])</dt><dd>\(item.name)</dd>
            <dt>\(text[.evidenceStatedType])</dt><dd>\(description.stated.type ?? "—")</dd>
            <dt>\(text[.evidenceType])</dt><dd>\(item.mediaType)</dd>
            <dt>\(text[.evidenceSize])</dt><dd>\(item.size)</dd>
            <dt>\(text[.evidenceSHA256])</dt><dd><code class="hash" id="sha256">\(item.sha256)</code></dd>
            <dt>\(text[.evidenceSHA512])</dt><dd><code class="hash" id="sha512">\(description.intake.sha512)</code></dd>
            <dt>\(text[.evidenceTakenInBy])</dt><dd>\(text.timestamp(item.createdAt)) · \(item.createdBy)</dd>
            <dt>\(text[.evidenceTimestamp])</dt><dd id="timestamp">\(model.timestamp.map { "\(text.timestamp($0.time)) · \($0.authority)" } ?? text[.evidenceTimestampNone])</dd>
            </dl>
            \(file)
            <h2 id="capture">\(text[.evidenceCapture])</h2>
            \(capture)
            <h2 id="derived">\(text[.evidenceDerivedTitle])</h2>
            \(derived(model, text))
            <h2 id="custody">\(text[.evidenceCustodyTitle])</h2>
            <p class="hint">\(text[.evidenceCustodyHint])</p>
            \(custody(model.custody, text))
            \(upload)
            """
    }

    /// A capture key's label when the form offers it, else the key as it was stated (CLI, API).
    static func captureLabel(_ key: String, _ text: Localizer) -> String {
        EvidenceUploadInput.captureFields.first { $0.key == key }.map { text[$0.label] } ?? key
    }

    static func derived(_ model: EvidenceItemPageModel, _ text: Localizer) -> HTML {
        guard !model.derived.isEmpty else { return "<p>\(text[.evidenceDerivedNone])</p>" }
        let rows = model.derived.map { copy -> HTML in
            """
            <tr><td><a href="\(SiteURL.evidence(copy.id).path)">\(copy.name)</a></td>\
            <td>\(copy.description.transformation ?? "—")</td><td>\(copy.mediaType)</td>\
            <td><code class="hash">\(copy.sha256)</code></td><td>\(text.timestamp(copy.createdAt)) · \(copy.createdBy)</td></tr>
            """
        }
        return """
            <table aria-labelledby="derived"><thead><tr><th scope="col">\(text[.evidenceName])</th>\
            <th scope="col">\(text[.evidenceTransformation])</th><th scope="col">\(text[.evidenceType])</th>\
            <th scope="col">\(text[.evidenceSHA256])</th><th scope="col">\(text[.evidenceTakenIn])</th></tr></thead>\
            <tbody>\(rows)</tbody></table>
            """
    }

    static func custody(_ entries: [CustodyRecord], _ text: Localizer) -> HTML {
        let rows = entries.map { record -> HTML in
            let entry = record.entry
            return """
                <tr><td>\(entry.index)</td><td>\(text.value("custody-event", entry.event.rawValue))</td>\
                <td>\(entry.actor)</td><td>\(text.timestamp(entry.at))</td>\
                <td><code class="hash">\(record.fromHash.isEmpty ? "—" : record.fromHash)</code></td>\
                <td><code class="hash">\(record.toHash)</code></td><td>\(record.note)</td></tr>
                """
        }
        return """
            <table id="custody-chain" aria-labelledby="custody"><thead><tr><th scope="col">#</th>\
            <th scope="col">\(text[.custodyEvent])</th><th scope="col">\(text[.custodyActor])</th>\
            <th scope="col">\(text[.custodyTime])</th><th scope="col">\(text[.custodyFrom])</th>\
            <th scope="col">\(text[.custodyTo])</th><th scope="col">\(text[.note])</th></tr></thead>\
            <tbody>\(rows)</tbody></table>
            """
    }
}

extension WebController {
    /// The item's page and its image preview, for a signed-in reader who may see the item; anyone
    /// else gets the page a missing id gets.
    func registerEvidencePages(on router: Router<AppRequestContext>) {
        let readers = router.group(context: SignedInPage<CanRead>.self)
        readers.get(RouterPath("/evidence/:id")) { request, context in
            guard let id = context.parameters.get("id") else { throw PageError.status(404, context.language) }
            let model = try await EvidenceItemPageModel.load(
                id, page: request.uri.queryParameters.get("page").flatMap { Int($0) } ?? 1,
                operations: evidenceOperations, access: context.access, actor: context.account.username,
                origin: Self.origin(context), previewer: pdfPreviewer)
            let upload =
                context.account.permissions.contains(.writeRecords)
                ? EvidenceUploadForm.render(
                    .derived(model.item), csrf: context.session.csrfToken, limit: evidenceLimit, text: context.text)
                : .empty
            return context.render(
                model.item.name, EvidenceItemPageView.render(model, text: context.text, upload: upload),
                request: request)
        }

        readers.get(RouterPath("/evidence/:id/preview")) { request, context in
            guard let id = context.parameters.get("id") else { throw PageError.status(404, context.language) }
            let item = try await evidenceOperations.store.evidenceItem(id, access: context.access)
            let origin = OperationOrigin(via: "web preview", address: context.address)
            // An item without a preview has none to find: the same page as a missing one, nothing recorded.
            switch try await evidenceOperations.previewKind(of: item, access: context.access, previewer: pdfPreviewer) {
            case .success(.image):
                let (opened, reader) = try await evidenceOperations.open(
                    id, access: context.access, actor: context.account.username, event: .view, from: origin)
                return try await EvidenceController.content(
                    of: opened, reader, headers: EvidencePreview.headers(mediaType: opened.mediaType))
            case .success(.pdfPages):
                guard let page = Int(request.uri.queryParameters.get("page") ?? "1") else {
                    throw PageError.status(404, context.language)
                }
                let drawn = try await evidenceOperations.pdfPage(
                    id, page: page, access: context.access, actor: context.account.username, previewer: pdfPreviewer,
                    from: origin)
                guard case .success(let png) = drawn else { throw PageError.status(404, context.language) }
                return Response(
                    status: .ok, headers: EvidencePreview.headers(mediaType: "image/png"),
                    body: ResponseBody(byteBuffer: ByteBuffer(bytes: png)))
            case .failure:
                throw PageError.status(404, context.language)
            }
        }
    }
}
