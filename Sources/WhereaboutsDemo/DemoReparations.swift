import WhereaboutsCore

/// The demonstration's reparations (decision 0032): a fictional programme's rules, and for some
/// abduction cases a family's claim, the decision those rules give and, when eligible, a measure.
/// Nothing here draws on the data set's random numbers, so the rest of it is as it was.
enum DemoReparations {
    static let family = ["spouse", "child", "parent", "sibling"]

    static let rules = EligibilityRules(
        name: "Demonstration: consolation and settlement rules", programme: "A fictional abductees' committee",
        rules: [
            EligibilityRule(
                code: "abducted-not-returned", benefit: "consolation",
                conditions: [
                    .init(.violation, values: ["abduction-disappearance"]),
                    .init(.actOnOrAfter, date: Day(year: 1953, month: 7, day: 28)),
                    .init(.notReturnedForYears, years: 3), .init(.relationship, values: family),
                ]),
            EligibilityRule(
                code: "died-in-detention", benefit: "consolation",
                conditions: [.init(.diedInDetention), .init(.relationship, values: family)]),
            EligibilityRule(
                code: "returnee", benefit: "settlement-support",
                conditions: [.init(.returned), .init(.relationship, values: ["self"])]),
        ])

    /// A claim by the second victim of the event for the first (brothers taken together), or by the
    /// victim alone; its decision on 1 June 2024; a compensation measure when eligible.
    static func claim(
        victims: [RecordID], victim: Person, actID: RecordID, act: Act, rules rulesID: RecordID, index: Int,
        ids: inout RecordIDSequence
    ) -> [(id: RecordID, body: any RecordBody)] {
        let relative = victims.count > 1
        let relationship: ReparationClaim.Relationship = relative ? .sibling : .self
        let claimID = ids.next()
        let filed = try? FuzzyDate.parse("20\(10 + index % 15)-0\(1 + index % 9)")
        var out: [(id: RecordID, body: any RecordBody)] = [
            (
                claimID,
                ReparationClaim(
                    claimantID: relative ? victims[1] : victims[0], directVictimID: victims[0],
                    relationship: relationship,
                    harms: [.init(type: .disappearance, actIDs: [actID]), .init(type: .mentalHarm, actIDs: [actID])],
                    programme: rules.programme, filedOn: filed,
                    consent: .init(consent: Consent(scopes: [.internalDocumentation]), sharedWith: ["the committee"])
                )
            )
        ]
        let on = Day(year: 2024, month: 6, day: 1)!
        let facts = EligibilityFacts(
            relationship: relationship,
            acts: [.init(type: act.type, broader: ["abduction-disappearance"], date: act.date)], fate: victim.fate,
            on: on)
        let decisionID = ids.next()
        let evaluation = rules.evaluate(facts)
        out.append(
            (
                decisionID,
                ReparationDecision(
                    claimID: claimID, rulesID: rulesID, rulesVersion: 1, evaluation: evaluation, decidedOn: on)
            ))
        guard evaluation.outcome == .eligible else { return out }
        var history: [ReparationMeasure.StatusEntry] = [.init(status: .granted, date: try? FuzzyDate.parse("2024-09"))]
        if index % 2 == 0 { history.append(.init(status: .delivered, date: try? FuzzyDate.parse("2024-12"))) }
        out.append(
            (
                ids.next(),
                ReparationMeasure(
                    claimID: claimID, decisionID: decisionID, form: .compensation, providerType: .state,
                    provider: "A fictional ministry", acknowledgedResponsibility: false, amount: 20_000_000,
                    unit: "KRW",
                    history: history)
            ))
        return out
    }
}
