import Foundation
import Testing
import WhereaboutsCore
import WhereaboutsTestSupport

@testable import WhereaboutsStore

@Suite("case-list import and export")
struct CaseListTests {
    static func stream(_ text: String) -> InputStream { InputStream(data: Data(text.utf8)) }

    @Test("rows sharing keys share an event, a person and a source; everything is written at once")
    func importsRows() async throws {
        try await TestDatabase.withStore { store in
            let csv = """
                event_key,event_title,event_date,event_country,person_key,name,name_latin,romanisation,birth_date,violation_type,fate_status,source_title
                e1,Fishing boat taken north,around 1975,KR,p1,김영수,Kim Yeong-su,revised-romanisation,Juche 30,abduction,missing,Family list
                e1,Fishing boat taken north,around 1975,KR,p2,박철,Pak Chol,dprk,,abduction,,Family list
                e2,"Workers in Vladivostok, 2019",2019-03/2019-09,RU,p1,김영수,,,,forced-labour,,
                """
            let parsed = try CaseList.read(Self.stream(csv), vocabulary: store.vocabularyIndex)
            #expect((parsed.rows, parsed.events, parsed.persons, parsed.acts, parsed.sources) == (3, 2, 2, 3, 1))
            try await store.createAll(parsed.records, by: .operatorWriter(actor: "import"))
            #expect(try await store.counts(access: .operatorAccess) == [.event: 2, .person: 2, .act: 3, .source: 1])
            let hits = try await store.search(
                SearchQuery(text: "vladivostok", kinds: [.event]), access: .operatorAccess)
            #expect(hits.items.count == 1)
        }
    }

    @Test("every bad row is reported with its line and column, and nothing is written")
    func reportsEveryIssue() async throws {
        try await TestDatabase.withStore { store in
            let csv = """
                event_title,name,violation_type,event_date,event_country,sex
                Good row,김영희,abduction,1977,JP,female
                Bad date,이순옥,abduction,1978-02-30,JP,
                Bad codes,최,nonsense,1977,XX,woman
                ,박,abduction,,,
                """
            do {
                _ = try CaseList.read(Self.stream(csv), vocabulary: store.vocabularyIndex)
                Issue.record("a bad file was accepted")
            } catch let error as CaseList.IssueList {
                let found = error.issues.map { "\($0.line):\($0.column ?? "-")" }
                #expect(found == ["3:event_date", "4:sex", "4:event_country", "4:violation_type", "5:event_title"])
            }
            #expect(try await store.counts(access: .operatorAccess).isEmpty)
        }
    }

    @Test("unknown or missing columns are refused at line 1")
    func header() {
        #expect(throws: CaseList.IssueList.self) {
            try CaseList.read(Self.stream("event_title,name,colour\nA,B,red\n"), vocabulary: VocabularyIndex())
        }
        do {
            _ = try CaseList.read(Self.stream("name\nB\n"), vocabulary: VocabularyIndex())
            Issue.record("a file without required columns was accepted")
        } catch {
            #expect(error.issues.map(\.line) == [1, 1])
            #expect(Set(error.issues.compactMap(\.column)) == ["event_title", "violation_type"])
        }
    }

    @Test("an exported row imports back to the same event, person and act")
    func roundTrip() throws {
        let event = Event(
            title: "Arrest and forced return", date: try FuzzyDate.parse("2023-10"),
            places: [Place(country: "CN", locality: "延吉")])
        let person = Person(
            names: [NameForm(full: "리영철"), NameForm(full: "Ri Yong Chol", romanisation: .dprk)], sex: .male,
            birthDate: try FuzzyDate.parse("Juche 60"), nationalities: ["KP"], roles: [.victim],
            fate: [FateEntry(status: .detainedLocationUnknown, date: try FuzzyDate.parse("2023-11"))])
        let act = Act(
            eventID: RecordID(), victimID: RecordID(), type: "forced-return", hostState: "CN",
            hostStateRole: .forcedReturn)
        let row = CaseList.row(eventKey: "e", personKey: "p", act: act, event: event, person: person, source: nil)
        let csv = CaseList.columns.joined(separator: ",") + "\n" + row.map { "\"\($0)\"" }.joined(separator: ",") + "\n"
        let parsed = try CaseList.read(Self.stream(csv), vocabulary: VocabularyIndex(BuiltInVocabulary.terms))
        let bodies = parsed.records.map(\.body)
        #expect(bodies.compactMap { $0 as? Event } == [event])
        #expect(bodies.compactMap { $0 as? Person } == [person])
        let imported = try #require(bodies.compactMap { $0 as? Act }.first)
        #expect(imported.type == act.type && imported.hostStateRole == .forcedReturn && imported.hostState == "CN")
    }
}

@Suite("HURIDOCS thesaurus")
struct HuridocsThesaurusTests {
    @Test("all 4,516 terms load into their schemes, with hierarchies and Korean and Japanese labels where given")
    func bundled() throws {
        let terms = try HuridocsThesaurus.bundled()
        #expect(terms.count == 4_516)
        let index = VocabularyIndex(terms)
        #expect(index.lineage(.violationTypes, "030104000000") == ["030104000000", "030100000000", "030000000000"])
        #expect(index.term(.violationTypes, "030000000000")?.label("ko") == "신체의 자유 침해")
        #expect(index.term(.violationStatus, "010100000000")?.label("ja") == "侵害として確認済み")
        #expect(index.term(.violationTypes, "030104000000")?.label("ko") == "Abduction; kidnapping")
        #expect(index.schemes.count == 54)
    }

    @Test("a malformed thesaurus names the line and imports nothing")
    func malformed() {
        let header =
            "vocab_number,huri_code,list_code,list_name,english,french,spanish_or_other,visible,term_order,parent_vocab_number,term_level\n"
        #expect(throws: HuridocsThesaurus.ReadError(line: 2, message: "huri_code 'abc' is not 12 digits")) {
            try HuridocsThesaurus.read(header + "1,abc,4,types_of_acts,X,,,y,1,0,0\n")
        }
        #expect(throws: HuridocsThesaurus.ReadError.self) { try HuridocsThesaurus.read("a,b\n1,2\n") }
    }
}
