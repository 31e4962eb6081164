import Foundation
import Testing
import WhereaboutsCore
import WhereaboutsDemo

@testable import WhereaboutsLinkage

/// The linker on the published FEBRL sets and the development set of Korean and Japanese names,
/// scored against their truth (which the linker never sees). These are correctness checks; the
/// speed comparison with Splink is `whereabouts-bench linkage`.
@Suite(.serialized) struct LinkageAccuracyTests {
    private func fixture(_ name: String) throws -> String {
        try #require(Bundle.module.path(forResource: "Fixtures/" + name, ofType: nil))
    }

    private func run(_ files: [String], id: String, fields: [FieldSpec], oneToOne: Bool = false) throws
        -> (LinkTable, LinkageResult)
    {
        let table = try LinkInput.read(try files.map(fixture), idColumn: id)
        var settings = try LinkageSettings.forFields(fields, table: table)
        settings.oneToOne = oneToOne
        return (table, try Linker(table: table, settings: settings).run())
    }

    private func predicted(_ result: LinkageResult, _ table: LinkTable) -> Set<PairwiseScores.Pair> {
        Set(result.matches.map { PairwiseScores.Pair(table.ids[$0.a], table.ids[$0.b]) })
    }

    @Test func linksFebrl4() throws {
        let (table, result) = try run(["febrl4_a.csv", "febrl4_b.csv"], id: "rec_id", fields: FieldSpec.febrl)
        let scores = PairwiseScores(
            predicted: predicted(result, table), truth: try LinkInput.truthPairs(fixture("febrl4_true_links.csv")))
        #expect(scores.f1 >= 0.999, "\(scores)")
        // Only pairs across the two files are ever proposed.
        #expect(result.candidates.allSatisfy { ($0.a < 5000) != ($0.b < 5000) })
    }

    @Test func deduplicatesFebrl3() throws {
        let (table, result) = try run(["febrl3.csv"], id: "rec_id", fields: FieldSpec.febrl)
        let scores = PairwiseScores(
            predicted: predicted(result, table), truth: try LinkInput.truthPairs(fixture("febrl3_true_links.csv")))
        #expect(scores.f1 >= 0.995, "\(scores)")
        #expect(result.clusters.allSatisfy { $0.count >= 2 && $0.count <= 10 })
    }

    /// The fields of the Korean and Japanese development sets, the same for every size (as
    /// `whereabouts-bench linkage` gives them): the source each record comes from is its list.
    private static let cjkFields = [
        FieldSpec(column: "name_recorded", kind: .personName), FieldSpec(column: "sex", kind: .exact),
        FieldSpec(column: "dob_raw", kind: .date), FieldSpec(column: "place_raw", kind: .place),
        FieldSpec(column: "source", kind: .list),
    ]

    @Test func findsKoreanAndJapaneseNamesAcrossScriptsAndCalendars() throws {
        let (table, result) = try run(["cjk_names_dev.csv"], id: "record_id", fields: Self.cjkFields)
        let scores = PairwiseScores(
            predicted: predicted(result, table), truth: try LinkInput.truthPairs(column: "person_id", in: table))
        #expect(scores.f1 >= 0.95, "\(scores)")
        #expect(result.blocking.allSatisfy { $0.pairs > 0 && !$0.summary.contains("not used") })
    }

    /// 20,000 persons (21,629 records) drawn like the 3,000: Kim, Lee and Park are nearly half the
    /// Korean names, so the name rule's groups pass its budget and must be refined, not dropped.
    @Test func holdsOnTwentyThousandPersons() throws {
        let (table, result) = try run(["cjk_names_dev_20000.csv"], id: "record_id", fields: Self.cjkFields)
        let scores = PairwiseScores(
            predicted: predicted(result, table), truth: try LinkInput.truthPairs(column: "person_id", in: table))
        #expect(scores.f1 >= 0.95, "\(scores)")
        for rule in result.blocking {
            #expect(rule.pairs > 0, "\(rule.summary)")
            #expect(rule.pairs <= 2 * rule.budget, "\(rule.summary)")
        }
        #expect(result.blocking.count >= 3)
    }

    @Test func findsTheDemonstrationVictimsListedTwice() throws {
        // The demonstration data lists some victims a second time (another spelling, the birth year
        // alone) right after the first record: those pairs are the truth here.
        let records = DemoDataSet(events: 300, personsPerEvent: 3, seed: 21, duplicates: 0.2).records()
        var persons: [(id: String, person: Person)] = []
        var truth = Set<PairwiseScores.Pair>()
        var previous: (id: String, person: Person)?
        for record in records {
            guard let person = record.body as? Person else {
                previous = nil
                continue
            }
            let id = record.id.description
            if let previous, person.names.count == 1, previous.person.names.count > 1 {
                truth.insert(PairwiseScores.Pair(previous.id, id))
            }
            persons.append((id, person))
            previous = (id, person)
        }
        #expect(truth.count > 100)
        let table = try PersonLinkage.table(persons)
        let settings = try LinkageSettings.forFields(PersonLinkage.fields, table: table)
        let result = try Linker(table: table, settings: settings).run()
        let scores = PairwiseScores(predicted: predicted(result, table), truth: truth)
        // Recall is what matters here (a missed duplicate is a person counted twice); the fictional
        // names come from small pools, so unrelated victims can share a name and a birth year.
        #expect(scores.recall >= 0.95, "\(scores)")
        #expect(scores.precision >= 0.8, "\(scores)")
    }

