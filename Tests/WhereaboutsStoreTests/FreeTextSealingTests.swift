import Foundation
import SQLKit
import Testing
import WhereaboutsCore
import WhereaboutsStore
import WhereaboutsTestSupport

/// Free text that identifies people — notes, descriptions, remarks, a testimony's title, a person's fate
/// history — is sealed like names (issue 22, item 12; decision 0017).
@Suite("sealed free text")
struct FreeTextSealingTests {
    /// One record of every kind, each identifying text a marker of its own; returns the markers by field.
    static func fileEveryKind(_ store: SQLRecordStore) async throws -> (ids: [RecordKind: RecordID], markers: [String])
    {
        let writer = Writer.operatorWriter()
        var markers: [String] = []
        func mark(_ field: String) -> String {
            let marker = "Marker\(field)Xq\(markers.count)zz"
            markers.append(marker)
            return marker
        }
        var ids: [RecordKind: RecordID] = [:]
        var person = Sample.person()
        person.notes = mark("PersonNotes")
        person.fate = [
            FateEntry(
                status: .detainedLocationKnown, date: try FuzzyDate.parse("1990"),
                place: Place(country: "KP", locality: mark("FatePlace")), note: mark("FateNote"))
        ]
        ids[.person] = try await store.create(person, by: writer).id
        ids[.organisation] = try await store.create(
            Organisation(name: "Unit 10", type: .stateAgency), by: writer
        ).id
        ids[.source] = try await store.create(
            Source(
                type: .testimony, title: mark("SourceTitle"), text: mark("SourceText"), givenByID: ids[.person],
                consent: Consent(scopes: [.internalDocumentation], note: mark("ConsentNote"))),
            by: writer
        ).id
        ids[.event] = try await store.create(Sample.event(), by: writer).id
        let second = try await store.create(Sample.event("Family questioned", year: "1978"), by: writer).id
        ids[.act] = try await store.create(
            Act(
                eventID: ids[.event]!, victimID: ids[.person]!, type: "abduction",
                leverageOnFamily: mark("Leverage"), description: mark("ActDescription")),
            by: writer
        ).id
        ids[.involvement] = try await store.create(
            Involvement(
                actID: ids[.act]!, perpetratorOrganisationID: ids[.organisation], note: mark("InvolvementNote")),
            by: writer
        ).id
        ids[.information] = try await store.create(
            Information(sourceID: ids[.source]!, recordID: ids[.act]!, remarks: mark("Remarks")), by: writer
        ).id
        ids[.intervention] = try await store.create(
            Intervention(
                type: "un-communication", title: "Communication", description: mark("InterventionDescription"),
                response: mark("Response"), eventIDs: [ids[.event]!]),
            by: writer
        ).id
        ids[.eventLink] = try await store.create(
            EventLink(
                fromEventID: ids[.event]!, toEventID: second, type: "reprisal-after-escape", note: mark("LinkNote")),
            by: writer
        ).id
        ids[.cyberIncident] = try await store.create(
            CyberIncident(
                eventID: ids[.event]!, vector: .spearPhishingEmail, target: .init(classification: .escapee),
                leverageOnFamily: true, leverageDetail: mark("CyberLeverage"), description: mark("CyberDescription"),
                lures: [Lure(itemID: "ev0", subject: mark("LureSubject"), to: [mark("LureAddressee")])]),
            by: writer
        ).id
        ids[.indicator] = try await store.create(
            Indicator(type: .domain, value: "evil.example", origin: .entered, note: mark("IndicatorNote")), by: writer
        ).id
        ids[.sighting] = try await store.create(
            Sighting(
                incidentID: ids[.cyberIncident]!, indicatorID: ids[.indicator]!, firstSeen: "2026-11-03T08:12:45Z",
                lastSeen: "2026-11-03T08:12:45Z", origin: .entered),
            by: writer
        ).id
        ids[.eligibilityRules] = try await store.create(
            EligibilityRules(name: "Rules", rules: [.init(code: "r", benefit: "b", conditions: [.init(.returned)])]),
            by: writer
        ).id
        ids[.claim] = try await store.create(
            ReparationClaim(
                claimantID: ids[.person]!, directVictimID: ids[.person]!, relationship: .self,
                harms: [.init(type: .disappearance, actIDs: [ids[.act]!])], statement: mark("ClaimStatement")),
            by: writer
        ).id
        ids[.reparationDecision] = try await store.create(
            ReparationDecision(
                claimID: ids[.claim]!, rulesID: ids[.eligibilityRules]!, rulesVersion: 1,
                evaluation: .init(outcome: .notEligible, benefits: [], reasons: ["r (b): does not hold"]),
                decidedOn: Day(year: 2024, month: 6, day: 1)!, note: mark("DecisionNote")),
            by: writer
        ).id
        ids[.reparationMeasure] = try await store.create(
            ReparationMeasure(
                claimID: ids[.claim]!, form: .satisfaction, providerType: .ngo, provider: "An NGO",
                acknowledgedResponsibility: false, history: [.init(status: .proposed)],
                description: mark("MeasureDescription")),
            by: writer
        ).id
        // A second version of the act: its first stays in history.
        var act = try #require(try await store.get(ids[.act]!, access: .operatorAccess).body(as: Act.self))
        act.description = mark("ActDescriptionSecond")
        _ = try await store.update(ids[.act]!, with: act, expectedVersion: 1, by: writer)
        return (ids, markers)
    }

