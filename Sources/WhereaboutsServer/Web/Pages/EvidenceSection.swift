import WhereaboutsCore
import WhereaboutsStore

/// The read-only list of a record's evidence items on its page: name, type sniffed from the bytes,
/// size, SHA-256, when it was taken in, and a download link (an attachment, logged in custody).
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
            <tr><td>\(item.name)</td><td>\(item.mediaType)</td><td>\(item.size)</td>\
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
