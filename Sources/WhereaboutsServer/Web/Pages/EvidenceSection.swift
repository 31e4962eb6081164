import WhereaboutsCore
import WhereaboutsStore

/// The list of a record's evidence items on its page: name (a link to the item's page, with the
/// transformation of a derived copy), type sniffed from the bytes, size, SHA-256, when it was taken
/// in, and a download link (an attachment, logged in custody). The upload form is drawn below it,
/// outside the kept page (``EvidenceUploadForm``).
enum EvidenceSection {
    /// The items the reader may see; nil when the record's kind carries no evidence or the reader
    /// may not see evidence (then the page shows no section at all).
    static func load(
        _ id: RecordID, kind: RecordKind, store: SQLRecordStore, access: RecordAccess
    ) async throws -> [EvidenceItem]? {
        guard kind.bodyType.carriesEvidence, access.seesIdentities else { return nil }
        return try await store.evidenceItems(on: id, access: access)
    }

    static func render(_ items: [EvidenceItem]?, text: Localizer) -> HTML {
        guard let items else { return .empty }
        guard !items.isEmpty else {
            return "<section class=\"evidence\"><h2>\(text[.evidenceTitle])</h2><p>\(text[.evidenceNone])</p></section>"
        }
        let rows = items.map { item -> HTML in
            """
            <tr><td><a href="\(SiteURL.evidence(item.id).path)">\(item.name)</a>\
            \(item.description.transformation.map { " (" + $0 + ")" })</td><td>\(item.mediaType)</td><td>\(item.size)</td>\
            <td><code>\(item.sha256)</code></td><td>\(item.createdAt)</td>\
            <td><a href="\(SiteURL.evidenceDownload(item.id).path)" download>\(text[.evidenceDownload])</a></td></tr>
            """
        }
        return """
            <section class="evidence"><h2>\(text[.evidenceTitle])</h2><table><thead><tr>\
            <th>\(text[.evidenceName])</th><th>\(text[.evidenceType])</th><th>\(text[.evidenceSize])</th>\
            <th>\(text[.evidenceSHA256])</th><th>\(text[.evidenceTakenIn])</th><th></th></tr></thead>\
            <tbody>\(rows)</tbody></table></section>
            """
    }
}
