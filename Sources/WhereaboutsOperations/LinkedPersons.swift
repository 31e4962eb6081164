import WhereaboutsCore
import WhereaboutsStore

/// Person records grouped into persons as reviewers decided: a pair judged "same person" is one
/// person, a pair judged "different" is never put together — not even through others (A = B, B = C
/// and A ≠ C leaves C apart). Decisions are applied in the order they were made; one that would join
/// two records judged different is not applied and is counted as a conflict.
struct LinkedPersons {
    private var parent: [Int]
    private var members: [[Int]]
    /// Per group (by its root), the records judged different from one of its members.
    private var apart: [Set<Int>]
    private let index: [RecordID: Int]
    /// "Same" decisions applied, and those not applied because they contradict a "different" one.
    private(set) var applied = 0
    private(set) var conflicts = 0

    init(_ records: [RecordID], decisions: [JudgedPair]) {
        index = Dictionary(records.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        parent = Array(records.indices)
        members = records.indices.map { [$0] }
        apart = Array(repeating: [], count: records.count)
        let known = decisions.compactMap { pair -> (Int, Int, Bool)? in
            guard let a = index[pair.recordA], let b = index[pair.recordB], a != b else { return nil }
            return (a, b, pair.same)
        }
        for (a, b, same) in known where !same {
            apart[a].insert(b)
            apart[b].insert(a)
        }
        for (a, b, same) in known where same { join(a, b) }
    }

    private mutating func root(_ record: Int) -> Int {
        var node = record
        while parent[node] != node {
            parent[node] = parent[parent[node]]
            node = parent[node]
        }
        return node
    }

    private mutating func join(_ a: Int, _ b: Int) {
        var ra = root(a)
        var rb = root(b)
        guard ra != rb else { return }
        if members[ra].count < members[rb].count { swap(&ra, &rb) }
        for other in apart[ra] where root(other) == rb {
            conflicts += 1
            return
        }
        for member in members[rb] { parent[member] = ra }
        members[ra] += members[rb]
        members[rb] = []
        apart[ra].formUnion(apart[rb])
        apart[rb] = []
        applied += 1
    }

    /// The records (positions) of the person record `position` is one of, itself included.
    mutating func group(of position: Int) -> [Int] { members[root(position)] }

    /// The persons: each a group of record positions (in the order the records were given).
    mutating func groups() -> [[Int]] {
        parent.indices.compactMap { root($0) == $0 ? members[$0] : nil }
    }
}
