import Testing
import WhereaboutsCore

@Suite("eligibility rules")
struct EligibilityRulesTests {
    static func day(_ text: String) -> Day { Day(iso: text)! }
    static func date(_ text: String) -> FuzzyDate { try! FuzzyDate.parse(text) }

    /// The Korean committee's rules, in the shape the issue gives them (fictional programme).
    static let rules = EligibilityRules(
        name: "Post-war abductees (fictional)",
        rules: [
            EligibilityRule(
                code: "abducted-not-returned", benefit: "consolation",
                conditions: [
                    .init(.violation, values: ["abduction"]), .init(.actOnOrAfter, date: day("1953-07-28")),
                    .init(.notReturnedForYears, years: 3),
                    .init(.relationship, values: ["spouse", "child", "parent", "sibling"]),
                ]),
            EligibilityRule(
                code: "died-in-detention", benefit: "consolation",
                conditions: [
                    .init(.diedInDetention), .init(.relationship, values: ["spouse", "child", "parent", "sibling"]),
                ]),
            EligibilityRule(
                code: "returnee", benefit: "settlement-support",
                conditions: [.init(.returned), .init(.relationship, values: ["self"])]),
        ])

    @Test("a rule set is checked: operands a test needs, and only those")
    func checked() {
        var rules = Self.rules
        rules.rules.append(
            EligibilityRule(code: "returnee", benefit: "x", conditions: [.init(.fate, values: ["gone"], years: 3)]))
        let paths = rules.validate().map(\.path)
        #expect(paths.contains("/rules/3/code"))
        #expect(paths.contains("/rules/3/conditions/0/years"))
        #expect(paths.contains("/rules/3/conditions/0/values"))
        #expect(Self.rules.validate().isEmpty)
    }

    @Test("the fate history is read in order of date; detention then death is a death in detention")
    func detention() {
        let facts = EligibilityFacts(
            relationship: .child, acts: [],
            fate: [
                FateEntry(status: .deceasedRemainsUnlocated, date: Self.date("1990")),
                FateEntry(status: .detainedLocationUnknown, date: Self.date("1980")),
            ], on: Self.day("2024-01-01"))
        #expect(EligibilityCondition(.diedInDetention).evaluate(facts).holds)
        let released = EligibilityFacts(
            relationship: .child, acts: [],
            fate: [
                FateEntry(status: .detainedLocationUnknown, date: Self.date("1980")),
                FateEntry(status: .returned, date: Self.date("1985")),
                FateEntry(status: .deceasedRemainsLocated, date: Self.date("1990")),
            ], on: Self.day("2024-01-01"))
        #expect(!EligibilityCondition(.diedInDetention).evaluate(released).holds)
        #expect(EligibilityCondition.fullYears(from: Self.day("2021-06-02"), to: Self.day("2024-06-01")) == 2)
        #expect(EligibilityCondition.fullYears(from: Self.day("2021-06-01"), to: Self.day("2024-06-01")) == 3)
    }
}
