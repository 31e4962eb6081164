import WhereaboutsEstimation

/// The estimate of one part of a store's overlap table: the whole, or one stratum.
public struct StratumEstimate: Sendable, Encodable {
    /// The stratum's value (`nil` for the whole table).
    public let stratum: String?
    /// The table it was estimated from, when there is one.
    public let table: OverlapTable?
    /// The estimate, or the answer "not estimable" with its reason.
    public let estimate: Estimate

    /// Written as the estimate's own fields (`observed`, `estimate`, `lower`, `upper`, `model`,
    /// `lists`, `tableHash`…) with `stratum` beside them.
    public func encode(to encoder: any Encoder) throws {
        try estimate.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        if let stratum { try container.encode(stratum, forKey: .stratum) }
    }

    private enum Key: String, CodingKey { case stratum }
}

/// A multiple systems estimate from the store, with what it was made from: how lists were grouped,
/// what it was split by, how persons were linked, and per stratum its table's hash, seed and settings —
/// enough to make it again (the same records, decisions and settings give the same figures).
public struct StoreEstimate: Sendable, Encodable {
    public let query: OverlapQuery
    public let request: EstimationRequest
    /// The whole table's estimate (also when stratified).
    public let whole: StratumEstimate
    /// One per stratum, ordered by stratum; empty when not stratified.
    public let strata: [StratumEstimate]
    public let decisionsApplied: Int
    public let decisionsInConflict: Int
    /// See ``StoreOverlap/personsListedTwice``.
    public let personsListedTwice: Int

    /// The whole table's estimate at the top level (`observed`, `estimate`, `lower`, `upper`,
    /// `model`, `lists`…), then `grouping`, `stratifiedBy`, `linkage`, `requested` and `strata`.
    public func encode(to encoder: any Encoder) throws {
        try whole.estimate.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(query.lists.rawValue, forKey: .grouping)
        try container.encode(query.strata?.rawValue, forKey: .stratifiedBy)
        try container.encode(
            Linkage(
                decisionsApplied: decisionsApplied, decisionsInConflict: decisionsInConflict,
                personsListedTwice: personsListedTwice),
            forKey: .linkage)
        try container.encode(
            Requested(
                method: request.method.rawValue, maxOrder: request.maxOrder, seed: request.latentClass.seed,
                latentClass: request.latentClass),
            forKey: .requested)
        if query.strata != nil { try container.encode(strata, forKey: .strata) }
    }

    private enum Key: String, CodingKey { case grouping, stratifiedBy, linkage, requested, strata }

    private struct Linkage: Encodable {
        let method = "reviewers' decisions: same person merges, different keeps apart"
        let decisionsApplied: Int
        let decisionsInConflict: Int
        let personsListedTwice: Int
    }

    private struct Requested: Encodable {
        let method: String
        let maxOrder: Int?
        let seed: UInt64
        let latentClass: LatentClassSettings
    }
}
