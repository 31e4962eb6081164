import Foundation
import SQLKit
import Testing
import WhereaboutsCore
import WhereaboutsSecurity
import WhereaboutsStore
import WhereaboutsTestSupport

/// Two desks of one NGO (Japan abductions, overseas workers in Russia), a documenter in each, one who
/// works for both, and the records they write — followed by an independent model of decision 0016's
/// rule computed from the kinds' declarations alone (a global fixpoint, not the store's incremental
/// rounds), so that any difference between the order of writes and the rule shows.
private struct TwoDesks: Sendable {
    let store: SQLRecordStore
    let japan: Writer
    let russia: Writer
    /// An account in both desks, writing into Russia.
    let bothIntoRussia: Writer
    let japanReader: RecordAccess
    let russiaReader: RecordAccess

    static func open(_ store: SQLRecordStore) async throws -> TwoDesks {
        let accounts = AccountStore(database: store.database, clock: { Date() }, hasher: .testing)
        _ = try await accounts.createCompartment(id: "japan", name: "Japan abductions")
        _ = try await accounts.createCompartment(id: "russia", name: "Overseas workers — Russia")
        let japan = try await accounts.createAccount(username: "doc-jp", role: .documenter, compartments: ["japan"]).0
        let russia = try await accounts.createAccount(username: "doc-ru", role: .documenter, compartments: ["russia"]).0
        let both = try await accounts.createAccount(
            username: "doc-both", role: .documenter, compartments: ["japan", "russia"]
        ).0
        return TwoDesks(
            store: store, japan: try #require(Writer(account: japan, compartments: ["japan"])),
            russia: try #require(Writer(account: russia, compartments: ["russia"])),
            bothIntoRussia: try #require(Writer(account: both, compartments: ["russia"])),
            japanReader: RecordAccess(account: japan), russiaReader: RecordAccess(account: russia))
    }
}

/// What decision 0016 says every live record's compartments are, from the kinds' declarations.
private struct PlacementModel {
    var kinds: [RecordID: RecordKind] = [:]
    var references: [RecordID: [RecordReference]] = [:]
    var homes: [RecordID: Set<String>] = [:]

    func hangsFromCase(_ references: [RecordReference]) -> Bool {
        references.contains { $0.role == .parent && kinds[$0.id].map { !$0.placement.isShared } ?? false }
    }

    mutating func created(_ id: RecordID, _ body: any RecordBody, by writer: Writer) {
        kinds[id] = type(of: body).kind
        references[id] = body.references
        homes[id] = hangsFromCase(body.references) ? [] : writer.compartments
    }

    mutating func updated(_ id: RecordID, _ body: any RecordBody) {
        let before = placements()[id] ?? []
        references[id] = body.references
        if !hangsFromCase(body.references), homes[id]?.isEmpty ?? true { homes[id] = before }
    }

    mutating func deleted(_ id: RecordID) {
        kinds[id] = nil
        references[id] = nil
    }

    func placements() -> [RecordID: Set<String>] {
        var placed = homes.filter { kinds[$0.key] != nil }
        for _ in 0..<100 {
            var next = placed
            for (id, kind) in kinds {
                var set = homes[id] ?? []
                switch kind.placement {
                case .shared:
                    for (other, refs) in references where kinds[other].map({ !$0.placement.isShared }) ?? false {
                        if refs.contains(where: { $0.id == id }) { set.formUnion(placed[other] ?? []) }
                    }
                case .caseRecord(let combination):
                    let parents = (references[id] ?? []).filter {
                        $0.role == .parent && kinds[$0.id].map { !$0.placement.isShared } ?? false
                    }.map { placed[$0.id] ?? [] }
                    if let first = parents.first {
                        set.formUnion(
                            parents.dropFirst().reduce(first) {
                                combination == .union ? $0.union($1) : $0.intersection($1)
                            })
                    }
                }
                next[id] = set
            }
            if next == placed { return placed }
            placed = next
        }
        return placed
    }
}

/// Creates records through the store and the model alike.
private struct Recorder {
    var model = PlacementModel()
    let desks: TwoDesks

    init(_ desks: TwoDesks) { self.desks = desks }

