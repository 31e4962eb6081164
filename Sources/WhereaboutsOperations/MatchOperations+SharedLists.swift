import WhereaboutsCore
import WhereaboutsStore

extension MatchOperations {
    /// For each proposal, the sources (lists) that already name a record of each side: the person each
    /// record is one of, as reviewers decided, seen by `access`. A list names a person once, so judging
    /// such a pair "same" would most likely join namesakes; the review page says so before anyone
    /// decides. Proposals whose sides share no source are absent. Only what `access` sees is followed:
    /// decisions between visible records, acts and sources it may read.
    public func sourcesOnBothSides(of proposals: [MatchProposal], access: RecordAccess) async throws
        -> [Int: [RecordID]]
    {
        guard !proposals.isEmpty else { return [:] }
        let decisions = try await store.judgedPairs(access: access)
        var records: [RecordID] = []
        var position: [RecordID: Int] = [:]
        for id in decisions.flatMap({ [$0.recordA, $0.recordB] }) + proposals.flatMap({ [$0.recordA, $0.recordB] })
        where position[id] == nil {
            position[id] = records.count
            records.append(id)
        }
        var linked = LinkedPersons(records, decisions: decisions)
        let sides = proposals.map { proposal in
            (
                linked.group(of: position[proposal.recordA]!).map { records[$0] },
                linked.group(of: position[proposal.recordB]!).map { records[$0] }
            )
        }
        let involved = Array(Set(sides.flatMap { $0.0 + $0.1 }))
        var sourcesOf: [RecordID: Set<RecordID>] = [:]
        for record in try await store.referrers(ofAny: involved, kinds: [.act], access: access) {
            guard let act = record.body(as: Act.self) else { continue }
            sourcesOf[act.victimID, default: []].formUnion(act.sourceIDs)
        }
        var shared: [Int: [RecordID]] = [:]
        // Two records already one person give the same group: nothing to warn of.
        for (proposal, (a, b)) in zip(proposals, sides) where a != b {
            let onA = a.reduce(into: Set<RecordID>()) { $0.formUnion(sourcesOf[$1] ?? []) }
            let onB = b.reduce(into: Set<RecordID>()) { $0.formUnion(sourcesOf[$1] ?? []) }
            let both = onA.intersection(onB).sorted { $0.description < $1.description }
            if !both.isEmpty { shared[proposal.id] = both }
        }
        // An act may cite a source the reader may not see: it is neither shown nor counted.
        var visible: [RecordID: Bool] = [:]
        for source in Set(shared.values.joined()) {
            visible[source] = (try? await store.get(source, kind: .source, access: access)) != nil
        }
        return shared.compactMapValues { sources in
            let seen = sources.filter { visible[$0] == true }
            return seen.isEmpty ? nil : seen
        }
    }
}
