import WhereaboutsCore

extension SQLRecordStore {
    /// The claims `access` may see, as the reparations report counts them (decision 0032): each with
    /// the top-level violation types of the acts it rests on that `access` sees, its latest decision's
    /// outcome after any appeal, and its measures' forms and progress. A claim whose claimant withdrew
    /// consent is not counted.
    public func reparationReportClaims(access: RecordAccess) async throws -> [ReparationsReport.Claim] {
        let claims = try await all(ReparationClaim.self, access: access)
        var latestDecision: [RecordID: ReparationDecision] = [:]
        for decision in try await all(ReparationDecision.self, access: access).map(\.body) {
            if let earlier = latestDecision[decision.claimID], earlier.decidedOn > decision.decidedOn { continue }
            latestDecision[decision.claimID] = decision
        }
        var measures: [RecordID: [ReparationMeasure]] = [:]
        for measure in try await all(ReparationMeasure.self, access: access).map(\.body) {
            measures[measure.claimID, default: []].append(measure)
        }
        let vocabulary = vocabularyIndex
        var actTypes: [RecordID: String?] = [:]
        var result: [ReparationsReport.Claim] = []
        for (id, claim) in claims where claim.allows(.internalDocumentation) {
            var violations = Set<String>()
            for actID in claim.actIDs {
                if actTypes[actID] == nil {
                    let act = try? await get(actID, kind: .act, access: access).body(as: Act.self)
                    actTypes[actID] = act.map { vocabulary.lineage(.violationTypes, $0.type).last ?? $0.type }
                }
                if let type = actTypes[actID] ?? nil { violations.insert(type) }
            }
            let own = measures[id] ?? []
            result.append(
                ReparationsReport.Claim(
                    isDirect: claim.isDirect, year: claim.filedOn?.from.year, violations: violations,
                    recognised: latestDecision[id]?.finalOutcome == .eligible, forms: Set(own.map(\.form)),
                    granted: own.contains(where: \.wasGranted), delivered: own.contains(where: \.wasDelivered)))
        }
        return result
    }

    /// What eligibility rules look at for `claim`, as the records stand: the acts it rests on that
    /// `access` sees (dated by their event when they have no date of their own), and the direct
    /// victim's fate history. The fate history is sealed with the
    /// person's identity; rules read it for a caller who sees the person, and their reasons name
    /// only statuses (never dates, places or notes of the fate).
    public func eligibilityFacts(
        for claim: ReparationClaim, on day: Day, access: RecordAccess
    ) async throws -> EligibilityFacts {
        let vocabulary = vocabularyIndex
        var acts: [EligibilityFacts.ActFact] = []
        for actID in claim.actIDs {
            guard let act = try? await get(actID, kind: .act, access: access).body(as: Act.self) else { continue }
            // An act recorded without a date of its own happened when its event did.
            var date = act.date
            if date == nil {
                date = (try? await get(act.eventID, kind: .event, access: access))?.body(as: Event.self)?.date
            }
            acts.append(
                .init(
                    type: act.type, broader: Array(vocabulary.lineage(.violationTypes, act.type).dropFirst()),
                    date: date))
        }
        _ = try await get(claim.directVictimID, kind: .person, access: access)
        let victim = try await get(claim.directVictimID, kind: .person, access: .operatorAccess).body(as: Person.self)
        return EligibilityFacts(relationship: claim.relationship, acts: acts, fate: victim?.fate ?? [], on: day)
    }

    /// Every live record of a kind that `access` may see, with its id, in storage order.
    func all<Body: RecordBody>(_ type: Body.Type, access: RecordAccess) async throws -> [(id: RecordID, body: Body)] {
        let collected = Collected<(id: RecordID, body: Body)>()
        try await stream([Body.kind], access: access) { records in
            await collected.add(records.compactMap { record in record.body(as: Body.self).map { (record.id, $0) } })
        }
        return await collected.items
    }
}

/// Items gathered from a stream's batches.
private actor Collected<Item: Sendable> {
    var items: [Item] = []
    func add(_ more: [Item]) { items += more }
}
