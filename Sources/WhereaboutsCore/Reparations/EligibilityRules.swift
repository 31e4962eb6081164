/// A reparation programme's eligibility rules, kept as data (issue 19, decision 0032). Each change is
/// a new version of the record; a decision names the version it was taken under and keeps the
/// outcome and reasons it was given, so changing the rules never rewrites a past decision.
///
/// A rule grants its benefit when every one of its conditions holds; alternatives ("abducted and not
/// returned, or died in detention") are two rules with the same benefit.
public struct EligibilityRules: RecordBody {
    public static let kind = RecordKind.eligibilityRules
    /// Published programme rules: seen by every desk whose decisions refer to them.
    public static let placement = Placement.shared

    public var name: String
    public var programme: String?
    @DefaultEmpty public var rules: [EligibilityRule]

    public init(name: String, programme: String? = nil, rules: [EligibilityRule]) {
        self.name = name
        self.programme = programme
        self.rules = rules
    }

    public var title: String { name }

    public func check(into checker: inout Checker) {
        checker.text(name, at: "/name", required: true, maxLength: 300)
        checker.text(programme, at: "/programme", maxLength: 500)
        checker.count(rules, at: "/rules", max: 100)
        if rules.isEmpty { checker.fail("/rules", "holds at least one rule") }
        var codes = Set<String>()
        for (index, rule) in rules.enumerated() {
            rule.check(at: "/rules/\(index)", into: &checker)
            if !codes.insert(rule.code).inserted { checker.fail("/rules/\(index)/code", "is used by another rule") }
        }
    }

    public var references: [RecordReference] { [] }
    public var vocabularyUses: [VocabularyUse] { [] }
    public var searchText: [String] { [name, programme ?? ""] }
}

/// One rule: a benefit and the conditions under which a claim is eligible for it.
public struct EligibilityRule: Codable, Hashable, Sendable {
    /// A short code, unique in its rule set (`consolation-disappeared`).
    public var code: String
    /// What the claimant is eligible for (`consolation`, `settlement-support`).
    public var benefit: String
    @DefaultEmpty public var conditions: [EligibilityCondition]

    public init(code: String, benefit: String, conditions: [EligibilityCondition]) {
        self.code = code
        self.benefit = benefit
        self.conditions = conditions
    }

    func check(at path: String, into checker: inout Checker) {
        checker.text(code, at: path + "/code", required: true, maxLength: 100)
        checker.text(benefit, at: path + "/benefit", required: true, maxLength: 200)
        checker.count(conditions, at: path + "/conditions", max: 20)
        if conditions.isEmpty { checker.fail(path + "/conditions", "holds at least one condition") }
        for (index, condition) in conditions.enumerated() {
            condition.check(at: path + "/conditions/\(index)", into: &checker)
        }
    }
}

/// One test of a claim against the records it rests on. The `test` says what is looked at; the
/// other fields are its operands (only those the test reads may be given).
public struct EligibilityCondition: Codable, Hashable, Sendable {
    public enum Test: String, Codable, Sendable, CaseIterable {
        /// An act the claim rests on is of one of `values` (violation-type codes; a narrower type counts).
        case violation
        /// An act the claim rests on took place on or after `date` (its whole stated range).
        case actOnOrAfter = "act-on-or-after"
        /// An act the claim rests on took place before `date` (its whole stated range).
        case actBefore = "act-before"
        /// The direct victim's current fate is one of `values`.
        case fate
        /// The direct victim has not returned (no `returned` or `reunited` in the fate history) and
        /// at least `years` have passed since the earliest act, by the decision's day.
        case notReturnedForYears = "not-returned-for-years"
        /// The direct victim's fate history has `returned` or `reunited`.
        case returned
        /// The fate history has a detention followed by death, with no return between.
        case diedInDetention = "died-in-detention"
        /// The claimant's relationship to the direct victim is one of `values`.
        case relationship
    }

    public var test: Test
    public var values: [String]?
    public var date: Day?
    public var years: Int?

    public init(_ test: Test, values: [String]? = nil, date: Day? = nil, years: Int? = nil) {
        self.test = test
        self.values = values
        self.date = date
        self.years = years
    }

    func check(at path: String, into checker: inout Checker) {
        let needs: (values: Bool, date: Bool, years: Bool) =
            switch test {
            case .violation, .fate, .relationship: (true, false, false)
            case .actOnOrAfter, .actBefore: (false, true, false)
            case .notReturnedForYears: (false, false, true)
            case .returned, .diedInDetention: (false, false, false)
            }
        if needs.values != (values != nil) {
            checker.fail(path + "/values", needs.values ? "is required" : "is not read")
        }
        if needs.date != (date != nil) { checker.fail(path + "/date", needs.date ? "is required" : "is not read") }
        if needs.years != (years != nil) { checker.fail(path + "/years", needs.years ? "is required" : "is not read") }
        if let values {
            checker.count(values, at: path + "/values", max: 50)
            if values.isEmpty { checker.fail(path + "/values", "names at least one value") }
            for (index, value) in values.enumerated() {
                checker.text(value, at: path + "/values/\(index)", required: true, maxLength: 100)
            }
            let allowed: Set<String>? =
                switch test {
                case .fate: Set(FateEntry.Status.allCases.map(\.rawValue))
                case .relationship: Set(ReparationClaim.Relationship.allCases.map(\.rawValue))
                default: nil
                }
            if let allowed, let wrong = values.first(where: { !allowed.contains($0) }) {
                checker.fail(path + "/values", "'\(wrong.prefix(60))' is not a \(test.rawValue)")
            }
        }
        if let years, !(0...200).contains(years) { checker.fail(path + "/years", "is between 0 and 200") }
    }
}
