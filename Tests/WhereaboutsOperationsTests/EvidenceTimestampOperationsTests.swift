import Foundation
import SQLKit
import Testing
import WhereaboutsCore
import WhereaboutsEvidence
import WhereaboutsOperations
import WhereaboutsSecurity
import WhereaboutsStore
import WhereaboutsTestSupport

/// Each item's own trusted timestamp (decision 0029): asked for at intake, kept with its custody
/// entry, never at the cost of the item, caught up later, and carried by bundles.
@Suite("evidence timestamps")
struct EvidenceTimestampOperationsTests {
    let writer = Writer.operatorWriter(actor: "doc")

    static func operations(_ fixture: OperationsFixture, _ timestamps: TimestampService?) -> EvidenceOperations {
        EvidenceOperations(
            store: fixture.store,
            audit: AuditLog(database: fixture.store.database, clock: fixture.clock.function, signer: .generate()),
            timestamps: timestamps)
    }

    @Test(
        "intake asks the authority: the token verifies with openssl over a salted statement of the item's hashes, and custody records it"
    )
    func intakeTimestamps() async throws {
        let tsa = try LocalTimestampAuthority()
        try await OperationsFixture.with { fixture in
            let operations = Self.operations(fixture, tsa.service())
            let event = try await fixture.store.create(Event(title: "Detention"), by: writer).id
            let content = EvidenceOperationsTests.file(size: FrameCipher.frameSize + 99)
            let item = try await operations.add(
                EvidenceOperationsTests.pieces(content), stated: StatedFile(name: "scan.pdf"), to: event, by: writer,
                from: .cli)
            let stamp = try #require(try await operations.timestampOf(item.id, access: .operatorAccess))
            #expect(stamp.statement.item == item.id && stamp.statement.sha256 == item.sha256)
            #expect(stamp.statement.sha512 == item.description.intake.sha512 && stamp.statement.size == content.count)
            #expect(stamp.authority == "http://tsa.test/")
            #expect(
                try LocalTimestampAuthority.problem(
                    reply: stamp.token.reply, digest: stamp.statement.digest, certificates: stamp.token.certificates)
                    == nil)
            // The same reply is no timestamp of a statement with another salt (or other hashes).
            let other = TimestampStatement(
                item: item.id, sha256: item.sha256, sha512: stamp.statement.sha512, size: content.count)
            #expect(
                try LocalTimestampAuthority.problem(
                    reply: stamp.token.reply, digest: other.digest, certificates: stamp.token.certificates) != nil)
            let custody = try await operations.show(item.id, access: .operatorAccess).custody
            #expect(custody.map(\.entry.event) == [.intake, .timestamp])
            #expect(custody[1].note.contains("http://tsa.test/") && custody[1].toHash == item.sha256)
            #expect(try await operations.verify(item.id).allSatisfy(\.isIntact))
            // A copy of the database shows neither the statement nor the content's hashes.
            let stored = try await fixture.store.database.read { db in
                try await db.raw("SELECT statement FROM evidence_timestamps").all(
                    decodingColumn: "statement", as: String.self)
            }
            #expect(stored.count == 1 && !stored[0].contains(item.sha256) && !stored[0].contains(stamp.statement.salt))
            await #expect(throws: EvidenceOperations.TimestampRefusal.self) {
                try await operations.timestamp(item.id, access: .operatorAccess, actor: "doc", from: .cli)
            }
            // The stored verification checks the token; one swapped for a genuine token of another
            // statement is named.
            let check = LocalTimestampAuthority.problem(reply:digest:certificates:)
            #expect(try await operations.verify(item.id, checkTimestamp: check).allSatisfy(\.isIntact))
            let forged = try tsa.reply(to: try LocalTimestampAuthority.query(digest: other.digest))
            try await fixture.store.database.write { db in
                try await db.raw("UPDATE evidence_timestamps SET reply = \(bind: forged)").run()
            }
            let problems = try await operations.verify(item.id, checkTimestamp: check).flatMap(\.problems)
            #expect(problems.contains { $0.hasPrefix("its timestamp token is not a timestamp of its statement") })
        }
    }

    @Test(
        "an unreachable authority never loses the item: it is kept untimestamped and timestamped later; a reader outside its compartment finds nothing"
    )
    func failureKeepsTheItem() async throws {
        let tsa = try LocalTimestampAuthority()
        try await OperationsFixture.with { fixture in
            let down = Self.operations(fixture, tsa.service(failing: true))
            let event = try await fixture.store.create(Event(title: "Detention"), by: writer).id
            let item = try await down.add(
                EvidenceOperationsTests.pieces(Array("a letter".utf8)), stated: StatedFile(name: "letter.txt"),
                to: event, by: writer, from: .cli)
            #expect(try await down.timestampOf(item.id, access: .operatorAccess) == nil)
            #expect(try await down.verify(item.id).allSatisfy(\.isIntact))
            #expect(try await down.list(on: event, access: .operatorAccess).map(\.id) == [item.id])
            let failed = try await down.timestampPending(actor: "operator", from: .cli)
            #expect(failed.count == 1 && failed[0].item == item.id)
            if case .success = failed[0].result { Issue.record("an unreachable authority gave a timestamp") }

            let up = Self.operations(fixture, tsa.service())
            let caught = try await up.timestampPending(actor: "operator", from: .cli)
            #expect(caught.map(\.item) == [item.id])
            if case .failure(let error) = caught[0].result { Issue.record("\(error)") }
            #expect(try await up.timestampPending(actor: "operator", from: .cli).isEmpty)
            #expect(try await fixture.store.untimestampedEvidenceIDs().isEmpty)
            #expect(
                try await up.show(item.id, access: .operatorAccess).custody.map(\.entry.event) == [.intake, .timestamp])

            // Another desk's reader: the item's timestamp is not found, as a made-up id's is.
            _ = try await fixture.accounts.createCompartment(id: "other", name: "Another desk")
            let outsider = RecordAccess(
                account: try await fixture.account("desk", role: .documenter, compartments: ["other"]))
            for id in [item.id, "ev" + String(repeating: "0", count: 24)] {
                await #expect(throws: StoreError.noSuchEvidence(id)) {
                    try await up.timestampOf(id, access: outsider)
                }
                await #expect(throws: StoreError.noSuchEvidence(id)) {
                    try await up.timestamp(id, access: outsider, actor: "intruder", from: .cli)
                }
            }
        }
    }

    @Test(
        "a bundle made by operations with an authority (as the server's are) carries each item's token and a token over its manifest; both verify offline"
    )
    func bundleCarriesTokens() async throws {
        let tsa = try LocalTimestampAuthority()
        try await OperationsFixture.with { fixture in
            let operations = Self.operations(fixture, tsa.service())
            let event = try await fixture.store.create(Event(title: "Detention"), by: writer).id
            var items: [EvidenceItem] = []
            for name in ["one.txt", "two.txt"] {
                items.append(
                    try await operations.add(
                        EvidenceOperationsTests.pieces(Array("the text of \(name)".utf8)),
                        stated: StatedFile(name: name), to: event, by: writer, from: .cli))
            }
            let folder = try TestDatabase.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let url = folder.appendingPathComponent("case.zip")
            _ = try await operations.bundle(
                records: [event], to: url, access: .operatorAccess, actor: "legal", from: OperationOrigin(via: "api"))
            let report = BundleVerifier(url: url, checkTimestamp: LocalTimestampAuthority.problem).verify()
            #expect(report.isIntact, "\(report.problems)")
            #expect(report.timestamped && report.itemTimestamps == 2)
            let names = try ZipReader(url: url).entries.map(\.name)
            for item in items {
                #expect(names.contains { $0.hasSuffix(BundleLayout.itemTimestamp(item.id, "tsr")) })
            }
        }
    }
}