    @Test(
        "the store's persons are linked on their place of origin too: namesakes of one birth year from elsewhere fall apart"
    )
    func personsLinkedOnTheirOrigin() throws {
        let file = try LinkInput.read([try fixture("cjk_names_dev.csv")], idColumn: "record_id")
        let cells = { (column: String) in file.column(column).map { $0 } }
        let (names, sexes, births, places, lists, truth) = (
            cells("name_recorded"), cells("sex"), cells("dob_raw"), cells("place_raw"), cells("source"),
            cells("person_id")
        )
        func persons(withOrigin: Bool) -> [(id: String, person: Person)] {
            file.ids.indices.map { index in
                let person = Person(
                    names: names[index].map { [NameForm(full: $0)] } ?? [],
                    sex: sexes[index] == "F" ? .female : sexes[index] == "M" ? .male : nil,
                    birthDate: births[index].flatMap { try? FuzzyDate.parse($0) },
                    origin: withOrigin ? places[index].map { Place(locality: $0) } : nil)
                return (file.ids[index], person)
            }
        }
        var truePairs = Set<PairwiseScores.Pair>()
        let byPerson = Dictionary(grouping: file.ids.indices, by: { truth[$0] ?? "" })
        for members in byPerson.values {
            for (position, a) in members.enumerated() {
                for b in members.dropFirst(position + 1) {
                    truePairs.insert(PairwiseScores.Pair(file.ids[a], file.ids[b]))
                }
            }
        }
        func scores(withOrigin: Bool) throws -> (PairwiseScores, LinkageResult, Linker) {
            let table = try PersonLinkage.table(persons(withOrigin: withOrigin), lists: lists)
            let settings = try LinkageSettings.forFields(PersonLinkage.fields, table: table)
            let linker = try Linker(table: table, settings: settings)
            let result = try linker.run()
            return (PairwiseScores(predicted: predicted(result, table), truth: truePairs), result, linker)
        }
        let (without, _, _) = try scores(withOrigin: false)
        let (with, result, linker) = try scores(withOrigin: true)
        #expect(with.f1 >= without.f1, "with origin \(with), without \(without)")
        #expect(with.precision >= 0.95, "\(with)")
        // The origin is among the reasons a link gives, and agreeing on it counts for the pair.
        let parts = result.matches.prefix(200).flatMap { linker.explain($0.a, $0.b, model: result.model) }
        #expect(parts.contains { $0.comparator == "origin" && $0.weight > 0 }, "\(parts.prefix(5))")
    }

    @Test func judgedPairsStandAndRefineTheModel() throws {
        let fields = [
            FieldSpec(column: "name_recorded", kind: .personName), FieldSpec(column: "sex", kind: .exact),
            FieldSpec(column: "dob_raw", kind: .date), FieldSpec(column: "place_raw", kind: .place),
        ]
        let table = try LinkInput.read([try fixture("cjk_names_dev.csv")], idColumn: "record_id")
        let plain = try Linker(table: table, settings: try LinkageSettings.forFields(fields, table: table)).run()
        let linked = try #require(plain.matches.first)
        let unlinked = try #require(plain.candidates.first { $0.probability < 0.01 })
        var settings = try LinkageSettings.forFields(fields, table: table)
        settings.labels = [
            LabelledPair(linked.a, linked.b, same: false), LabelledPair(unlinked.a, unlinked.b, same: true),
        ]
        let judged = try Linker(table: table, settings: settings).run()
        let pairs = Set(judged.matches.map { [$0.a, $0.b] })
        #expect(!pairs.contains([linked.a, linked.b]))
        #expect(!judged.clusters.contains { $0.contains(linked.a) && $0.contains(linked.b) })
        #expect(pairs.contains([unlinked.a, unlinked.b]))
        #expect(judged.clusters.contains { $0.contains(unlinked.a) && $0.contains(unlinked.b) })
        #expect(judged.model.m != plain.model.m)
    }

    @Test func everyLinkExplainsItself() throws {
        let (table, result) = try run(["febrl4_a.csv", "febrl4_b.csv"], id: "rec_id", fields: FieldSpec.febrl)
        let settings = try LinkageSettings.forFields(FieldSpec.febrl, table: table)
        let linker = try Linker(table: table, settings: settings)
        let pair = try #require(result.matches.first)
        let parts = linker.explain(pair.a, pair.b, model: result.model)
        #expect(parts.map(\.comparator) == FieldSpec.febrl.map(\.column))
        let total = parts.reduce(result.model.priorWeight) { $0 + $1.weight }
        #expect(abs(total - pair.weight) < 1e-9)
    }

    @Test func refusesInputItCannotUse() throws {
        let table = try LinkTable(ids: ["a", "b"], columns: ["name": ["x", "y"]])
        #expect(throws: LinkageError.self) { try LinkageSettings.forFields([], table: table) }
        #expect(throws: LinkageError.self) {
            try LinkageSettings.forFields([FieldSpec(column: "missing", kind: .name)], table: table)
        }
        #expect(throws: LinkageError.self) { try FieldSpec(parsing: "name:colour") }
        #expect(throws: LinkageError.self) { try FieldSpec(parsing: "name") }
        #expect(throws: LinkageError.self) { try LinkTable(ids: ["a"], columns: ["name": ["x", "y"]]) }
        let lonely = try LinkTable(ids: ["a"], columns: ["name": ["x"]])
        let settings = LinkageSettings(
            comparators: [ExactComparator(lonely, column: "name")], rules: [.columns(["name"], in: lonely)])
        #expect(throws: LinkageError.tooFewRecords) { try Linker(table: lonely, settings: settings) }
    }
}
