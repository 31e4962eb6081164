import Foundation

/// A PDF as the UN publishes it is read by poppler's `pdftotext` (pages separated by form feeds, in
/// reading order), which the caller runs.
public enum UNDocumentPDF {
    /// Whether `data` is a PDF (it starts with `%PDF-`), whatever the file is called.
    public static func isPDF(_ data: Data) -> Bool { data.prefix(5) == Data("%PDF-".utf8) }

    /// The arguments that make `pdftotext` print the text of `file` in UTF-8 with Unix line ends,
    /// pages separated by form feeds, to its standard output.
    public static func pdftotextArguments(_ file: URL) -> [String] {
        ["-enc", "UTF-8", "-eol", "unix", file.path, "-"]
    }
}
