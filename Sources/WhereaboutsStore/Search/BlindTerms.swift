import WhereaboutsCore
import WhereaboutsNames

/// The terms that go into the keyed blind index in place of identifying text, and the terms a
/// query needs from it.
///
/// Text is normalised as for search (``SearchText/normalise(_:)``) and cut into runs of letters and
/// digits. Every run is a term (a name part, a word). Runs written in Hangul, kanji or kana also
/// give every pair of neighbouring characters, and in names every single character too, so that 김,
/// 영희 or 拉致 are found inside longer runs (a single character is looked up in names only); a longer query run in these scripts needs all of its pairs. Names also
/// give each part with its hyphens dropped and the whole name run together (`young-hee` →
/// `younghee`, `kim young-hee` → `kimyounghee`), so the usual ways of writing a romanised given name meet.
///
/// Latin words are found whole only (no prefixes, no substrings): that is what a keyed exact index can do.
///
/// Names also give their ``NameKey``s (prefixed `k:`), so that a name searched in another
/// romanisation or in Hangul (Pak Jong-hui, 박정희, Park Chung-hee) finds the person; a query term
/// is satisfied by its exact terms or by its name key.
enum BlindTerms {
    /// At most this many distinct terms per record, so one very long testimony stays bounded.
    static let maximumPerRecord = 20_000

    static func index(names: [String], forms: [NameForm] = [], text: [String]) -> [String] {
        var terms = Set<String>()
        for form in forms {
            for key in NameKey.keys(full: form.full, family: form.family, given: form.given) {
                terms.insert("k:" + key)
            }
        }
        for name in names {
            let normalised = SearchText.normalise(name)
            let parts = normalised.split(separator: " ")
            for part in parts { add(runs(String(part)), joined: true, singles: true, to: &terms) }
            if parts.count > 1 { terms.insert(runs(normalised).joined()) }
        }
        for item in text { add(runs(SearchText.normalise(item)), joined: false, singles: false, to: &terms) }
        terms.remove("")
        return Array(terms.sorted().prefix(maximumPerRecord))
    }

    /// What a query term needs from a record: every one of the returned groups, each satisfied by
    /// any of its terms — the term's exact terms, each together with the term's name key (so either all
    /// exact terms, or the key). Empty when the term has no letters or digits.
    static func required(_ term: String) -> [[String]] {
        var needed: [String] = []
        for run in runs(SearchText.normalise(term)) {
            let scalars = Array(run.unicodeScalars)
            if scalars.count > 2, scalars.contains(where: isEastAsian) {
                needed += pairs(scalars)
            } else {
                needed.append(run)
            }
        }
        var seen = Set<String>()
        let exact = needed.filter { seen.insert($0).inserted }
        let key = NameKey.of(term).map { "k:" + $0 }
        return exact.map { [$0] + (key.map { [$0] } ?? []) }
    }

    private static func add(_ runs: [String], joined: Bool, singles: Bool, to terms: inout Set<String>) {
        for run in runs {
            terms.insert(run)
            let scalars = Array(run.unicodeScalars)
            if scalars.contains(where: isEastAsian) {
                if singles { for scalar in scalars { terms.insert(String(scalar)) } }
                terms.formUnion(pairs(scalars))
            }
        }
        if joined, runs.count > 1 { terms.insert(runs.joined()) }
    }

    private static func pairs(_ scalars: [Unicode.Scalar]) -> [String] {
        guard scalars.count > 1 else { return [] }
        return (1..<scalars.count).map { index in
            var pair = String.UnicodeScalarView()
            pair.append(scalars[index - 1])
            pair.append(scalars[index])
            return String(pair)
        }
    }

    /// Runs of letters and digits.
    static func runs(_ normalised: String) -> [String] {
        var runs: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in normalised.unicodeScalars {
            if SearchText.isWordScalar(scalar) {
                current.append(scalar)
            } else if !current.isEmpty {
                runs.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { runs.append(String(current)) }
        return runs
    }

    /// Hangul, CJK ideographs and kana: scripts written without spaces between words or name parts.
    static func isEastAsian(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x11FF, 0x3130...0x318F, 0xAC00...0xD7AF: return true
        case 0x3040...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9F: return true
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FFFF: return true
        default: return false
        }
    }
}