    mutating func create(_ body: any RecordBody, by writer: Writer) async throws -> RecordID {
        let id = try await desks.store.create(body, by: writer).id
        model.created(id, body, by: writer)
        return id
    }

    mutating func update(_ id: RecordID, _ body: any RecordBody, by writer: Writer) async throws {
        let current = try await desks.store.get(id, access: writer.access)
        _ = try await desks.store.update(id, with: body, expectedVersion: current.version, by: writer)
        model.updated(id, body)
    }

    /// Every live record's compartments equal the model's, and each desk reads exactly what is placed in it.
    func expectAgreement(_ moment: String) async throws {
        for (id, expected) in model.placements() {
            #expect(try await desks.store.compartments(of: id) == expected, "\(moment): \(model.kinds[id]!) \(id)")
            for (reader, compartment) in [(desks.japanReader, "japan"), (desks.russiaReader, "russia")] {
                let seen = (try? await desks.store.get(id, access: reader)) != nil
                #expect(seen == expected.contains(compartment), "\(moment): \(compartment) reading \(id)")
            }
        }
    }
}

@Suite("placement rules (decision 0016)")
struct PlacementRulesTests {
    @Test(
        "testimony written in one desk about a shared person never becomes readable in another, whatever the order of writes"
    )
    func testimonyStaysInItsDesk() async throws {
        for actFirst in [false, true] {
            try await TestDatabase.withStore { store in
                let desks = try await TwoDesks.open(store)
                let person = try await store.create(Sample.person(), by: desks.japan).id
                let testimony = try await store.create(
                    Source(
                        type: .testimony, title: "Interview in Seoul",
                        text: "The witness saw the boat at Kashiwazaki harbour"),
                    by: desks.japan
                ).id
                func addRussianAct() async throws {
                    // Someone in both desks records the same person's forced labour in Russia.
                    try await store.setHomeCompartments(person, to: ["japan", "russia"], access: .operatorAccess)
                    let event = try await store.create(Sample.event("Logging camp"), by: desks.bothIntoRussia).id
                    _ = try await store.create(
                        Act(eventID: event, victimID: person, type: "forced-labour"), by: desks.bothIntoRussia)
                }
                if actFirst { try await addRussianAct() }
                let information = try await store.create(
                    Information(sourceID: testimony, recordID: person, remarks: "first interview"), by: desks.japan
                ).id
                if !actFirst { try await addRussianAct() }
                // Alice edits a remark: nothing about placement may change.
                let current = try await store.get(information, access: desks.japanReader)
                _ = try await store.update(
                    information, with: Information(sourceID: testimony, recordID: person, remarks: "checked"),
                    expectedVersion: current.version, by: desks.japan)

                _ = try await store.get(person, access: desks.russiaReader)
                for id in [testimony, information] {
                    await #expect(throws: StoreError.notFound(id)) {
                        try await store.get(id, access: desks.russiaReader)
                    }
                    #expect(try await store.compartments(of: id) == ["japan"])
                }
                let found = try await store.search(SearchQuery(text: "Kashiwazaki"), access: desks.russiaReader)
                #expect(found.items.isEmpty)
                #expect(
                    try await store.search(SearchQuery(text: "Kashiwazaki"), access: desks.japanReader).items.map(\.id)
                        == [testimony])
            }
        }
    }

    @Test(
        "every kind, shared persons, organisations and sources between two desks: placement follows the declarations after create, update, delete and restore"
    )
    func everyKindFollowsTheRule() async throws {
        try await TestDatabase.withStore { store in
            let desks = try await TwoDesks.open(store)
            var recorder = Recorder(desks)
            let japan = desks.japan
            let both = desks.bothIntoRussia

            // Japan's case.
            let person = try await recorder.create(Sample.person(), by: japan)
            let organisation = try await recorder.create(
                Organisation(name: "Reconnaissance General Bureau", type: .stateAgency), by: japan)
            let testimony = try await recorder.create(
                Source(type: .testimony, title: "Interview", text: "seen at the harbour", givenByID: person), by: japan)
            let eventA = try await recorder.create(Sample.event(), by: japan)
            let eventA2 = try await recorder.create(
                Sample.event("Reprisal against the family", year: "1978"), by: japan)
            let actA = try await recorder.create(
                Act(eventID: eventA, victimID: person, type: "abduction", sourceIDs: [testimony]), by: japan)
            _ = try await recorder.create(
                Involvement(actID: actA, perpetratorOrganisationID: organisation, sourceIDs: [testimony]), by: japan)
            let aboutPerson = try await recorder.create(
                Information(sourceID: testimony, recordID: person, remarks: "about the person"), by: japan)
            let aboutEvent = try await recorder.create(
                Information(sourceID: testimony, recordID: eventA, remarks: "about the event"), by: japan)
            _ = try await recorder.create(
                Intervention(type: "un-communication", title: "Letter", eventIDs: [eventA], personIDs: [person]),
                by: japan)
            _ = try await recorder.create(
                EventLink(fromEventID: eventA, toEventID: eventA2, type: "reprisal-after-escape"), by: japan)
            try await recorder.expectAgreement("Japan's case alone")

            // Russia's case names the same person and unit, written by someone in both desks.
            try await store.setHomeCompartments(person, to: ["japan", "russia"], access: .operatorAccess)
            recorder.model.homes[person] = ["japan", "russia"]
            try await store.setHomeCompartments(organisation, to: ["japan", "russia"], access: .operatorAccess)
            recorder.model.homes[organisation] = ["japan", "russia"]
            let eventB = try await recorder.create(Sample.event("Logging camp", year: "2015"), by: both)
            let actB = try await recorder.create(
                Act(eventID: eventB, victimID: person, type: "forced-labour"), by: both)
            let involvementB = try await recorder.create(
                Involvement(actID: actB, perpetratorOrganisationID: organisation), by: both)
            let listB = try await recorder.create(
                Source(type: .governmentList, title: "Workers list", givenByID: person), by: both)
            _ = try await recorder.create(
                Information(sourceID: listB, recordID: actB, remarks: "on the list"), by: both)
            _ = try await recorder.create(
                Intervention(type: "un-communication", title: "Appeal", personIDs: [person]), by: both)
            try await recorder.expectAgreement("after both cases")

            // Updates in another order, an information moved from an event to the shared person, a delete.
            try await recorder.update(
                aboutPerson, Information(sourceID: testimony, recordID: person, remarks: "edited"), by: japan)
            try await recorder.update(
                aboutEvent, Information(sourceID: testimony, recordID: person, remarks: "now about the person"),
                by: japan)
            var fated = Sample.person()
            fated.fate.append(FateEntry(status: .detainedLocationUnknown, date: try FuzzyDate.parse("2016")))
            try await recorder.update(person, fated, by: both)
            try await recorder.expectAgreement("after updates")
            let doomed = try await store.get(involvementB, access: both.access)
            _ = try await store.delete(involvementB, kind: .involvement, expectedVersion: doomed.version, by: both)
            recorder.model.deleted(involvementB)
            try await recorder.expectAgreement("after a delete")

            // Restoring the information's first version makes it hang from the event again.
            let moved = try await store.get(aboutEvent, access: japan.access)
            _ = try await store.restore(aboutEvent, version: 1, expectedVersion: moved.version, by: japan)
            recorder.model.references[aboutEvent] =
                Information(
                    sourceID: testimony, recordID: eventA, remarks: "about the event"
                ).references
            try await recorder.expectAgreement("after a restore")

            // The Russia desk never reads the Japan testimony, nor finds it by its words.
            await #expect(throws: StoreError.notFound(testimony)) {
                try await store.get(testimony, access: desks.russiaReader)
            }
            #expect(try await store.search(SearchQuery(text: "harbour"), access: desks.russiaReader).items.isEmpty)
        }
    }

    @Test("search filters never answer for a record in a desk the reader cannot see")
    func filtersAreNoOracle() async throws {
        try await TestDatabase.withStore { store in
            let desks = try await TwoDesks.open(store)
            let person = try await store.create(Sample.person(nationality: "KP"), by: desks.japan).id
            let unit = try await store.create(Organisation(name: "Unit 91", type: .stateAgency), by: desks.japan).id
            try await store.setHomeCompartments(person, to: ["japan", "russia"], access: .operatorAccess)
            try await store.setHomeCompartments(unit, to: ["japan", "russia"], access: .operatorAccess)
            // The Japan desk records the forced labour in Russia; the Russia desk only knows the person.
            let event = try await store.create(Sample.event("Construction site"), by: desks.japan).id
            let act = try await store.create(
                Act(
                    eventID: event, victimID: person, type: "forced-labour", place: Place(country: "RU"),
                    perpetratorState: "KP"),
                by: desks.japan
            ).id
            _ = try await store.create(Involvement(actID: act, perpetratorOrganisationID: unit), by: desks.japan)
            let filters: [SearchQuery] = [
                SearchQuery(kinds: [.person], countries: ["RU"]),
                SearchQuery(kinds: [.person], violationTypes: ["forced-labour"]),
                SearchQuery(kinds: [.person], violationTypes: ["forced-labour-abroad"]),
                SearchQuery(kinds: [.person], organisations: [unit]),
                SearchQuery(kinds: [.organisation], violationTypes: ["forced-labour"]),
                SearchQuery(countries: ["RU"]), SearchQuery(violationTypes: ["forced-labour"]),
                SearchQuery(organisations: [unit]),
            ]
            for query in filters {
                #expect(try await store.search(query, access: desks.russiaReader).items.isEmpty, "\(query)")
                #expect(try await store.searchCounts(query, access: desks.russiaReader).isEmpty, "\(query)")
            }
            // The same filters do find the person for the desk that recorded the act.
            for query in filters.prefix(4) {
                #expect(
                    try await store.search(query, access: desks.japanReader).items.map(\.id) == [person], "\(query)")
            }
        }
    }

    @Test("same-person links never pass through a person the reader cannot see")
    func samePersonNeverThroughHidden() async throws {
        try await TestDatabase.withStore { store in
            let desks = try await TwoDesks.open(store)
            let first = try await store.create(Sample.person(), by: desks.japan).id
            let hidden = try await store.create(Sample.person(), by: desks.russia).id
            let second = try await store.create(Sample.person(), by: desks.japan).id
            _ = try await store.propose(
                [
                    NewMatch(first, hidden, origin: .link, probability: 0.9, weight: 5, reasons: []),
                    NewMatch(hidden, second, origin: .link, probability: 0.9, weight: 5, reasons: []),
                ], at: Date())
            for proposal in try await store.matchProposals(access: .operatorAccess) {
                _ = try await store.decide(
                    proposal.id, status: .same, by: "reviewer", access: .operatorAccess, at: Date())
            }
            #expect(Set(try await store.samePerson(as: first, access: .operatorAccess)) == [hidden, second])
            // Only the Russia desk's record joins the two: the Japan desk is not told they are one person.
            #expect(try await store.samePerson(as: first, access: desks.japanReader).isEmpty)
            #expect(try await store.samePerson(as: second, access: desks.japanReader).isEmpty)
        }
    }

    @Test("what hangs from what has no cycle, and no write leaves a record in no compartment")
    func noCycleNoOrphan() async throws {
        try await TestDatabase.withStore { store in
            let desks = try await TwoDesks.open(store)
            let source = try await store.create(Source(type: .document, title: "A list"), by: desks.japan).id
            let event = try await store.create(Sample.event(), by: desks.japan).id
            let about = try await store.create(Information(sourceID: source, recordID: event), by: desks.japan).id
            // Information about information could close a loop of parents: refused.
            await #expect(throws: StoreError.self) {
                try await store.create(Information(sourceID: source, recordID: about), by: desks.japan)
            }
            // A link between two events that would share no compartment after a move: the move is refused.
            let other = try await store.create(Sample.event("Reprisal", year: "1978"), by: desks.japan).id
            _ = try await store.create(
                EventLink(fromEventID: event, toEventID: other, type: "reprisal-after-escape"), by: desks.japan)
            await #expect(throws: StoreError.self) {
                try await store.setHomeCompartments(other, to: ["russia"], access: .operatorAccess)
            }
            #expect(try await store.compartments(of: other) == ["japan"])
        }
    }

    @Test("a desk edits a shared person that cites another desk's source, and the citation stays")
    func editKeepsHiddenCitations() async throws {
        try await TestDatabase.withStore { store in
            let desks = try await TwoDesks.open(store)
            let source = try await store.create(Source(type: .testimony, title: "Interview"), by: desks.japan).id
            var person = Sample.person()
            person.names[0].sourceID = source
            let id = try await store.create(person, by: desks.japan).id
            try await store.setHomeCompartments(id, to: ["japan", "russia"], access: .operatorAccess)
            var edited = try #require(try await store.get(id, access: desks.russiaReader).body(as: Person.self))
            edited.notes = "Seen in Tynda in 2016"
            _ = try await store.update(id, with: edited, expectedVersion: 1, by: desks.russia)
            let now = try #require(try await store.get(id, access: desks.japanReader).body(as: Person.self))
            #expect(now.names[0].sourceID == source && now.notes == "Seen in Tynda in 2016")
            // A new reference to a record the writer cannot see is still refused.
            let another = try await store.create(Source(type: .testimony, title: "Second"), by: desks.japan).id
            var grabbing = edited
            grabbing.names[1].sourceID = another
            await #expect(throws: StoreError.self) {
                try await store.update(id, with: grabbing, expectedVersion: 2, by: desks.russia)
            }
        }
    }

    @Test("migration 12 takes back what the earlier rule leaked: information and testimony return to their desk")
    func migrationUndoesTheLeak() async throws {
        let keyring = Keyring.ephemeral()
        try await TestDatabase.withDatabase { handle in
            let store = try await SQLRecordStore.open(
                handle, clock: { Date() }, logger: TestDatabase.logger, protection: .sealed(keyring))
            let desks = try await TwoDesks.open(store)
            let person = try await store.create(Sample.person(), by: desks.japan).id
            try await store.setHomeCompartments(person, to: ["japan", "russia"], access: .operatorAccess)
            let testimony = try await store.create(
                Source(type: .testimony, title: "Interview", text: "words"), by: desks.japan
            ).id
            let information = try await store.create(
                Information(sourceID: testimony, recordID: person), by: desks.japan
            ).id
            let event = try await store.create(Sample.event("Logging camp"), by: desks.bothIntoRussia).id
            _ = try await store.create(
                Act(eventID: event, victimID: person, type: "forced-labour"), by: desks.bothIntoRussia)
            // The database as the earlier rule and schema left it: the information took the person's
            // compartments and carried its testimony along; references had no role; steps 12 and 13 not run.
            try await handle.write { db in
                for statement: SQLQueryString in [
                    "DELETE FROM record_home_compartments WHERE record_id = \(bind: information.description)",
                    """
                    INSERT INTO record_compartments (record_id, compartment_id)
                    VALUES (\(bind: information.description), 'russia'), (\(bind: testimony.description), 'russia')
                    """,
                    "ALTER TABLE record_refs DROP COLUMN parent",
                    "DROP TABLE placement_pending",
                    "DELETE FROM schema_migrations WHERE version IN (12, 13)",
                ] {
                    try await db.raw(statement).run()
                }
            }
            await #expect(throws: Never.self) { _ = try await store.get(testimony, access: desks.russiaReader) }
            let reopened = try await SQLRecordStore.open(
                handle, clock: { Date() }, logger: TestDatabase.logger, protection: .sealed(keyring))
            for id in [information, testimony] {
                #expect(try await reopened.compartments(of: id) == ["japan"])
                await #expect(throws: StoreError.notFound(id)) {
                    try await reopened.get(id, access: desks.russiaReader)
                }
            }
            #expect(try await reopened.compartments(of: person) == ["japan", "russia"])
        }
    }

    @Test("a refused delete names only the referrers the writer may see")
    func refusedDeleteNamesNoHiddenRecord() async throws {
        try await TestDatabase.withStore { store in
            let desks = try await TwoDesks.open(store)
            let person = try await store.create(Sample.person(), by: desks.russia).id
            try await store.setHomeCompartments(person, to: ["japan", "russia"], access: .operatorAccess)
            let event = try await store.create(Sample.event(), by: desks.japan).id
            let hidden = try await store.create(
                Act(eventID: event, victimID: person, type: "abduction"), by: desks.japan)
            let current = try await store.get(person, access: desks.russiaReader)
            do {
                _ = try await store.delete(person, kind: .person, expectedVersion: current.version, by: desks.russia)
                Issue.record("the delete should have been refused")
            } catch StoreError.stillReferenced(_, let referrers) {
                #expect(!referrers.contains(hidden.id))
                #expect(referrers.isEmpty)
            }
        }
    }
}