    @Test(
        "every kind's identifying free text is in no clear column, search table or kept version, and no viewer reads it"
    )
    func sealedEverywhere() async throws {
        try await TestDatabase.withLocatedDatabase { handle, location in
            let store = try await SQLRecordStore.open(
                handle, clock: { Date() }, logger: TestDatabase.logger, protection: .sealed(.ephemeral()))
            let (ids, markers) = try await Self.fileEveryKind(store)
            #expect(ids.count == RecordKind.allCases.count)
            let raw = try await SealingTests.rawBytes(location)
            let found = markers.filter { SealingTests.occurs($0, in: raw) }
            #expect(found == [], "in the raw \(TestDatabase.dialectName) storage")

            let viewer = RecordAccess(compartments: ["general"], seesIdentities: false)
            for (kind, id) in ids {
                let shown = try JSONEncoder().encode(try await store.get(id, access: viewer))
                let text = String(decoding: shown, as: UTF8.self)
                #expect(!markers.contains { text.contains($0) }, "\(kind) shown to a viewer")
                for version in try await store.history(id, access: viewer) {
                    let (_, body) = try await store.version(id, version.version, access: viewer)
                    let old = String(decoding: try JSONEncoder().encode(body), as: UTF8.self)
                    #expect(!markers.contains { old.contains($0) }, "\(kind) version \(version.version)")
                }
            }
            let reader = RecordAccess(compartments: ["general"], seesIdentities: true)
            // Every marker but the replaced description and the consent's note (not searchable) is found.
            for marker in markers where !marker.contains("ActDescriptionXq") && !marker.contains("ConsentNote") {
                #expect(try await store.search(SearchQuery(text: marker), access: viewer).items.isEmpty)
                #expect(!(try await store.search(SearchQuery(text: marker), access: reader).items.isEmpty), "\(marker)")
            }
            // Those entitled read everything back as written.
            let act = try #require(try await store.get(ids[.act]!, access: reader).body(as: Act.self))
            #expect(act.description?.hasPrefix("MarkerActDescriptionSecond") == true)
            let source = try #require(try await store.get(ids[.source]!, access: reader).body(as: Source.self))
            #expect(
                source.title.hasPrefix("MarkerSourceTitle") && source.consent?.note?.hasPrefix("MarkerConsent") == true)
            await store.close()
        }
    }

    @Test("text an earlier release kept in clear bodies, titles, search text and versions is sealed at the next open")
    func olderClearTextIsMoved() async throws {
        let keyring = Keyring.ephemeral()
        try await TestDatabase.withDatabase { handle in
            let store = try await SQLRecordStore.open(
                handle, clock: { Date() }, logger: TestDatabase.logger, protection: .sealed(keyring))
            let writer = Writer.operatorWriter()
            let event = try await store.create(Sample.event(), by: writer).id
            let person = try await store.create(Sample.person(), by: writer).id
            let before = Act(
                eventID: event, victimID: person, type: "abduction", description: "OldClearFirstQq")
            let act = try await store.create(before, by: writer).id
            let after = Act(
                eventID: event, victimID: person, type: "abduction", description: "OldClearSecondQq")
            _ = try await store.update(act, with: after, expectedVersion: 1, by: writer)
            // As an earlier release stored it: the description in the clear body of the record and of
            // its kept version, and in the search text.
            try await handle.write { db in
                try await db.raw(
                    """
                    UPDATE records SET identity = NULL,
                        body = \(bind: String(decoding: try CanonicalJSON.encode(after), as: UTF8.self))
                    WHERE id = \(bind: act.description)
                    """
                ).run()
                try await db.raw(
                    """
                    UPDATE record_versions SET identity = NULL,
                        body = \(bind: String(decoding: try CanonicalJSON.encode(before), as: UTF8.self))
                    WHERE version = 1 AND seq = (SELECT seq FROM records WHERE id = \(bind: act.description))
                    """
                ).run()
                try await db.raw("INSERT INTO sealing_pending (id) VALUES (1)").run()
            }
            let reopened = try await SQLRecordStore.open(
                handle, clock: { Date() }, logger: TestDatabase.logger, protection: .sealed(keyring))
            let bodies = try await handle.read { db in
                try await db.raw(
                    """
                    SELECT body FROM records WHERE id = \(bind: act.description)
                    UNION ALL SELECT v.body FROM record_versions v JOIN records r ON r.seq = v.seq
                        WHERE r.id = \(bind: act.description) AND v.body IS NOT NULL
                    """
                ).all(decodingColumn: "body", as: String.self)
            }
            #expect(!bodies.isEmpty)
            #expect(!bodies.contains { $0.contains("OldClear") })
            #expect(try await reopened.get(act, access: .operatorAccess).body(as: Act.self) == after)
            let (_, first) = try await reopened.version(act, 1, access: .operatorAccess)
            #expect((first as? Act) == before)
            #expect(
                try await reopened.search(SearchQuery(text: "OldClearSecondQq"), access: .operatorAccess).items.count
                    == 1)
            await reopened.close()
        }
    }
}
