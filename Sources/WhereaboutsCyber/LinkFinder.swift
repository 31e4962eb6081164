import WhereaboutsCore

/// Finds links in text and HTML as plain text: a scan for `http://`, `https://` and `ftp://`, each
/// link ending at whitespace, a quote or an angle bracket. Nothing is parsed as HTML, so nothing in
/// a lure (scripts, styles, remote images) is ever interpreted; each link is only written down.
enum LinkFinder {
    static func links(in text: String, limit: Int) -> [String] {
        var found: [String] = []
        var seen: Set<String> = []
        let scalars = Array(text.unicodeScalars)
        var index = 0
        let schemes = ["https://", "http://", "ftp://"].map { Array($0.unicodeScalars) }
        while index < scalars.count, found.count < limit {
            guard scalars[index] == "h" || scalars[index] == "H" || scalars[index] == "f" || scalars[index] == "F",
                let scheme = schemes.first(where: { matches($0, scalars, at: index) })
            else {
                index += 1
                continue
            }
            var end = index + scheme.count
            while end < scalars.count, end - index < 2_048, !ends(scalars[end]) { end += 1 }
            var link = String(String.UnicodeScalarView(scalars[index..<end]))
            while let last = link.last, ".,;:!?)]}'".contains(last) { link.removeLast() }
            link = link.replacingOccurrences(of: "&amp;", with: "&")
            if link.count > scheme.count, IndicatorType.url.normalise(link) != nil, seen.insert(link).inserted {
                found.append(link)
            }
            index = end
        }
        return found
    }

    private static func matches(_ scheme: [Unicode.Scalar], _ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        guard index + scheme.count <= scalars.count else { return false }
        for offset in 0..<scheme.count {
            let scalar = scalars[index + offset]
            let lower = ("A"..."Z").contains(scalar) ? Unicode.Scalar(scalar.value + 32)! : scalar
            if lower != scheme[offset] { return false }
        }
        return true
    }

    private static func ends(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value <= 0x20 || "\"'<>`{}|\\^".unicodeScalars.contains(scalar) || scalar.value == 0x7F
            || scalar.properties.isWhitespace
    }
}
