import Foundation
import SQLKit
import Testing
import WhereaboutsCore
import WhereaboutsDemo
import WhereaboutsSecurity
import WhereaboutsStore
import WhereaboutsTestSupport

@Suite("sealed identities")
struct SealingTests {
    @Test("after loading the demonstration data, no person's name or birth date is in the raw database")
    func rawStorageHoldsNoIdentity() async throws {
        try await TestDatabase.withLocatedDatabase { handle, location in
            let store = try await SQLRecordStore.open(
                handle, clock: { Date() }, logger: TestDatabase.logger, protection: .sealed(.ephemeral()))
            let data = DemoDataSet(events: 40, personsPerEvent: 3, seed: 11).records()
            try await store.createAll(data, by: .operatorWriter())
            // Change some persons, so that earlier versions are kept too.
            let persons = data.compactMap { item in (item.body as? Person).map { (item.id, $0) } }
            for (id, var person) in persons.prefix(5) {
                person.notes = "Seen in a labour camp, according to a cousin"
                _ = try await store.update(id, with: person, expectedVersion: 1, by: .operatorWriter())
            }
            // Text that other records hold in the clear (an event dated "around 1974") cannot be told
            // apart from a birth date written the same way, so such terms are not looked for.
            var clear = ""
            for item in data where !(item.body is Person) {
                let body: any RecordBody = item.body
                clear += try Self.json(body) + "\n"
            }
            var terms = Set<String>()
            for (_, person) in persons {
                for name in person.names {
                    terms.formUnion([name.full, name.family, name.given].compactMap { $0 }.filter { $0.count >= 2 })
                }
                if let birth = person.birthDate { terms.insert(birth.text) }
            }
            terms.insert("Seen in a labour camp")
            let checked = terms.filter { !clear.contains($0) }
            #expect(checked.count > terms.count * 9 / 10)
            let raw = try await Self.rawBytes(location)
            #expect(raw.count > 100_000)
            let found = checked.filter { Self.occurs($0, in: raw) }.sorted()
            #expect(found == [], "found in the raw \(TestDatabase.dialectName) storage: \(found.prefix(10))")
            // … while the operator still finds and reads them.
            let (id, person) = persons[0]
            let family = try #require(person.names.first?.family)
            let hits = try await store.search(SearchQuery(text: family, kinds: [.person]), access: .operatorAccess)
            #expect(hits.items.contains { $0.id == id })
            #expect(try await store.get(id, access: .operatorAccess).body(as: Person.self)?.names == person.names)
            await store.close()
        }
    }

