import Foundation
import Testing
import WhereaboutsCore
import WhereaboutsSecurity
import WhereaboutsStore
import WhereaboutsTestSupport

/// Two compartments, a documenter in each, and a viewer in the first who does not see identities.
private struct Desk: Sendable {
    let store: SQLRecordStore
    let japan: Writer
    let russia: Writer
    let japanReader: RecordAccess
    let russiaReader: RecordAccess
    let japanViewer: RecordAccess

    static func open(_ store: SQLRecordStore) async throws -> Desk {
        let accounts = AccountStore(database: store.database, clock: { Date() }, hasher: .testing)
        _ = try await accounts.createCompartment(id: "japan", name: "Japan abductions")
        _ = try await accounts.createCompartment(id: "russia", name: "Overseas workers — Russia")
        let japan = try await accounts.createAccount(username: "doc-jp", role: .documenter, compartments: ["japan"]).0
        let russia = try await accounts.createAccount(username: "doc-ru", role: .documenter, compartments: ["russia"]).0
        let viewer = try await accounts.createAccount(username: "viewer", role: .viewer, compartments: ["japan"]).0
        return Desk(
            store: store, japan: try #require(Writer(account: japan, compartments: ["japan"])),
            russia: try #require(Writer(account: russia, compartments: ["russia"])),
            japanReader: RecordAccess(account: japan), russiaReader: RecordAccess(account: russia),
            japanViewer: RecordAccess(account: viewer))
    }

    /// An event with an act against a victim, an involvement of an organisation and a source.
    func caseFile(by writer: Writer, victim: RecordID? = nil) async throws -> (
        event: RecordID, act: RecordID, person: RecordID, organisation: RecordID, involvement: RecordID
    ) {
        let event = try await store.create(Sample.event(), by: writer).id
        let person: RecordID
        if let victim { person = victim } else { person = try await store.create(Sample.person(), by: writer).id }
        let organisation = try await store.create(
            Organisation(name: "Reconnaissance General Bureau", type: .stateAgency), by: writer
        ).id
        let act = try await store.create(Act(eventID: event, victimID: person, type: "abduction"), by: writer).id
        let involvement = try await store.create(
            Involvement(actID: act, perpetratorOrganisationID: organisation), by: writer
        ).id
        return (event, act, person, organisation, involvement)
    }
}

