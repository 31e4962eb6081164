import Foundation
import Testing

@testable import WhereaboutsEstimation

@Suite("overlap tables")
struct OverlapTableTests {
    @Test("the Kosovo table is read with its four lists and 4,400 persons")
    func readsKosovo() throws {
        let table = try FixtureTables.kosovo
        #expect(table.lists == ["EXH", "ABA", "OSCE", "HRW"])
        #expect(table.observed == 4400)
        #expect(table.patternCount == 15)
        #expect(table.counts[0b1111] == 27)
        #expect(table.counts[0b1110] == 32)
    }

    @Test("capture patterns not in the file hold nobody")
    func missingPatternsAreEmpty() throws {
        let table = try FixtureTables.slavery
        #expect(table.patternCount == 63)
        #expect(table.emptyPatterns == 63 - 25)
        #expect(table.observed == 2744)
    }

    @Test("the hash depends on the counts and the lists, not on the order of the rows")
    func hashIsStable() throws {
        let forward = try OverlapTable(csv: "\"a\",\"b\",\"c\",\"n\"\n1,0,0,5\n0,1,0,3\n1,1,1,2\n")
        let backward = try OverlapTable(csv: "a,b,c,n\n1,1,1,2\n0,1,0,3\n1,0,0,5\n0,0,1,0\n")
        #expect(forward.hash == backward.hash)
        #expect(forward.hash.count == 64)
        let changed = try OverlapTable(csv: "a,b,c,n\n1,1,1,2\n0,1,0,4\n1,0,0,5\n")
        #expect(changed.hash != forward.hash)
        let renamed = try OverlapTable(csv: "a,b,d,n\n1,1,1,2\n0,1,0,3\n1,0,0,5\n")
        #expect(renamed.hash != forward.hash)
        #expect(try OverlapTable(csv: forward.csv) == forward)
    }

    @Test(
        "tables that make no sense are refused with the reason",
        arguments: [
            "", "n\n5\n", "a,b,n\n1,2,3\n", "a,b,n\n1,0,-1\n", "a,b,n\n1,0,x\n", "a,b,n\n0,0,4\n",
            "a,b,n\n1,0,1\n1,0,2\n",
            "a,a,n\n1,0,1\n", "a,b,n\n1,0\n",
        ])
    func refusesNonsense(_ text: String) {
        #expect(throws: EstimationError.self) { try OverlapTable(csv: text) }
    }
}
