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

/// The sharing rule read from the kinds' declarations (decision 0039): what cites a withheld source
/// is shared without the citation, what rests on a withheld record is withheld along, and no shared
/// record ever refers to a withheld one.
@Suite("sharing under consent, by declaration")
struct ConsentDeclarationTests {
    static let closed = RecordID()
    static let open = RecordID()

    static func filter(_ purpose: SharingPurpose = .un) -> ConsentFilter {
        var filter = ConsentFilter(purpose: purpose)
        #expect(filter.filter(Source(type: .testimony, title: "closed"), id: closed) == nil)
        #expect(filter.filter(Source(type: .mediaReport, title: "open"), id: open) != nil)
        return filter
    }

    @Test("the kinds that hold a consent of their own are sources and claims, and only they can refuse")
    func holders() {
        #expect(Set(RecordKind.consentHolders) == [.source, .claim])
        // A kind that holds none allows every purpose, whatever its record says.
        #expect(Event(title: "e").consentAllows(.publishWithoutNames))
        #expect(!Source(type: .testimony, title: "t").consentAllows(.shareWithUN))
    }

    @Test("every kind that cites sources is shared without the withheld one, names and fate entries it gave included")
    func citing() throws {
        var filter = Self.filter()
        let bodies: [any RecordBody] = [
            Event(title: "e", sourceIDs: [Self.open, Self.closed]),
            Act(eventID: RecordID(), victimID: RecordID(), type: "abduction", sourceIDs: [Self.closed]),
            Involvement(actID: RecordID(), perpetratorOrganisationID: RecordID(), sourceIDs: [Self.closed]),
            Organisation(
                name: "Unit", names: [NameForm(full: "Unit 10", sourceID: Self.closed)], type: .stateAgency,
                sourceIDs: [Self.closed, Self.open]),
            Person(
                names: [NameForm(full: "A", sourceID: Self.closed)],
                fate: [FateEntry(status: .missing, sourceID: Self.open)]),
            ReparationMeasure(
                claimID: RecordID(), form: .satisfaction, providerType: .ngo, provider: "NGO",
                acknowledgedResponsibility: false,
                history: [.init(status: .proposed, sourceIDs: [Self.closed, Self.open])]),
        ]
        for body in bodies {
            let result = filter.filter(body, id: RecordID())
            let shared = try #require(result, "\(type(of: body).kind) withheld whole")
            let referred = Set(shared.references.map(\.id))
            #expect(!referred.contains(Self.closed), "\(type(of: body).kind) still cites the withheld source")
            #expect(referred.contains(Self.open) == body.references.contains { $0.id == Self.open })
        }
        #expect(filter.withheldAlong.isEmpty)
    }

    @Test("what rests on a withheld record is withheld along, and what rests on that in turn")
    func restingOn() {
        var filter = Self.filter()
        let information = RecordID()
        #expect(filter.filter(Information(sourceID: Self.closed, recordID: RecordID()), id: information) == nil)
        #expect(filter.withheldAlong == [information])
        // A claim without a recorded consent is for internal use only: its decision and measures follow it.
        let claim = RecordID()
        let claimBody = ReparationClaim(
            claimantID: RecordID(), directVictimID: RecordID(), relationship: .child,
            harms: [.init(type: .disappearance, actIDs: [RecordID()])])
        #expect(filter.filter(claimBody, id: claim) == nil)
        #expect(filter.withheldByKind == [.source: 1, .claim: 1])
        let measure = ReparationMeasure(
            claimID: claim, form: .compensation, providerType: .state, provider: "State",
            acknowledgedResponsibility: true, history: [.init(status: .granted)])
        #expect(filter.filter(measure, id: RecordID()) == nil)
        // Inside the organisation the same claim and information are shared.
        var inside = ConsentFilter(purpose: .internal)
        #expect(inside.filter(claimBody, id: claim) != nil)
        #expect(inside.filter(Source(type: .testimony, title: "closed"), id: Self.closed) != nil)
        #expect(inside.filter(Information(sourceID: Self.closed, recordID: RecordID()), id: information) != nil)
        #expect(inside.withheld.isEmpty && inside.withheldAlong.isEmpty)
    }
}
