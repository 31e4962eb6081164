import Testing
import WhereaboutsCore

@Suite("consent")
struct ConsentTests {
    static let withdrawn = try! FuzzyDate.parse("2024-03-01")

    @Test("consent covers its scopes until it is withdrawn; sources without one fall back by type")
    func scopes() throws {
        var consent = Consent(scopes: [.internalDocumentation, .shareWithUN], givenOn: try FuzzyDate.parse("2023"))
        #expect(consent.allows(.shareWithUN))
        #expect(!consent.allows(.publishWithNames))
        consent.withdrawnOn = Self.withdrawn
        #expect(!consent.allows(.internalDocumentation))
        #expect(Source(type: .testimony, title: "t").allows(.internalDocumentation))
        #expect(!Source(type: .testimony, title: "t").allows(.shareWithUN))
        #expect(Source(type: .mediaReport, title: "m").allows(.publishWithoutNames))
        let source = Source(type: .testimony, title: "t", text: "words", consent: consent)
        // Withdrawn: the text is no longer indexed; the title still finds the record (for those entitled).
        #expect(source.identityText == ["t"])
        #expect(source.facets.contains(Facet(.consent, "withdrawn")))
        #expect(!source.facets.contains(Facet(.consent, "internal-documentation")))
    }

    @Test("withdrawal before consent, or a scope twice, is refused with the field path")
    func validation() throws {
        let early = Consent(
            scopes: [.shareWithUN, .shareWithUN], givenOn: try FuzzyDate.parse("2024-05"), withdrawnOn: Self.withdrawn)
        let issues = Source(type: .testimony, title: "t", consent: early).validate().map(\.path)
        #expect(issues.contains("/consent/withdrawnOn"))
        #expect(issues.contains("/consent/scopes"))
    }

    @Test("sharing leaves out a source whose consent does not cover the purpose, and everything resting on it")
    func filter() throws {
        let open = RecordID(), closed = RecordID()
        var filter = ConsentFilter(purpose: .un)
        let unOK = Source(
            type: .testimony, title: "a", consent: Consent(scopes: [.internalDocumentation, .shareWithUN]))
        let internalOnly = Source(type: .testimony, title: "b", consent: Consent(scopes: [.internalDocumentation]))
        #expect(filter.filter(unOK, id: open) != nil)
        #expect(filter.filter(internalOnly, id: closed) == nil)
        #expect(filter.withheld == [closed])
        #expect(filter.filter(Information(sourceID: closed, recordID: RecordID()), id: RecordID()) == nil)
        #expect(filter.filter(Information(sourceID: open, recordID: RecordID()), id: RecordID()) != nil)
        let person = Person(
            names: [NameForm(full: "김영희", sourceID: closed), NameForm(full: "Kim Young-hee", sourceID: open)],
            fate: [FateEntry(status: .missing, sourceID: closed)])
        let shared = try #require(filter.filter(person, id: RecordID()) as? Person)
        #expect(shared.names.map(\.full) == ["Kim Young-hee"])
        #expect(shared.fate.isEmpty)
        let event = Event(title: "e", sourceIDs: [open, closed])
        #expect((filter.filter(event, id: RecordID()) as? Event)?.sourceIDs == [open])
    }
}
