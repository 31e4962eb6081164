import Crypto
import Foundation
import SQLKit
import Testing
import WhereaboutsCore
import WhereaboutsEvidence
import WhereaboutsOperations
import WhereaboutsSecurity
import WhereaboutsStore
import WhereaboutsTestSupport

/// Evidence use-cases, written as the attacker: someone outside the record's reach, someone holding a
/// copy of the database, and someone who altered the stored frames or custody log.
@Suite("evidence use-cases")
struct EvidenceOperationsTests {
    static let marker = "WHEREABOUTS-PLAINTEXT-MARKER-7f3a"

    /// A file of `size` bytes with the marker repeated in it.
    static func file(size: Int) -> [UInt8] {
        let line = Array("\(marker) statement of a witness, page after page.\n".utf8)
        return (0..<size).map { line[$0 % line.count] }
    }

    /// Every byte the database keeps: SQLite's main file and write-ahead log together with the
    /// evidence frame files beside it, or, on PostgreSQL, the frames and the text of every row of `tables`.
    static func everythingStored(_ handle: any DatabaseHandle, _ location: TestDatabase.Location, tables: [String])
        async throws -> Data
    {
        switch location {
        case .sqlite(let path):
            var raw = Data()
            let folder = SQLRecordStore.evidenceFolder(ofDatabaseAt: path)
            let frames = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).map {
                folder.appendingPathComponent($0).path
            }
            #expect(!frames.isEmpty, "the frames are kept in files beside the database")
            for file in [path, path + "-wal", path + "-shm"] + frames {
                raw += (try? Data(contentsOf: URL(fileURLWithPath: file))) ?? Data()
            }
            return raw
        case .postgres:
            return try await handle.read { db in
                var text = try await db.raw("SELECT data FROM evidence_frames").all(
                    decodingColumn: "data", as: Data.self
                )
                .reduce(Data(), +)
                for table in tables {
                    let rows = try await db.raw("SELECT CAST(t.* AS TEXT) AS row FROM \(unsafeRaw: table) t")
                        .all(decodingColumn: "row", as: String.self)
                    text += Data(rows.joined().utf8)
                }
                return text
            }
        }
    }

    /// Hands `bytes` out in pieces of `piece` bytes.
    static func pieces(_ bytes: [UInt8], piece: Int = 65_536) -> EvidenceOperations.NextBytes {
        var offset = 0
        return {
            guard offset < bytes.count else { return nil }
            defer { offset += piece }
            return Array(bytes[offset..<min(offset + piece, bytes.count)])
        }
    }

    static func read(_ reader: EvidenceReader) async throws -> [UInt8] {
        var out: [UInt8] = []
        try await reader.read { out += $0 }
        return out
    }

    let writer = Writer.operatorWriter(actor: "doc")

    @Test(
        "a file taken in is listed with its hashes, read back identical, and every access is in its custody and the audit log"
    )
    func intakeAndDownload() async throws {
        try await OperationsFixture.with { fixture in
            let operations = EvidenceOperations(store: fixture.store, audit: fixture.audit)
            let source = try await fixture.store.create(
                Source(type: .testimony, title: "Statement of a brother"), by: writer
            ).id
            let bytes = Self.file(size: 2 * FrameCipher.frameSize + 999)
            let item = try await operations.add(
                Self.pieces(bytes),
                stated: StatedFile(name: "statement.jpg", type: "image/jpeg", capture: ["device": "phone"]),
                to: source, note: "handed over by the brother", by: writer, from: .cli)
            #expect(item.sha256 == SHA256.hash(data: bytes).hex)
            #expect(item.description.intake.sha512 == SHA512.hash(data: bytes).hex)
            #expect(item.size == bytes.count && item.description.intake.frames == 3)
            #expect(item.mediaType == "text/plain" && item.description.stated.type == "image/jpeg")
            #expect(try await operations.list(on: source, access: .operatorAccess).map(\.id) == [item.id])

            let (_, reader) = try await operations.open(item.id, access: .operatorAccess, actor: "legal", from: .cli)
            #expect(try await Self.read(reader) == bytes)
            let shown = try await operations.show(item.id, access: .operatorAccess)
            #expect(shown.custody.map(\.entry.event) == [.intake, .download])
            #expect(shown.custody.first?.note == "handed over by the brother")
            #expect(shown.custody.last?.entry.actor == "legal")
            let audited = try await fixture.audit.entries(action: .evidenceCustody)
            #expect(audited.map { $0.event.details["hash"] ?? "" } == shown.custody.reversed().map(\.entry.hash))
            #expect(try await operations.verify().allSatisfy(\.isIntact))
            #expect(try await fixture.audit.verify().isIntact)
        }
    }

    @Test("another desk (every role) and a viewer get the same 'not found' as for an id that does not exist")
    func outsidersSeeNothing() async throws {
        try await OperationsFixture.with { fixture in
            let operations = EvidenceOperations(store: fixture.store, audit: fixture.audit)
            _ = try await fixture.accounts.createCompartment(id: "other", name: "Another desk")
            let event = try await fixture.store.create(Event(title: "Abduction"), by: writer).id
            let item = try await operations.add(
                Self.pieces(Self.file(size: 1000)), stated: StatedFile(name: "scene.png"), to: event, by: writer,
                from: .cli)
            var outsiders: [RecordAccess] = []
            for role in Role.allCases {
                outsiders.append(
                    RecordAccess(
                        account: try await fixture.account("out-\(role.rawValue)", role: role, compartments: ["other"]))
                )
            }
            outsiders.append(RecordAccess(account: try await fixture.account("viewer", role: .viewer)))
            for access in outsiders {
                for id in [item.id, "ev000000000000000000000000"] {
                    await #expect(throws: StoreError.noSuchEvidence(id)) {
                        try await operations.store.evidenceItem(id, access: access)
                    }
                    await #expect(throws: StoreError.noSuchEvidence(id)) {
                        try await operations.open(id, access: access, actor: "x", from: .cli)
                    }
                    await #expect(throws: StoreError.noSuchEvidence(id)) {
                        try await operations.show(id, access: access)
                    }
                }
                await #expect(throws: StoreError.notFound(event)) {
                    try await operations.list(on: event, access: access)
                }
                if let writer = Writer(
                    account: try await fixture.accounts.account(username: "out-documenter")!, compartments: ["other"])
                {
                    await #expect(throws: StoreError.notFound(event)) {
                        try await operations.add(
                            Self.pieces([1, 2, 3]), stated: StatedFile(name: "x"), to: event, by: writer, from: .cli)
                    }
                }
            }
            // Nothing of theirs reached the custody log.
            #expect(try await operations.show(item.id, access: .operatorAccess).custody.count == 1)
        }
    }

    @Test("a deleted record takes no new evidence: the same 'not found' as for a record that never was")
    func deletedRecordsTakeNothing() async throws {
        try await OperationsFixture.with { fixture in
            let operations = EvidenceOperations(store: fixture.store, audit: fixture.audit)
            let event = try await fixture.store.create(Event(title: "Recorded in error"), by: writer)
            try await fixture.store.delete(event.id, kind: .event, expectedVersion: event.version, by: writer)
            await #expect(throws: StoreError.notFound(event.id)) {
                try await operations.add(
                    Self.pieces(Self.file(size: 1000)), stated: StatedFile(name: "late.png"), to: event.id, by: writer,
                    from: .cli)
            }
        }
    }

    @Test("a copy of the database holds no plaintext of an uploaded file, its name or its hashes")
    func noPlaintextAtRest() async throws {
        try await TestDatabase.withLocatedDatabase { handle, location in
            let store = try await SQLRecordStore.open(
                handle, clock: { Date() }, logger: TestDatabase.logger, protection: .sealed(.ephemeral()))
            let audit = AuditLog(database: handle, clock: { Date() }, signer: nil)
            let operations = EvidenceOperations(store: store, audit: audit)
            let event = try await store.create(Event(title: "Abduction"), by: writer).id
            let bytes = Self.file(size: FrameCipher.frameSize + 4096)
            let item = try await operations.add(
                Self.pieces(bytes), stated: StatedFile(name: "kim-young-hee-interview.txt"), to: event, by: writer,
                from: .cli)
            let secrets = [Self.marker, "kim-young-hee", item.sha256]
            let raw = try await Self.everythingStored(
                handle, location, tables: ["evidence_items", "evidence_custody", "audit_log"])
            #expect(raw.count > bytes.count)
            for secret in secrets { #expect(raw.range(of: Data(secret.utf8)) == nil, "\(secret) is stored") }
        }
    }

    @Test(
        "a flipped byte, swapped frames, a removed last frame and a cut custody log are each found by verify, and a download fails instead of giving altered bytes"
    )
    func tampering() async throws {
        try await OperationsFixture.with { fixture in
            let operations = EvidenceOperations(store: fixture.store, audit: fixture.audit)
            let event = try await fixture.store.create(Event(title: "Abduction"), by: writer).id
            let bytes = Self.file(size: 2 * FrameCipher.frameSize + 10)
            var added: [EvidenceItem] = []
            for name in ["flip", "swap", "drop", "custody"] {
                added.append(
                    try await operations.add(
                        Self.pieces(bytes), stated: StatedFile(name: name), to: event, by: writer, from: .cli))
            }
            let items = added
            let db = fixture.store.database
            // A byte flipped inside the middle frame, frames 0 and 1 swapped, the last frame removed.
            try await EvidenceTampering.flipByte(of: items[0].id, frame: 1, at: 500, mask: 0x40, in: db)
            try await EvidenceTampering.swapFrames(of: items[1].id, 0, 1, in: db)
            try await EvidenceTampering.removeFrame(of: items[2].id, 2, in: db)
            // A download recorded, then its custody entry removed: the chain is cut short.
            _ = try await operations.open(items[3].id, access: .operatorAccess, actor: "legal", from: .cli)
            try await db.write { db in
                try await db.raw("DELETE FROM evidence_custody WHERE item_id = \(bind: items[3].id) AND idx = 1").run()
            }

            let checks = try await operations.verify()
            #expect(checks.map(\.isIntact) == [false, false, false, false])
            #expect(checks[3].problems.contains { $0.contains("cut short") })
            for item in items.prefix(3) {
                let (_, reader) = try await operations.open(
                    item.id, access: .operatorAccess, actor: "legal", from: .cli)
                var delivered: [UInt8] = []
                await #expect(throws: EvidenceError.self) { try await reader.read { delivered += $0 } }
                // What was handed on before the failure is the file's own beginning, never altered bytes.
                #expect(Array(bytes.prefix(delivered.count)) == delivered)
            }
            #expect(try await operations.verify(items[3].id).first?.isIntact == false)
        }
    }

    @Test("a derived copy is a new item linked to its parent; the parent is kept and both custody logs record it")
    func derivedCopy() async throws {
        try await OperationsFixture.with { fixture in
            let operations = EvidenceOperations(store: fixture.store, audit: fixture.audit)
            let person = try await fixture.store.create(
                Person(names: [NameForm(full: "탁명순")], roles: [.victim]), by: writer
            ).id
            let original = try await operations.add(
                Self.pieces(Self.file(size: 5000)), stated: StatedFile(name: "photo.jpg"), to: person, by: writer,
                from: .cli)
            let copy = try await operations.derive(
                from: original.id, Self.pieces(Array("redacted".utf8)), stated: StatedFile(name: "photo-redacted.jpg"),
                transformation: "faces blurred", by: writer, from: .cli)
            #expect(copy.parentID == original.id && copy.recordID == person)
            #expect(copy.description.transformation == "faces blurred")
            let parentCustody = try await operations.show(original.id, access: .operatorAccess).custody
            #expect(parentCustody.map(\.entry.event) == [.intake, .derivation])
            #expect(parentCustody.last?.toHash == copy.sha256)
            let copyCustody = try await operations.show(copy.id, access: .operatorAccess).custody
            #expect(copyCustody.map(\.entry.event) == [.derivedFrom])
            #expect(copyCustody.first?.fromHash == original.sha256)
            #expect(try await operations.list(on: person, access: .operatorAccess).count == 2)
            #expect(try await operations.verify().allSatisfy(\.isIntact))
        }
    }

    @Test("a source whose consent was withdrawn keeps its files, but no reader can download them")
    func consentWithholds() async throws {
        try await OperationsFixture.with { fixture in
            let operations = EvidenceOperations(store: fixture.store, audit: fixture.audit)
            let source = try await fixture.store.create(
                Source(type: .testimony, title: "Statement", consent: Consent(scopes: [.internalDocumentation])),
                by: writer)
            let item = try await operations.add(
                Self.pieces(Self.file(size: 100)), stated: StatedFile(name: "a.txt"), to: source.id, by: writer,
                from: .cli)
            var body = try #require(source.body as? Source)
            body.consent = Consent(scopes: [.internalDocumentation], withdrawnOn: try FuzzyDate.parse("2026-01-01"))
            _ = try await fixture.store.update(source.id, with: body, expectedVersion: 1, by: writer)
            await #expect(throws: EvidenceError.withheld) {
                try await operations.open(item.id, access: .operatorAccess, actor: "legal", from: .cli)
            }
            #expect(try await operations.list(on: source.id, access: .operatorAccess).count == 1)
        }
    }

    @Test("an item taken in by one server is read, appended to and verified by another on the same database")
    func twoServers() async throws {
        try await TestDatabase.withLocatedDatabase { handle, location in
            let kek = KeyEncryptionKey.generate()
            let first = try await SQLRecordStore.open(
                handle, clock: { Date() }, logger: TestDatabase.logger, protection: .sealed(Keyring(kek: kek)))
            let secondHandle = try await TestDatabase.open(location)
            let second = try await SQLRecordStore.open(
                secondHandle, clock: { Date() }, logger: TestDatabase.logger, protection: .sealed(Keyring(kek: kek)))
            let one = EvidenceOperations(
                store: first, audit: AuditLog(database: handle, clock: { Date() }, signer: nil))
            let two = EvidenceOperations(
                store: second, audit: AuditLog(database: secondHandle, clock: { Date() }, signer: nil))
            let event = try await first.create(Event(title: "Abduction"), by: writer).id
            let bytes = Self.file(size: FrameCipher.frameSize + 1)
            let item = try await one.add(
                Self.pieces(bytes), stated: StatedFile(name: "a.bin"), to: event, by: writer, from: .cli)
            let (_, reader) = try await two.open(item.id, access: .operatorAccess, actor: "legal", from: .cli)
            #expect(try await Self.read(reader) == bytes)
            _ = try await one.open(item.id, access: .operatorAccess, actor: "legal", from: .cli)
            #expect(try await two.show(item.id, access: .operatorAccess).custody.map(\.entry.index) == [0, 1, 2])
            #expect(try await one.verify().allSatisfy(\.isIntact))
            await secondHandle.close()
        }
    }

    @Test("a file over the size limit is refused while it streams in, and none of its frames is kept")
    func sizeLimit() async throws {
        try await OperationsFixture.with { fixture in
            let operations = EvidenceOperations(store: fixture.store, audit: fixture.audit, maximumSize: 5 << 20)
            let event = try await fixture.store.create(Event(title: "Abduction"), by: writer).id
            await #expect(throws: EvidenceError.tooLarge(5 << 20)) {
                try await operations.add(
                    Self.pieces(Self.file(size: 6 << 20)), stated: StatedFile(name: "big.bin"), to: event, by: writer,
                    from: .cli)
            }
            #expect(try await fixture.store.evidenceStrays().isEmpty)
            #expect(try await operations.list(on: event, access: .operatorAccess).isEmpty)
            #expect(try await fixture.audit.entries(action: .evidenceCustody).isEmpty)
        }
    }

    @Test("only kinds that declare they carry evidence take files")
    func kinds() async throws {
        #expect(Set(RecordKind.carryingEvidence) == [.source, .event, .act, .person, .cyberIncident])
        try await OperationsFixture.with { fixture in
            let operations = EvidenceOperations(store: fixture.store, audit: fixture.audit)
            let organisation = try await fixture.store.create(
                Organisation(name: "An agency", type: .stateAgency), by: writer
            ).id
            await #expect(throws: StoreError.notFound(organisation)) {
                try await operations.add(
                    Self.pieces([1]), stated: StatedFile(name: "x"), to: organisation, by: writer, from: .cli)
            }
        }
    }
}
