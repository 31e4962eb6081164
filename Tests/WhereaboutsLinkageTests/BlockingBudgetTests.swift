import Testing

@testable import WhereaboutsLinkage

/// Blocking keeps every rule within a pair budget that grows with the data, by refining the groups
/// that are too large rather than dropping them or the rule.
@Suite struct BlockingBudgetTests {
    /// 2,000 records: half share one family key ("Kim"), split by 40 given names and 30 years.
    private func table() throws -> LinkTable {
        var family: [String?] = []
        var given: [String?] = []
        var year: [String?] = []
        for index in 0..<2000 {
            family.append(index % 2 == 0 ? "kim" : "f\(index % 97)")
            given.append("g\(index % 40)")
            year.append(index % 7 == 0 ? nil : "\(1940 + index % 30)")
        }
        return try LinkTable(
            ids: (0..<2000).map { "r\($0)" }, columns: ["family": family, "given": given, "year": year])
    }

    private func rule(_ table: LinkTable, refinements: [String]) -> BlockingRule {
        BlockingRule.columns(["family"], in: table).refined(
            by: refinements.map { column in
                let rule = BlockingRule.columns([column], in: table)
                return Refinement(name: column, keys: rule.keys)
            })
    }

    @Test func aGroupTooLargeIsRefinedNotDropped() throws {
        let table = try table()
        let candidates = CandidatePairs(
            table: table, rules: [rule(table, refinements: ["given", "year"])], pairsPerRecord: 10)
        let report = try #require(candidates.proposedByRule.first)
        #expect(report.budget == 100_000)
        #expect(report.largestGroup == 1000)
        #expect(report.groupLimit > 0)
        #expect(report.pairs > 0 && report.pairs <= report.budget, "\(report.summary)")
        #expect(report.refined.first { $0.name == "given" }?.groups ?? 0 >= 1)
        #expect(!report.summary.contains("not used"))
        // Two Kims with the same given name and year are still proposed.
        let a = 2
        let b = a + 120  // the same index modulo 2, 40 and 30; both have a year
        #expect(candidates.pairs.contains(UInt64(a) << 32 | UInt64(b)))
    }

    @Test func aGroupWithoutRefinementsIsPairedWithinWindows() throws {
        let table = try table()
        let candidates = CandidatePairs(table: table, rules: [rule(table, refinements: [])], pairsPerRecord: 10)
        let report = try #require(candidates.proposedByRule.first)
        #expect(report.windowed >= 1)
        #expect(report.pairs > 0 && report.pairs <= 2 * report.budget, "\(report.summary)")
        #expect(report.summary.contains("windows"))
    }

    @Test func groupsWithinTheBudgetAreExpandedWhole() throws {
        let table = try table()
        let candidates = CandidatePairs(
            table: table, rules: [BlockingRule.columns(["given"], in: table)], pairsPerRecord: 100)
        let report = try #require(candidates.proposedByRule.first)
        #expect(report.groupLimit == 0)
        #expect(report.pairs == 40 * 50 * 49 / 2)
        #expect(report.summary == "given: 49000 pairs")
    }

    @Test func theBudgetGrowsWithTheData() {
        #expect(CandidatePairs.budget(records: 100_000, pairsPerRecord: 10) == 1_000_000)
        #expect(
            CandidatePairs.budget(records: 20_000, pairsPerRecord: 10)
                < CandidatePairs.budget(records: 100_000, pairsPerRecord: 10))
        #expect(CandidatePairs.budget(records: 100, pairsPerRecord: 10) == 100_000)
    }
}