    @Test("names and testimony words are found through the blind index, by readers who see identities only")
    func blindSearch() async throws {
        try await TestDatabase.withStore { store in
            let person = try await store.create(Sample.person(), by: .operatorWriter())
            let source = try await store.create(
                Source(
                    type: .testimony, title: "Testimony of a fisherman", text: "He was taken to Pyongyang. 그는 납치되었다."),
                by: .operatorWriter())
            let reader = RecordAccess(compartments: nil, seesIdentities: true)
            for term in ["김영희", "영희", "김", "Kim", "young-hee", "YOUNGHEE", "Kim Young-hee", "kimyounghee"] {
                let hits = try await store.search(SearchQuery(text: term), access: reader)
                #expect(hits.items.map(\.id) == [person.id], "searching \(term)")
            }
            for term in ["pyongyang", "납치", "납치되었다", "fisherman"] {
                let hits = try await store.search(SearchQuery(text: term), access: reader)
                #expect(hits.items.map(\.id) == [source.id], "searching \(term)")
            }
            for term in ["Youn", "Kim Park", "영희 박"] {
                #expect(try await store.search(SearchQuery(text: term), access: reader).items.isEmpty, "\(term)")
            }
            // Another romanisation, or Hangul, finds a name through its name key.
            let park = try await store.create(
                Person(names: [NameForm(full: "박정희", family: "박", given: "정희", language: "ko")]), by: .operatorWriter())
            for term in ["Pak Jong-hui", "Park Chung-hee", "Bak Jeonghui", "Chŏng-hŭi", "박정희", "Chung-hee Park"] {
                let hits = try await store.search(SearchQuery(text: term, kinds: [.person]), access: reader)
                #expect(hits.items.map(\.id) == [park.id], "searching \(term)")
            }
            let ito = try await store.create(
                Person(names: [
                    NameForm(full: "伊藤洋子", family: "伊藤", given: "洋子", language: "ja"),
                    NameForm(full: "イトウヨウコ", language: "ja"),
                    NameForm(full: "Ito Yoko", family: "Ito", given: "Yoko", language: "ja", romanisation: .hepburn),
                ]), by: .operatorWriter())
            for term in ["Itō Yōko", "Itou Youko", "イトウ", "ヨウコ", "伊藤", "Yoko Ito"] {
                let hits = try await store.search(SearchQuery(text: term, kinds: [.person]), access: reader)
                #expect(hits.items.map(\.id) == [ito.id], "searching \(term)")
            }
            for term in ["Young-hee Kim", "Gim Yeonghui", "Kim Yŏng-hŭi"] {
                let hits = try await store.search(SearchQuery(text: term, kinds: [.person]), access: reader)
                #expect(hits.items.map(\.id) == [person.id], "searching \(term)")
            }
            let pseudonymous = RecordAccess(compartments: nil, seesIdentities: false)
            #expect(try await store.search(SearchQuery(text: "김영희"), access: pseudonymous).items.isEmpty)
            #expect(try await store.search(SearchQuery(text: "pyongyang"), access: pseudonymous).items.isEmpty)
            #expect(try await store.searchCounts(SearchQuery(text: "영희"), access: reader) == [.person: 1])
            // Neither the name, the birth date nor the testimony is in a clear column or the search index.
            let row = try await store.database.read { db in
                try await db.raw(
                    """
                    SELECT r.title, r.date_from, s.content FROM records r
                    JOIN record_search s ON \(unsafeRaw: store.database.dialect == .sqlite ? "s.rowid" : "s.seq") = r.seq
                    WHERE r.id = \(bind: person.id.description)
                    """
                ).first()
            }
            let title = try #require(row).decode(column: "title", as: String.self)
            #expect(SealedValue.isSealed(title))
            #expect(try row?.decode(column: "date_from", as: String?.self) == nil)
            #expect(try row?.decode(column: "content", as: String.self).contains("영희") == false)
        }
    }

    @Test(
        "a person's place of origin is sealed with the identity: not in the raw database, not shown without identity access"
    )
    func originIsSealed() async throws {
        try await TestDatabase.withLocatedDatabase { handle, location in
            let store = try await SQLRecordStore.open(
                handle, clock: { Date() }, logger: TestDatabase.logger, protection: .sealed(.ephemeral()))
            let origin = Place(country: "KP", locality: "함경북도 청진시 수남구역 세거리동")
            let created = try await store.create(
                Person(names: [NameForm(full: "리영호")], origin: origin), by: .operatorWriter())
            #expect(!Self.occurs("청진시 수남구역", in: try await Self.rawBytes(location)))
            #expect(try await store.get(created.id, access: .operatorAccess).body(as: Person.self)?.origin == origin)
            let pseudonymous = RecordAccess(compartments: nil, seesIdentities: false)
            #expect(try await store.get(created.id, access: pseudonymous).body(as: Person.self)?.origin == nil)
            await store.close()
        }
    }

    @Test("a sealed value copied into another record or field does not open")
    func movedCiphertext() async throws {
        try await TestDatabase.withStore { store in
            let a = try await store.create(Sample.person("김영희", "Kim Young-hee"), by: .operatorWriter())
            let b = try await store.create(Sample.person("박철수", "Park Chul-soo"), by: .operatorWriter())
            try await store.database.write { db in
                try await db.raw(
                    """
                    UPDATE records SET identity = (SELECT identity FROM records WHERE id = \(bind: b.id.description))
                    WHERE id = \(bind: a.id.description)
                    """
                ).run()
            }
            await #expect(throws: KeyError.wrongKey) { try await store.get(a.id, access: .operatorAccess) }
            try await store.database.write { db in
                try await db.raw("UPDATE records SET identity = title WHERE id = \(bind: b.id.description)").run()
            }
            await #expect(throws: KeyError.wrongKey) { try await store.get(b.id, access: .operatorAccess) }
            // Without identity access nothing sealed is opened, so the record still reads (pseudonymised).
            let pseudonymous = RecordAccess(compartments: nil, seesIdentities: false)
            #expect(try await store.get(a.id, access: pseudonymous).metadata.title.hasPrefix("P-"))
        }
    }

