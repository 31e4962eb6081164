/// Groups records into persons from scored pairs without chaining strangers together.
///
/// Pairs are taken strongest first. Two groups are joined only when the average match probability
/// over every pair across them (scored on demand when blocking did not propose it) reaches the
/// threshold: one weak link between two otherwise unrelated groups is not enough (average linkage),
/// and no two records of one list across them may be surely apart.
public struct Clustering: Sendable {
    public let count: Int
    public let threshold: Double
    /// Pairs (`a << 32 | b`, `a < b`) judged not the same: groups holding them are never joined.
    public let cannotLink: Set<UInt64>
    /// Whether two records come from one list (see ``apart``).
    public let sameList: @Sendable (Int, Int) -> Bool
    /// The weight of any pair of records.
    public let weight: @Sendable (Int, Int) -> Double

    public init(
        count: Int, threshold: Double, cannotLink: Set<UInt64> = [],
        sameList: @escaping @Sendable (Int, Int) -> Bool = { _, _ in false },
        weight: @escaping @Sendable (Int, Int) -> Double
    ) {
        self.count = count
        self.threshold = threshold
        self.cannotLink = cannotLink
        self.sameList = sameList
        self.weight = weight
    }

    /// Edges at or above this weight are pairs a person judged the same.
    static let judgedWeight = 500.0
    /// Groups are never joined when two records of one list across them are less likely than this
    /// the same person: where a list is learned not to repeat people, two of its records in one
    /// group are not outweighed by the other pairs' average (records of different lists that
    /// disagree are weighed in the average, as one record may be badly copied).
    static let apart = 0.01

    /// Clusters of two or more records, each sorted, from `edges` (any order).
    public func cluster(edges: [ScoredPair]) -> [[Int]] {
        var parent = Array(0..<count)
        var members: [Int: [Int]] = [:]
        func root(_ x: Int) -> Int {
            var x = x
            while parent[x] != x {
                parent[x] = parent[parent[x]]
                x = parent[x]
            }
            return x
        }
        edges: for edge in edges.sorted(by: { $0.weight > $1.weight }) {
            let ra = root(edge.a)
            let rb = root(edge.b)
            if ra == rb { continue }
            let left = members[ra] ?? [ra]
            let right = members[rb] ?? [rb]
            if !cannotLink.isEmpty,
                left.contains(where: { x in
                    right.contains { y in cannotLink.contains(UInt64(min(x, y)) << 32 | UInt64(max(x, y))) }
                })
            {
                continue
            }
            // A pair judged the same (weighted far above anything scored) joins its groups outright.
            if edge.weight < Self.judgedWeight, left.count > 1 || right.count > 1 {
                var total = 0.0
                for x in left {
                    for y in right {
                        let probability = FellegiSunterModel.probability(weight: weight(x, y))
                        if probability < Self.apart, sameList(x, y) { continue edges }
                        total += probability
                    }
                }
                guard total / Double(left.count * right.count) >= threshold else { continue }
            }
            parent[rb] = ra
            members[ra] = left + right
            members[rb] = nil
        }
        return members.values.filter { $0.count > 1 }.map { $0.sorted() }.sorted { $0[0] < $1[0] }
    }
}
