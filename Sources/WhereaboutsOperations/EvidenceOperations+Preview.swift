import WhereaboutsCore
import WhereaboutsEvidence
import WhereaboutsStore

/// The preview an evidence item's page may show (decision 0038).
public enum EvidencePreviewKind: Sendable, Equatable {
    /// The file itself, an image of a kind browsers only ever draw.
    case image
    /// Its pages drawn as PNG on the server; the PDF itself never reaches the browser.
    case pdfPages
}

extension EvidenceOperations {
    /// Images served as they are: browsers only draw these, by their sniffed type (never SVG).
    public static let previewedImageTypes: Set<String> = ["image/png", "image/jpeg", "image/gif", "image/webp"]

    /// The sniffed type PDF previews are drawn from.
    public static let pdfType = "application/pdf"

    /// Which preview `item` may have, or why it has none. Decided by the sniffed media type, never by
    /// the file's name or stated type; hostile material and withheld files have none, whatever they are.
    public func previewKind(
        of item: EvidenceItem, access: RecordAccess, previewer: PDFPreviewer?
    ) async throws -> Result<EvidencePreviewKind, NoPreview> {
        if try await store.evidenceWithheld(item) { return .failure(.withheld) }
        if try await store.kind(of: item.recordID, access: access).bodyType.evidenceIsHostile {
            return .failure(.hostile)
        }
        if Self.previewedImageTypes.contains(item.mediaType) { return .success(.image) }
        guard item.mediaType == Self.pdfType else { return .failure(.notPreviewable) }
        guard let previewer else { return .failure(.noPreviewer) }
        guard item.size <= previewer.limits.largestFile else { return .failure(.tooLarge) }
        return .success(.pdfPages)
    }

    /// How many pages a PDF item has, for its page: part of the page's view, which ``view(_:access:actor:from:)``
    /// recorded (nothing is recorded here). The content is read, checked frame by frame and whole, on its way
    /// to `pdfinfo`; only a PDF ``previewKind(of:access:previewer:)`` allows is read.
    public func pdfPageCount(
        of item: EvidenceItem, access: RecordAccess, previewer: PDFPreviewer?
    ) async throws -> Result<Int, NoPreview> {
        let kind = try await previewKind(of: item, access: access, previewer: previewer)
        guard case .success(.pdfPages) = kind, let previewer else {
            return .failure(kind.failure ?? .notPreviewable)
        }
        return try await previewer.pageCount(of: Self.feed(try await store.evidenceReader(item)))
    }

    /// Page `page` of a PDF item as a PNG for `actor`: a `view` in the item's custody (with its audit
    /// entry, together) once the preview is allowed, before the content is read. An item `access` may not
    /// see is ``StoreError/noSuchEvidence(_:)``, as a missing id; one without a PDF preview, or a page out
    /// of bounds, is the reason, and nothing is read or recorded.
    public func pdfPage(
        _ id: String, page: Int, access: RecordAccess, actor: String, previewer: PDFPreviewer?, from origin: Origin
    ) async throws -> Result<[UInt8], NoPreview> {
        let item = try await store.evidenceItem(id, access: access)
        let kind = try await previewKind(of: item, access: access, previewer: previewer)
        guard case .success(.pdfPages) = kind, let previewer else {
            return .failure(kind.failure ?? .notPreviewable)
        }
        guard (1...previewer.limits.pages).contains(page) else { return .failure(.noSuchPage) }
        let (_, reader) = try await open(
            id, access: access, actor: actor, event: .view, note: "page \(page) drawn as PNG via \(origin.via)",
            from: origin)
        return try await previewer.page(page, of: Self.feed(reader))
    }

    /// An item's content handed to a tool as it is read; a frame that fails its checks, or a whole that
    /// differs from intake, stops the tool and is thrown.
    static func feed(_ reader: EvidenceReader) -> ExternalTool.Feed {
        { write in try await reader.read { bytes in try write(bytes) } }
    }
}

extension Result {
    /// The error, when there is one.
    fileprivate var failure: Failure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }
}