    @Test("data written before sealing existed is sealed, and its names taken out of the search text, at the next open")
    func sealsOlderData() async throws {
        try await TestDatabase.withDatabase { handle in
            let before = try await SQLRecordStore.open(
                handle, clock: { Date() }, logger: TestDatabase.logger, protection: .none)
            let person = try await before.create(Sample.person(), by: .operatorWriter())
            var changed = Sample.person()
            changed.notes = "Recorded before sealing"
            _ = try await before.update(person.id, with: changed, expectedVersion: 1, by: .operatorWriter())
            #expect(try await Self.clearIdentityCount(handle) > 0)

            let keyring = Keyring.ephemeral()
            let after = try await SQLRecordStore.open(
                handle, clock: { Date() }, logger: TestDatabase.logger, protection: .sealed(keyring))
            #expect(try await Self.clearIdentityCount(handle) == 0)
            let read = try await after.get(person.id, access: .operatorAccess)
            #expect(read.body(as: Person.self) == changed)
            #expect(read.version == 2)
            let (_, first) = try await after.version(person.id, 1, access: .operatorAccess)
            #expect((first as? Person)?.names == Sample.person().names)
            let content = try await handle.read { db in
                try await db.raw("SELECT content FROM record_search").all(decodingColumn: "content", as: String.self)
            }
            #expect(!content.joined().contains("영희"))
            #expect(try await after.search(SearchQuery(text: "영희"), access: .operatorAccess).items.count == 1)
        }
    }

    @Test("names written in clear before sealing leave no copy in the database files once sealed")
    func noCopyLeftBehind() async throws {
        try await TestDatabase.withLocatedDatabase { handle, location in
            let before = try await SQLRecordStore.open(
                handle, clock: { Date() }, logger: TestDatabase.logger, protection: .none)
            let names = (0..<40).map { "Qazimorvan\($0)x" }
            for name in names {
                var person = Sample.person(name, name)
                person.notes = "Kept by Vrelantic cousins"
                _ = try await before.create(person, by: .operatorWriter())
            }
            _ = try await SQLRecordStore.open(
                handle, clock: { Date() }, logger: TestDatabase.logger, protection: .sealed(.ephemeral()))
            let raw = try await Self.rawBytes(location)
            let found = (names + ["Vrelantic"]).filter { Self.occurs($0, in: raw) }
            #expect(found.isEmpty, "left in the \(TestDatabase.dialectName) storage: \(found.prefix(5))")
        }
    }

