import PropertyBased
import Testing
import WhereaboutsCore

@Suite("small-cell suppression")
struct SmallCellsTests {
    @Test("small cells are suppressed, with the smallest others until none can be worked out from the total")
    func examples() {
        let table = SmallCells.publish(
            [("abduction", 40), ("forced labour", 12), ("reprisal", 3), ("none", 0)], threshold: 5)
        #expect(table.cells.map(\.shown) == ["40", "suppressed", "suppressed", "0"])
        #expect(table.remainder == 15 && table.total == 55)
        // Two small cells whose sum leaves one of them no room to reach the threshold take a third.
        let three = SmallCells.publish([("a", 9), ("b", 2), ("c", 1), ("d", 20)], threshold: 5)
        #expect(three.cells.map(\.shown) == ["suppressed", "suppressed", "suppressed", "20"])
        #expect(three.remainder == 12 && three.total == 32)
        #expect(SmallCells.publish([("a", 9), ("b", 7)], threshold: 5).cells.allSatisfy { !$0.suppressed })
        // Nothing left to hide a single small count behind: the total goes too.
        let alone = SmallCells.publish([("missing", 1)], threshold: 5)
        #expect(alone.cells.map(\.shown) == ["suppressed"] && alone.total == nil && alone.remainder == nil)
    }

    @Test("for random tables, no suppressed cell can be worked out from what is published, totals included")
    func noSuppressedCellCanBeDerived() async {
        await propertyCheck(count: 3_000, input: Gen.int(in: 0...40).array(of: 1...8), Gen.int(in: 1...10)) {
            counts, threshold in
            Self.attack(counts, threshold: threshold)
        }
    }

    /// Works out what the published figures of `counts` tell about each suppressed cell: it is at
    /// least 1 (zeros are published), and the suppressed cells add up to the total minus the published
    /// cells. Each must be left with more than one possible value, up to the threshold at least.
    static func attack(_ counts: [Int], threshold: Int) {
        let table = SmallCells.publish(counts.enumerated().map { ("c\($0.offset)", $0.element) }, threshold: threshold)
        // Only what is shown: numbers, or the mark.
        let shown = table.cells.map { Int($0.shown) }
        #expect(table.cells.allSatisfy { Int($0.shown) != nil || $0.shown == SmallCells.mark })
        let suppressed = shown.indices.filter { shown[$0] == nil }
        for index in counts.indices where counts[index] > 0 && counts[index] < threshold {
            #expect(suppressed.contains(index), "\(counts): small cell \(index) is published")
        }
        guard let total = Int(table.shownTotal) else {
            // Without a total nothing relates the suppressed cells: every non-zero cell must be one.
            #expect(table.shownRemainder == SmallCells.mark)
            #expect(counts.indices.allSatisfy { counts[$0] == 0 || suppressed.contains($0) }, "\(counts)")
            return
        }
        let published = shown.compactMap { $0 }.reduce(0, +)
        #expect(total == counts.reduce(0, +))
        #expect(Int(table.shownRemainder) == total - published)
        guard !suppressed.isEmpty else { return }
        let remainder = total - published
        for index in suppressed {
            // The other suppressed cells are at least 1 each, and may be as large as the remainder allows.
            let largest = remainder - (suppressed.count - 1)
            #expect(largest > 1 && largest >= threshold, "\(counts), threshold \(threshold): cell \(index) is narrowed")
        }
    }
}
