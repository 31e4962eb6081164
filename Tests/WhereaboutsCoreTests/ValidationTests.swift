import Foundation
import PropertyBased
import Testing
import WhereaboutsCore

@Suite("record validation")
struct ValidationTests {
    @Test("a valid record has no issues; each bad field is named by its JSON Pointer")
    func fieldPaths() {
        let good = Event(title: "A title", places: [Place(country: "JP", locality: "新潟")], perpetratorStates: ["KP"])
        #expect(good.validate().isEmpty)
        let bad = Event(
            title: "  ", places: [Place(country: "jp"), Place(latitude: 95, longitude: 10)],
            perpetratorStates: ["North Korea"])
        #expect(
            Set(bad.validate().map(\.path))
                == ["/title", "/places/0/country", "/places/1/latitude", "/perpetratorStates/0"])
    }

    @Test("an involvement names exactly one perpetrator; a chain link never loops on one event")
    func structuralRules() {
        let act = RecordID()
        #expect(!Involvement(actID: act).validate().isEmpty)
        #expect(
            !Involvement(actID: act, perpetratorPersonID: RecordID(), perpetratorOrganisationID: RecordID()).validate()
                .isEmpty)
        #expect(Involvement(actID: act, perpetratorOrganisationID: RecordID()).validate().isEmpty)
        let event = RecordID()
        #expect(
            EventLink(fromEventID: event, toEventID: event, type: "causes").validate().map(\.path) == ["/toEventID"])
    }

    @Test("scripts are detected from the letters of a name")
    func scripts() {
        #expect(NameForm.detectScript("김영희") == .hangul)
        #expect(NameForm.detectScript("金英姫") == .hanja)
        #expect(NameForm.detectScript("やまだ") == .hiragana)
        #expect(NameForm.detectScript("ヤマダ") == .katakana)
        #expect(NameForm.detectScript("Kim Young-hee") == .latin)
        #expect(NameForm.detectScript("山田はなこ") == .mixed)
        #expect(NameForm.detectScript("Ким") == .cyrillic)
    }

    @Test("text with control characters or beyond its length is refused, whatever it holds")
    func textLimits() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...0x1F).filter { ![0x09, 0x0A, 0x0D].contains($0) }) {
            code in
            let text = "before" + String(UnicodeScalar(UInt8(code))) + "after"
            #expect(Event(title: text).validate().map(\.path) == ["/title"])
        }
        #expect(Event(title: String(repeating: "가", count: 501)).validate().map(\.path) == ["/title"])
        #expect(Event(title: String(repeating: "가", count: 500)).validate().isEmpty)
    }

    @Test("the current fate is the latest by date, undated entries counting as latest in order")
    func currentFate() throws {
        let person = Person(fate: [
            FateEntry(status: .detainedLocationKnown, date: try FuzzyDate.parse("1990")),
            FateEntry(status: .missing, date: try FuzzyDate.parse("1978")),
        ])
        #expect(person.currentFate?.status == .detainedLocationKnown)
        let later = Person(fate: person.fate + [FateEntry(status: .returned)])
        #expect(later.currentFate?.status == .returned)
    }

    @Test("the built-in violation types cover the report's five categories in three languages")
    func vocabulary() {
        let index = VocabularyIndex(BuiltInVocabulary.terms)
        for category in [
            "abduction-disappearance", "forced-labour-abroad", "conscripts-armed-conflict", "cyberattack-data-theft",
            "repression-escapees-reprisals",
        ] {
            let term = index.term(.violationTypes, category)
            #expect(term?.parentCode == nil)
            #expect(term?.labels.keys.sorted() == ["en", "ja", "ko"])
        }
        #expect(index.lineage(.violationTypes, "phishing") == ["phishing", "cyberattack-data-theft"])
        for term in BuiltInVocabulary.terms {
            #expect(term.labels.keys.sorted() == ["en", "ja", "ko"], "\(term.code)")
        }
    }
}

@Suite("record ids")
struct RecordIDTests {
    @Test("a sequence yields valid, distinct ids in ascending text order; two sequences differ")
    func sequences() {
        var first = RecordIDSequence()
        var second = RecordIDSequence()
        let ids = (0..<1_000).map { _ in first.next() }
        #expect(Set(ids).count == ids.count)
        #expect(ids.map(\.description) == ids.map(\.description).sorted())
        #expect(ids.allSatisfy { RecordID($0.description) == $0 && $0.description.dropFirst(14).first == "8" })
        #expect(second.next() != ids[0])
    }

    @Test("an id's text is its UUID in lower case, read back to the same id; ids sort as their texts do")
    func textAndOrder() {
        var ids = (0..<2_000).map { _ in RecordID() }
        ids += [
            "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff",
            "8c810731-806e-855d-8000-00000000000a", "8C810731-806E-855D-8000-000000000009",
        ].compactMap(RecordID.init)
        for id in ids {
            #expect(id.description == id.uuid.uuidString.lowercased())
            #expect(RecordID(id.description) == id)
        }
        #expect(ids.sorted().map(\.description) == ids.map(\.description).sorted())
        let (first, second) = (ids[0], ids[1])
        #expect((first < second) == (first.description < second.description))
        #expect(!(first < first))
    }
}
