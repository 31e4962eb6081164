import Foundation

/// Citations of UN documents in running text: a symbol, and the paragraphs when they follow it
/// (`S/2024/215, para. 129`, `A/HRC/25/CRP.1, paras. 1011–1025`, `A/HRC/13/13, paragraph 90 (a)`).
public enum UNCitations {
    static let paragraphs = try! NSRegularExpression(
        pattern:
            #"^\)?,?\s*(?:paras?\.|paragraphs?)\s*([0-9]{1,4}(?:\s?\([a-z]{1,2}\))?(?:\s*(?:–|-|,|and)\s*[0-9]{1,4}(?:\s?\([a-z]{1,2}\))?)*)"#
    )

    /// Resolutions cited by organ and number (`Security Council resolution 1718 (2006)`, `General
    /// Assembly resolution 79/181`, `Human Rights Council resolution 5/1`), with their series.
    static let resolutions: [(pattern: NSRegularExpression, series: String)] = [
        (#"Security Council resolutions?\s+([0-9]{1,4})\s*\(([0-9]{4})\)"#, "S/RES"),
        (#"(?:General )?Assembly resolutions?\s+([0-9]{1,3}/[0-9]{1,3})"#, "A/RES"),
        (#"Human Rights Council resolutions?\s+([0-9]{1,2}/[0-9]{1,3})"#, "A/HRC/RES"),
    ].map { (try! NSRegularExpression(pattern: $0.0), $0.1) }

    /// Every citation in `text`, in order, once each. `Ibid.` with a paragraph cites the document
    /// `previous` cited last.
    public static func all(in text: String, previous: UNSymbol? = nil) -> [UNCitation] {
        var found: [UNCitation] = []
        let ns = text as NSString
        if let previous, text.hasPrefix("Ibid."),
            let match = paragraphs.firstMatch(
                in: String(text.dropFirst(5)), range: NSRange(location: 0, length: ns.length - 5)),
            let numbers = Range(match.range(at: 1), in: String(text.dropFirst(5)))
        {
            found.append(UNCitation(symbol: previous, paragraphs: String(String(text.dropFirst(5))[numbers])))
        }
        for (pattern, series) in resolutions {
            for match in pattern.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
                var symbol = "\(series)/\(ns.substring(with: match.range(at: 1)))"
                if match.numberOfRanges > 2 { symbol += " (\(ns.substring(with: match.range(at: 2))))" }
                if let symbol = UNSymbol(symbol) { found.append(UNCitation(symbol: symbol, paragraphs: nil)) }
            }
        }
        for (symbol, range) in UNSymbol.all(in: text) {
            let after = String(text[range.upperBound...].prefix(80))
            var cited: String?
            if let match = paragraphs.firstMatch(in: after, range: NSRange(after.startIndex..., in: after)),
                let numbers = Range(match.range(at: 1), in: after)
            {
                cited = String(after[numbers]).replacingOccurrences(of: "-", with: "–")
            }
            let citation = UNCitation(symbol: symbol, paragraphs: cited)
            if !found.contains(citation) { found.append(citation) }
        }
        return found
    }
}
