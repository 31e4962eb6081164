/// What eligibility rules look at (reasons name fate statuses, never their dates, places or notes): the claim, the acts its harms rest on and the direct victim's fate
/// history, as the records stand on the day of the decision.
public struct EligibilityFacts: Sendable, Hashable {
    /// One act the claim rests on: its violation type (with the broader terms above it) and date.
    public struct ActFact: Sendable, Hashable {
        public let type: String
        public let broader: [String]
        public let date: FuzzyDate?

        public init(type: String, broader: [String] = [], date: FuzzyDate?) {
            self.type = type
            self.broader = broader
            self.date = date
        }
    }

    public let relationship: ReparationClaim.Relationship
    public let acts: [ActFact]
    /// The direct victim's fate and whereabouts, as recorded.
    public let fate: [FateEntry]
    /// The day the rules are applied on (the decision's day).
    public let on: Day

    public init(relationship: ReparationClaim.Relationship, acts: [ActFact], fate: [FateEntry], on: Day) {
        self.relationship = relationship
        self.acts = acts
        self.fate = fate
        self.on = on
    }
}

/// The outcome of applying one version of a rule set to a claim, with a reason for every condition.
public struct EligibilityEvaluation: Sendable, Hashable, Codable {
    public enum Outcome: String, Codable, Sendable, CaseIterable {
        case eligible
        case notEligible = "not-eligible"
    }

    public let outcome: Outcome
    /// The benefits of the rules that held, each once, in the rules' order.
    public let benefits: [String]
    /// For every rule, whether it held and why: `consolation-disappeared: holds — …; …`.
    public let reasons: [String]

    public init(outcome: Outcome, benefits: [String], reasons: [String]) {
        self.outcome = outcome
        self.benefits = benefits
        self.reasons = reasons
    }
}

extension EligibilityRules {
    /// Applies every rule to `facts`: eligible for the benefit of each rule whose conditions all hold.
    public func evaluate(_ facts: EligibilityFacts) -> EligibilityEvaluation {
        var benefits: [String] = []
        var reasons: [String] = []
        for rule in rules {
            let results = rule.conditions.map { $0.evaluate(facts) }
            let holds = results.allSatisfy(\.holds)
            if holds, !benefits.contains(rule.benefit) { benefits.append(rule.benefit) }
            reasons.append(
                "\(rule.code) (\(rule.benefit)): \(holds ? "holds" : "does not hold") — "
                    + results.map { ($0.holds ? "yes: " : "no: ") + $0.reason }.joined(separator: "; "))
        }
        return EligibilityEvaluation(
            outcome: benefits.isEmpty ? .notEligible : .eligible, benefits: benefits, reasons: reasons)
    }
}

extension EligibilityCondition {
    /// Whether the condition holds for `facts`, and what was found.
    public func evaluate(_ facts: EligibilityFacts) -> (holds: Bool, reason: String) {
        let wanted = values ?? []
        switch test {
        case .violation:
            let found = facts.acts.filter { ([$0.type] + $0.broader).contains(where: wanted.contains) }.map(\.type)
            return found.isEmpty
                ? (false, "no act of \(wanted.joined(separator: " or ")) (acts: \(Self.list(facts.acts.map(\.type))))")
                : (true, "act of \(found[0])")
        case .actOnOrAfter:
            let on = date ?? facts.on
            if let act = facts.acts.first(where: { $0.date.map { $0.from >= on } ?? false }) {
                return (true, "act dated \(act.date!.text) is on or after \(on.iso)")
            }
            return (false, "no act known to be on or after \(on.iso) (\(Self.dates(facts)))")
        case .actBefore:
            let before = date ?? facts.on
            if let act = facts.acts.first(where: { $0.date.map { $0.to < before } ?? false }) {
                return (true, "act dated \(act.date!.text) is before \(before.iso)")
            }
            return (false, "no act known to be before \(before.iso) (\(Self.dates(facts)))")
        case .fate:
            let current = Self.current(facts.fate)?.status.rawValue ?? "not recorded"
            return (wanted.contains(current), "current fate \(current)")
        case .notReturnedForYears:
            let years = years ?? 0
            if let back = facts.fate.first(where: Self.isReturn) {
                return (false, "\(back.status.rawValue) recorded")
            }
            guard let start = facts.acts.compactMap({ $0.date?.to }).min() else {
                return (false, "not returned, but no act is dated")
            }
            let passed = Self.fullYears(from: start, to: facts.on)
            return (passed >= years, "not returned; \(passed) full years from \(start.iso) to \(facts.on.iso)")
        case .returned:
            if let back = facts.fate.first(where: Self.isReturn) {
                return (true, "\(back.status.rawValue) recorded")
            }
            return (false, "no return recorded")
        case .diedInDetention:
            var detained = false
            for entry in facts.fate.chronological {
                switch entry.status {
                case .detainedLocationKnown, .detainedLocationUnknown: detained = true
                case .returned, .reunited, .aliveLocationKnown: detained = false
                case .deceasedRemainsLocated, .deceasedRemainsUnlocated:
                    if detained { return (true, "died after detention") }
                case .missing, .unknown: break
                }
            }
            return (false, "no death in detention recorded")
        case .relationship:
            return (wanted.contains(facts.relationship.rawValue), "claimant is \(facts.relationship.rawValue)")
        }
    }

    private static func isReturn(_ entry: FateEntry) -> Bool { entry.status == .returned || entry.status == .reunited }

    private static func current(_ fate: [FateEntry]) -> FateEntry? { fate.chronological.last }

    /// Whole years from `start` to `end` (none when `end` is earlier).
    public static func fullYears(from start: Day, to end: Day) -> Int {
        let years = end.year - start.year - ((end.month, end.day) < (start.month, start.day) ? 1 : 0)
        return max(0, years)
    }

    private static func list(_ items: [String]) -> String { items.isEmpty ? "none" : items.joined(separator: ", ") }

    private static func dates(_ facts: EligibilityFacts) -> String {
        "acts dated: " + list(facts.acts.map { $0.date?.text ?? "undated" })
    }
}
