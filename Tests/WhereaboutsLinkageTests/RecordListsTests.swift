import Foundation
import Testing

@testable import WhereaboutsLinkage

/// Lists as a field (`source:list`): pairs within one list get a prior of their own, learned from the
/// pairs that are surely one person. A list that never names anyone twice gets almost no matches
/// within it; a list that does keeps them.
@Suite(.serialized) struct RecordListsTests {
    private func table() throws -> LinkTable {
        let path = try #require(Bundle.module.path(forResource: "Fixtures/cjk_names_dev.csv", ofType: nil))
        return try LinkInput.read([path], idColumn: "record_id")
    }

    private static let fields = [
        FieldSpec(column: "name_recorded", kind: .personName), FieldSpec(column: "sex", kind: .exact),
        FieldSpec(column: "dob_raw", kind: .date), FieldSpec(column: "place_raw", kind: .place),
    ]

    private func link(_ table: LinkTable, lists: String?) throws -> LinkageResult {
        let fields = Self.fields + (lists.map { [FieldSpec(column: $0, kind: .list)] } ?? [])
        return try Linker(table: table, settings: try LinkageSettings.forFields(fields, table: table)).run()
    }

    private func within(_ result: LinkageResult, _ table: LinkTable, column: String) -> Int {
        let lists = table.column(column)
        return result.matches.filter { lists[$0.a] == lists[$0.b] }.count
    }

    @Test("lists that never name a person twice: no link within a list, and links as good overall")
    func listsWithoutRepeats() throws {
        let table = try table()
        let truth = try LinkInput.truthPairs(column: "person_id", in: table)
        let plain = try link(table, lists: nil)
        let listed = try link(table, lists: "source")
        let sameList = try #require(listed.model.sameListLambda)
        #expect(sameList < listed.model.lambda / 50)
        // No list of the set names anyone twice: no link within one.
        #expect(within(listed, table, column: "source") == 0)
        #expect(within(listed, table, column: "source") <= within(plain, table, column: "source"))
        func f1(_ result: LinkageResult) -> Double {
            PairwiseScores(
                predicted: Set(result.matches.map { PairwiseScores.Pair(table.ids[$0.a], table.ids[$0.b]) }),
                truth: truth
            ).f1
        }
        // On this small set the names, dates and places already keep lists apart: the lists cost
        // nothing measurable; on the larger sets they keep namesakes of one list out of one group.
        #expect(f1(listed) >= f1(plain) - 0.002)
        #expect(f1(listed) >= 0.99)
    }

    @Test("a list that does name people twice keeps its matches within it")
    func listsWithRepeats() throws {
        // The family association's list and the UN's taken as one list: the persons both name are
        // pairs within that list now, and must still be linked.
        let original = try table()
        var columns = original.columns
        columns["merged"] = original.column("source").map { $0 == "family" ? "un" : $0 }
        let table = try LinkTable(ids: original.ids, columns: columns)
        let result = try link(table, lists: "merged")
        let sameList = try #require(result.model.sameListLambda)
        #expect(sameList > result.model.lambda / 10)
        let sources = table.column("source")
        let people = table.column("person_id")
        let repeated = Set(
            (0..<table.count).flatMap { a in
                (0..<table.count).compactMap { b -> PairwiseScores.Pair? in
                    guard a < b, people[a] == people[b], Set([sources[a], sources[b]]) == ["family", "un"] else {
                        return nil
                    }
                    return PairwiseScores.Pair(table.ids[a], table.ids[b])
                }
            })
        #expect(repeated.count > 50)
        let linked = Set(result.matches.map { PairwiseScores.Pair(table.ids[$0.a], table.ids[$0.b]) })
        let found = repeated.filter(linked.contains).count
        #expect(Double(found) >= 0.9 * Double(repeated.count), "\(found) of \(repeated.count)")
    }

    @Test("a list column is read, not compared, and only one is allowed")
    func oneListColumn() throws {
        let table = try table()
        let settings = try LinkageSettings.forFields(
            Self.fields + [FieldSpec(column: "source", kind: .list)], table: table)
        #expect(settings.comparators.count == Self.fields.count)
        #expect(settings.lists != nil)
        #expect(throws: LinkageError.self) {
            try LinkageSettings.forFields(
                Self.fields + [FieldSpec(column: "source", kind: .list), FieldSpec(column: "sex", kind: .list)],
                table: table)
        }
        #expect(throws: LinkageError.self) {
            try LinkageSettings.forFields([FieldSpec(column: "source", kind: .list)], table: table)
        }
    }
}
