import Foundation

/// The running text of a UN document as `pdftotext` or a text export gives it, with what only
/// belongs to the printed page taken out: the symbol and page number at each page's top or foot,
/// the job number (`GE.10-10175`), "Please recycle", and links written as `[79/181](#)`.
public enum UNDocumentText {
    /// Pages of `raw` (split on form feeds; one page when there are none), cleaned.
    public static func pages(_ raw: String, symbol: UNSymbol?) -> [[String]] {
        var text = raw.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\u{00A0}", with: " ")
        text = text.replacingOccurrences(
            of: #"\[([^\]\n]{1,200})\]\([^)\s]*\)"#, with: "$1", options: .regularExpression)
        // Emphasis written `*…*` in a text export (a lone `*` marks the cover's footnote and stays).
        text = text.replacingOccurrences(of: #"\*([^*\n]{2,300})\*"#, with: "$1", options: .regularExpression)
        text = text.replacingOccurrences(
            of: #"GE\.\s?[0-9]{2}-[0-9]{5}(?:\s*\([A-Z]\))?(?:\s+[0-9]{6}){0,2}"#, with: "", options: .regularExpression
        )
        let symbolText = symbol?.description
        let paged = text.contains("\u{0C}")
        return text.components(separatedBy: "\u{0C}").map { page in
            var lines = page.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            lines.removeAll { line in
                line == symbolText || line.caseInsensitiveCompare("Please recycle") == .orderedSame
                    || line.range(of: #"^\*[0-9]{7}\*$"#, options: .regularExpression) != nil
            }
            // A page number stands alone among the first or last lines of a page.
            let filled = lines.indices.filter { !lines[$0].isEmpty }
            let edges = Set(filled.prefix(2) + filled.suffix(2))
            if paged {
                for index in edges.sorted(by: >)
                where lines[index].range(of: #"^[0-9]{1,3}$"#, options: .regularExpression) != nil {
                    lines.remove(at: index)
                }
            }
            return lines
        }
    }
}