@Suite("compartments")
struct CompartmentTests {
    @Test("an event and what hangs from it are seen in its compartment and not found outside it")
    func separated() async throws {
        try await TestDatabase.withStore { store in
            let desk = try await Desk.open(store)
            let file = try await desk.caseFile(by: desk.japan)
            for id in [file.event, file.act, file.person, file.organisation, file.involvement] {
                _ = try await store.get(id, access: desk.japanReader)
                await #expect(throws: StoreError.notFound(id)) { try await store.get(id, access: desk.russiaReader) }
                await #expect(throws: StoreError.notFound(id)) {
                    try await store.history(id, access: desk.russiaReader)
                }
            }
            #expect(try await store.counts(access: desk.russiaReader).isEmpty)
            #expect(try await store.list(.event, access: desk.russiaReader).items.isEmpty)
            #expect(try await store.search(SearchQuery(text: "Niigata"), access: desk.russiaReader).items.isEmpty)
            #expect(try await store.search(SearchQuery(text: "김영희"), access: desk.russiaReader).items.isEmpty)
            #expect(try await store.search(SearchQuery(text: "Niigata"), access: desk.japanReader).items.count == 1)
            #expect(try await store.counts(access: desk.japanReader)[.act] == 1)
        }
    }

    @Test("a victim shared by cases in two compartments is seen from both; each case only from its own")
    func sharedPerson() async throws {
        try await TestDatabase.withStore { store in
            let desk = try await Desk.open(store)
            let japanFile = try await desk.caseFile(by: desk.japan)
            // The Russia desk cannot refer to a person it cannot see…
            await #expect(throws: StoreError.self) {
                try await store.create(
                    Act(
                        eventID: try await store.create(Sample.event(), by: desk.russia).id, victimID: japanFile.person,
                        type: "abduction"),
                    by: desk.russia)
            }
            // …but once the person is also placed in Russia, its case there hangs from it too.
            try await store.setHomeCompartments(japanFile.person, to: ["japan", "russia"], access: .operatorAccess)
            let russiaFile = try await desk.caseFile(by: desk.russia, victim: japanFile.person)
            _ = try await store.get(japanFile.person, access: desk.russiaReader)
            await #expect(throws: StoreError.notFound(japanFile.act)) {
                try await store.get(japanFile.act, access: desk.russiaReader)
            }
            await #expect(throws: StoreError.notFound(russiaFile.act)) {
                try await store.get(russiaFile.act, access: desk.japanReader)
            }
        }
    }

    @Test("moving an event to another compartment moves what hangs from it, and the people it names")
    func moving() async throws {
        try await TestDatabase.withStore { store in
            let desk = try await Desk.open(store)
            let event = try await store.create(Sample.event(), by: desk.japan).id
            // A victim placed by the operator in Russia only: visible in Japan solely through the act.
            let person = try await store.create(Sample.person(), by: .operatorWriter(compartments: ["russia"])).id
            // The Japan desk cannot see that person, so the operator records the act.
            let act = try await store.create(
                Act(eventID: event, victimID: person, type: "abduction"), by: .operatorWriter(compartments: [])
            ).id
            #expect(try await store.compartments(of: person) == ["japan", "russia"])

            try await store.setHomeCompartments(event, to: ["russia"], access: .operatorAccess)
            #expect(try await store.compartments(of: act) == ["russia"])
            #expect(try await store.compartments(of: person) == ["russia"])
            await #expect(throws: StoreError.notFound(act)) { try await store.get(act, access: desk.japanReader) }
            _ = try await store.get(act, access: desk.russiaReader)

            // Deleting the act removes what it gave the victim.
            try await store.setHomeCompartments(event, to: ["japan"], access: .operatorAccess)
            #expect(try await store.compartments(of: person) == ["japan", "russia"])
            _ = try await store.delete(act, kind: .act, expectedVersion: 1, by: desk.japan)
            #expect(try await store.compartments(of: person) == ["russia"])
        }
    }

    @Test("a link between events is only seen where both events are")
    func links() async throws {
        try await TestDatabase.withStore { store in
            let desk = try await Desk.open(store)
            let escape = try await store.create(
                Sample.event("Escape across the Tumen"), by: .operatorWriter(compartments: ["japan"])
            ).id
            let reprisal = try await store.create(
                Sample.event("Family sent to a camp"), by: .operatorWriter(compartments: ["japan", "russia"])
            ).id
            let link = try await store.create(
                EventLink(fromEventID: escape, toEventID: reprisal, type: "reprisal-after-escape"),
                by: .operatorWriter(compartments: []))
            #expect(try await store.compartments(of: link.id) == ["japan"])
            await #expect(throws: StoreError.notFound(link.id)) {
                try await store.get(link.id, access: desk.russiaReader)
            }
        }
    }

    @Test("a writer cannot place records in a compartment they are not in, nor leave one in none")
    func placement() async throws {
        try await TestDatabase.withStore { store in
            let desk = try await Desk.open(store)
            let outsider = Writer(
                account: try #require(
                    try await AccountStore(database: store.database, clock: { Date() })
                        .account(username: "doc-jp")), compartments: ["russia"])!
            await #expect(throws: StoreError.self) { try await store.create(Sample.event(), by: outsider) }
            let nowhere = Writer(
                account: try #require(
                    try await AccountStore(database: store.database, clock: { Date() })
                        .account(username: "doc-jp")), compartments: [])!
            await #expect(throws: StoreError.self) { try await store.create(Sample.event(), by: nowhere) }
            #expect(try await store.counts(access: .operatorAccess).isEmpty)
            _ = desk
        }
    }

    @Test("a reader without identity access sees a stable pseudonym and cannot find people by name")
    func pseudonyms() async throws {
        try await TestDatabase.withStore { store in
            let desk = try await Desk.open(store)
            let file = try await desk.caseFile(by: desk.japan)
            let seen = try await store.get(file.person, access: desk.japanViewer)
            let person = try #require(seen.body(as: Person.self))
            let pseudonym = try store.pseudonym(of: file.person)
            #expect(person.names.map(\.full) == [pseudonym])
            #expect(person.birthDate == nil)
            // The fate history (dates and places of detention or death locate the person) is sealed with
            // the names; the current status still counts and filters (decision 0017).
            #expect(person.fate.isEmpty)
            #expect(
                try await store.search(SearchQuery(kinds: [.person], fates: [.missing]), access: desk.japanViewer)
                    .items.map(\.id) == [file.person])
            #expect(seen.metadata.title == pseudonym)
            #expect(try await store.get(file.person, access: desk.japanViewer).metadata.title == pseudonym)
            #expect(try await store.search(SearchQuery(text: "김영희"), access: desk.japanViewer).items.isEmpty)
            #expect(try await store.search(SearchQuery(text: "김영희"), access: desk.japanReader).items.count == 1)
            let listed = try await store.list(.person, access: desk.japanViewer).items
            #expect(listed.map(\.metadata.title) == [pseudonym])
            let (_, old) = try await store.version(file.person, 1, access: desk.japanViewer)
            #expect((old as? Person)?.names.map(\.full) == [pseudonym])
            let history = try await store.history(file.person, access: desk.japanViewer)
            #expect(history.count == 1)
        }
    }

    @Test("writing persons needs identity access, so fields a writer cannot see are never blanked")
    func blindWriters() async throws {
        try await TestDatabase.withStore { store in
            let accounts = AccountStore(database: store.database, clock: { Date() }, hasher: .testing)
            let account = try await accounts.createAccount(
                username: "clerk", role: .documenter, compartments: ["general"]
            ).0
            try await accounts.updateAccess(
                userID: account.id, role: .documenter, permissions: [.readRecords, .writeRecords],
                compartments: ["general"])
            let reloaded = try #require(try await accounts.account(id: account.id))
            let clerk = try #require(Writer(account: reloaded, compartments: ["general"]))
            await #expect(throws: StoreError.identitiesRequired) { try await store.create(Sample.person(), by: clerk) }
            _ = try await store.create(Sample.event(), by: clerk)
            let viewer = try await accounts.createAccount(
                username: "watcher", role: .viewer, compartments: ["general"]
            ).0
            #expect(Writer(account: viewer, compartments: ["general"]) == nil)
        }
    }
}

@Suite("compartments: scans")
struct CompartmentScanTests {
    @Test("a reader in every compartment sees what the operator sees; a new compartment's records stay hidden")
    func everyCompartment() async throws {
        try await TestDatabase.withStore { store in
            let accounts = AccountStore(database: store.database, clock: { Date() }, hasher: .testing)
            let account = try await accounts.createAccount(
                username: "all", role: .documenter, compartments: ["general"]
            ).0
            let reader = RecordAccess(account: account)
            _ = try await store.create(Sample.event("Seen by all"), by: .operatorWriter())
            #expect(try await store.search(SearchQuery(text: "Seen"), access: reader).items.count == 1)
            _ = try await accounts.createCompartment(id: "secret", name: "Another desk")
            _ = try await store.create(Sample.event("Seen by few"), by: .operatorWriter(compartments: ["secret"]))
            #expect(
                try await store.search(SearchQuery(text: "Seen"), access: reader).items.map(\.title) == ["Seen by all"])
            #expect(try await store.list(.event, access: reader).items.map(\.metadata.title) == ["Seen by all"])
            #expect(try await store.search(SearchQuery(text: "Seen"), access: .operatorAccess).items.count == 2)
        }
    }
}
