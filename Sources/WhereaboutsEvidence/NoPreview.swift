/// Why an evidence item's page shows no preview of it (decision 0038). The page says which; the
/// file can still be downloaded (as an attachment) unless it is withheld.
public enum NoPreview: String, Sendable, Error, CaseIterable {
    /// The source's consent no longer covers the file.
    case withheld
    /// Hostile material (a lure's attachment): never opened on the server, whatever its type.
    case hostile
    /// Not an image browsers only draw nor a PDF, by its sniffed type (audio, video, HTML, SVG…).
    case notPreviewable = "not-previewable"
    /// A PDF larger than the server previews.
    case tooLarge = "too-large"
    /// The server has no PDF previewer (poppler's `pdftoppm` and `pdfinfo` are not installed).
    case noPreviewer = "no-previewer"
    /// The PDF cannot be read: damaged, not a PDF after all, or locked with a password.
    case unreadable
    /// Drawing the page took more time, memory or output than a preview may.
    case tooCostly = "too-costly"
    /// The stored copy does not match what intake recorded (`whereabouts evidence verify` names the fault).
    case damaged
    /// The page asked for is not among those previewed.
    case noSuchPage = "no-such-page"
}
