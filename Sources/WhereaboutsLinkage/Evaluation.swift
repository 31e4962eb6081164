/// Pairwise precision, recall and F1 of predicted links against true ones.
public struct PairwiseScores: Sendable, Equatable, CustomStringConvertible {
    public let truePositives: Int
    public let falsePositives: Int
    public let falseNegatives: Int

    /// Compares predicted pairs with true pairs; pairs are unordered when `ordered` is false.
    public init(predicted: Set<Pair>, truth: Set<Pair>) {
        let hits = predicted.intersection(truth).count
        truePositives = hits
        falsePositives = predicted.count - hits
        falseNegatives = truth.count - hits
    }

    public var precision: Double {
        truePositives + falsePositives == 0 ? 0 : Double(truePositives) / Double(truePositives + falsePositives)
    }
    public var recall: Double {
        truePositives + falseNegatives == 0 ? 0 : Double(truePositives) / Double(truePositives + falseNegatives)
    }
    public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }

    public var description: String {
        "precision \(format(precision)), recall \(format(recall)), F1 \(format(f1)) (true positives \(truePositives), false positives \(falsePositives), false negatives \(falseNegatives))"
    }

    private func format(_ value: Double) -> String {
        let scaled = (value * 10000).rounded() / 10000
        return "\(scaled)"
    }

    /// An unordered pair of record identifiers.
    public struct Pair: Hashable, Sendable {
        public let first: String
        public let second: String
        public init(_ x: String, _ y: String) {
            (first, second) = x <= y ? (x, y) : (y, x)
        }
    }

    /// Every pair within each group (records of one true person).
    public static func pairs(inGroups groups: [[String]]) -> Set<Pair> {
        var result = Set<Pair>()
        for group in groups where group.count > 1 {
            for i in group.indices { for j in (i + 1)..<group.count { result.insert(Pair(group[i], group[j])) } }
        }
        return result
    }
}
