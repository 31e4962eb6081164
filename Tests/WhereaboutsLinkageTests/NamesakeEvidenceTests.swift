import Foundation
import Testing

@testable import WhereaboutsLinkage

/// What tells two namesakes apart on large lists: how common the shared name is, what agreeing on a
/// place is worth in each country, and groups that would put two records of one list together.
struct NamesakeEvidenceTests {
    private static func names(_ column: [String?]) throws -> (LinkTable, PersonNameComparator) {
        let table = try LinkTable(ids: column.indices.map { "r\($0)" }, columns: ["name": column])
        return (table, PersonNameComparator(table, column: "name"))
    }

    @Test("a name many people hold is counted in every script it is written in, and weighs less than a rare one")
    func commonNamesWeighLess() throws {
        // Thirty records of 김민준 in three spellings, two of a rare name, fillers of other names.
        var column: [String?] = []
        for index in 0..<30 { column.append(["김민준", "Kim Minjun", "Kim Min-jun"][index % 3]) }
        column += ["탁이현", "Tak Ihyeon"]
        for index in 0..<68 { column.append("이서\(["연", "윤", "진", "현"][index % 4]) \(index)") }
        let (_, names) = try Self.names(column)
        #expect(names.level(0, 1) == 0)
        let common = try #require(names.termFrequency(0, 1, level: 0))
        let rare = try #require(names.termFrequency(30, 31, level: 0))
        #expect(abs(common - 0.30) < 0.001, "every spelling counts: \(common)")
        #expect(abs(rare - 0.02) < 0.001)
        // The same value on both sides is as common as its spellings together.
        #expect(names.termFrequency(0, 3, level: 0) == common)
        // Looser levels and different names are not adjusted.
        #expect(names.termFrequency(0, 30, level: names.level(0, 30)) == nil)
        #expect(names.termFrequency(0, 1, level: 1) == nil)
    }

    @Test("places in two countries get levels of their own for each; places in one country the plain three")
    func placeLevelsByCountry() throws {
        var places: [String?] = []
        for index in 0..<400 { places.append(["Niigata", "新潟県", "Fukui", "Tottori"][index % 4]) }
        for index in 0..<400 { places.append(["평안남도", "Pyeongannam-do", "함경북도", "Hamgyongbuk-do"][index % 4]) }
        places.append(nil)
        let table = try LinkTable(ids: places.indices.map { "r\($0)" }, columns: ["place": places])
        let comparator = PlaceComparator(table, column: "place")
        let names = comparator.levelNames
        #expect(names.count == 7)
        func level(_ a: Int, _ b: Int) -> String? {
            let level = comparator.level(a, b)
            return level < 0 ? nil : names[level]
        }
        #expect(level(0, 1) == "same place in JP")
        #expect(level(0, 2) == "same country, JP")
        #expect(level(400, 401) == "same place in KR")
        #expect(level(400, 402) == "same country, KR")
        #expect(level(0, 400) == "different")
        #expect(level(0, 800) == nil)
        #expect(names.last == "different")

        let korean = try LinkTable(ids: (0..<400).map { "r\($0)" }, columns: ["place": Array(places[400..<800])])
        let plain = PlaceComparator(korean, column: "place")
        #expect(plain.levelNames == ["same place", "same country", "different"])
        #expect(plain.level(0, 1) == 0)
        #expect(plain.level(0, 2) == 1)
    }

    @Test("two groups are not joined when two records of one list across them are surely apart, whatever the average")
    func oneListApart() {
        // Records 0 and 1 form a group, 2 and 3 another; 1 and 3 come from one list and score far
        // apart, every other pair across the groups is sure.
        let weight: @Sendable (Int, Int) -> Double = { a, b in
            Set([a, b]) == [1, 3] ? -12 : 20
        }
        let edges = [
            ScoredPair(a: 0, b: 1, weight: 20), ScoredPair(a: 2, b: 3, weight: 20), ScoredPair(a: 0, b: 2, weight: 19),
        ]
        let average = Clustering(count: 4, threshold: 0.5, weight: weight).cluster(edges: edges)
        #expect(average == [[0, 1, 2, 3]])
        let lists = Clustering(count: 4, threshold: 0.5, sameList: { a, b in Set([a, b]) == [1, 3] }, weight: weight)
        #expect(lists.cluster(edges: edges) == [[0, 1], [2, 3]])
        // Records of one list that the model finds likely the same are still joined.
        let likely = Clustering(count: 4, threshold: 0.5, sameList: { _, _ in true }) { _, _ in 20 }
        #expect(likely.cluster(edges: edges) == [[0, 1, 2, 3]])
    }
}