    @Test("reencrypt moves every value to new data keys; rotating the key-encryption key locks out the old one")
    func reencryptAndRotate() async throws {
        try await TestDatabase.withDatabase { handle in
            let first = Keyring.ephemeral()
            let store = try await SQLRecordStore.open(
                handle, clock: { Date() }, logger: TestDatabase.logger, protection: .sealed(first))
            let person = try await store.create(Sample.person(), by: .operatorWriter())
            var changed = Sample.person()
            changed.notes = "A second version"
            _ = try await store.update(person.id, with: changed, expectedVersion: 1, by: .operatorWriter())
            let result = try await store.reencrypt()
            #expect(result.newKeys == ["general.2"])
            #expect(result.moved == 2)  // the record (its title and identity) and version 1's identity
            #expect(try await Self.sealedValues(handle).allSatisfy { SealedValue.keyID(of: $0) == "general.2" })
            // Running it again to resume finds nothing left to move.
            #expect(try await store.reencrypt(resume: true).moved == 0)
            #expect(try await store.get(person.id, access: .operatorAccess).body(as: Person.self) == changed)

            let newKey = KeyEncryptionKey.generate()
            // general.1, general.2, general.index and the installation's pseudonym key.
            #expect(try await store.rewrapKeys(under: newKey) == 4)
            await #expect(throws: KeyringError.otherKeyEncryptionKey) {
                try await SQLRecordStore.open(
                    handle, clock: { Date() }, logger: TestDatabase.logger, protection: .sealed(first))
            }
            let reopened = try await SQLRecordStore.open(
                handle, clock: { Date() }, logger: TestDatabase.logger, protection: .sealed(Keyring(kek: newKey)))
            #expect(try await reopened.get(person.id, access: .operatorAccess).body(as: Person.self) == changed)
            let (_, original) = try await reopened.version(person.id, 1, access: .operatorAccess)
            #expect((original as? Person)?.names == Sample.person().names)
        }
    }

    // MARK: - Helpers

    static func json(_ body: some RecordBody) throws -> String {
        String(decoding: try JSONEncoder().encode(body), as: UTF8.self)
    }

    static func clearIdentityCount(_ handle: any DatabaseHandle) async throws -> Int {
        try await sealedValues(handle).filter { !SealedValue.isSealed($0) }.count
    }

    /// Every identity value of records and versions, and every person's title.
    static func sealedValues(_ handle: any DatabaseHandle) async throws -> [String] {
        try await handle.read { db in
            let identities = try await db.raw(
                """
                SELECT identity AS v FROM records WHERE identity IS NOT NULL
                UNION ALL SELECT title AS v FROM records WHERE kind = 'person'
                UNION ALL SELECT identity AS v FROM record_versions WHERE identity IS NOT NULL
                """
            ).all(decodingColumn: "v", as: String.self)
            return identities
        }
    }

    /// The bytes of the database as a thief would copy them: the SQLite file with its journal, or a
    /// `pg_dump` of the PostgreSQL database.
    static func rawBytes(_ location: TestDatabase.Location) async throws -> Data {
        switch location {
        case .sqlite(let path):
            var data = Data()
            for file in [path, path + "-wal"] where FileManager.default.fileExists(atPath: file) {
                data.append(try Data(contentsOf: URL(fileURLWithPath: file)))
            }
            return data
        case .postgres(let url):
            let process = Process()
            process.executableURL = try pgDump()
            process.arguments = ["--no-owner", "--dbname=" + url]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw CocoaError(.fileReadUnknown) }
            return data
        }
    }

    private static func pgDump() throws -> URL {
        let folders =
            (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
            + ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []).sorted().reversed()
            .map { "/usr/lib/postgresql/\($0)/bin" }
        for folder in folders where FileManager.default.isExecutableFile(atPath: folder + "/pg_dump") {
            return URL(fileURLWithPath: folder + "/pg_dump")
        }
        throw CocoaError(.fileNoSuchFile)
    }

    /// Whether `term` occurs in `data` as UTF-8 — for a Latin term, not inside a longer run of
    /// base64 characters (a three-letter name turns up by chance in kilobytes of ciphertext).
    static func occurs(_ term: String, in data: Data) -> Bool {
        let needle = Data(term.utf8)
        let base64 = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var start = data.startIndex
        while let range = data.range(of: needle, in: start..<data.endIndex) {
            let before = range.lowerBound > data.startIndex ? data[range.lowerBound - 1] : 0x20
            let after = range.upperBound < data.endIndex ? data[range.upperBound] : 0x20
            let latin = term.unicodeScalars.allSatisfy(\.isASCII)
            if !latin || !(base64.contains(before) || base64.contains(after)) { return true }
            start = range.upperBound
        }
        return false
    }
}

@Suite("sealed account secrets")
struct AccountSecretTests {
    @Test("second-factor secrets are sealed in the database and still confirm codes")
    func totpSealed() async throws {
        try await TestDatabase.withStore { store in
            let accounts = AccountStore(store: store, clock: { Date() }, hasher: .testing)
            let (account, _) = try await accounts.createAccount(
                username: "kim.analyst", role: .analyst, compartments: ["general"])
            let secret = try await accounts.beginSecondFactor(userID: account.id)
            let stored = try await store.database.read { db in
                try await db.raw("SELECT totp_secret FROM users WHERE id = \(bind: account.id)")
                    .first(decodingColumn: "totp_secret", as: String.self)
            }
            #expect(stored.map(SealedValue.isSealed) == true)
            #expect(stored?.contains(secret) == false)
            #expect(try await accounts.totpSecret(userID: account.id, confirmed: false) == secret)
            let code = TwoFactor(secret: secret).code(at: Date())
            #expect(try await accounts.confirmSecondFactor(userID: account.id, code: code) != nil)
        }
    }
}
