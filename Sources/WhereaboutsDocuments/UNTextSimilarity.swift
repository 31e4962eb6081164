import Foundation

/// How alike two recommendations' words are, to suggest that a later recommendation repeats an
/// earlier one: the Jaccard index of their content words, each cut to its first six letters (so
/// `ratify`/`ratification`, `abduction`/`abductees` meet), without the words every recommendation
/// uses. A suggestion only: a documenter decides, nothing is linked by it.
public enum UNTextSimilarity {
    /// From 0 (no word in common) to 1 (the same words).
    public static func score(_ a: String, _ b: String) -> Double { score(stems(a), stems(b)) }

    /// The score of two texts' ``stems(_:)``, for comparing one text with many.
    public static func score(_ left: Set<String>, _ right: Set<String>) -> Double {
        guard !left.isEmpty, !right.isEmpty else { return 0 }
        return Double(left.intersection(right).count) / Double(left.union(right).count)
    }

    /// The content words' stems of `text`.
    public static func stems(_ text: String) -> Set<String> {
        let words = text.lowercased().split { !$0.isLetter }
        return Set(words.filter { $0.count >= 4 }.map { String($0.prefix(6)) }.filter { !common.contains($0) })
    }

    /// Stems nearly every recommendation has.
    static let common: Set<String> = [
        "with", "that", "this", "their", "these", "those", "from", "into", "under", "other", "such", "take",
        "measur", "ensure", "includ", "human", "rights", "effort", "contin", "consid", "view", "within", "state",
        "people", "countr", "govern", "nation", "intern", "all",
    ]
}
