import Crypto
import Foundation
import Testing
import WhereaboutsCore
import WhereaboutsEvidence
import WhereaboutsOperations
import WhereaboutsSecurity
import WhereaboutsStore
import WhereaboutsTestSupport

/// Court bundles (decision 0025) as the store's access rules and custody log see them.
@Suite("evidence bundles")
struct EvidenceBundleOperationsTests {
    let writer = Writer.operatorWriter(actor: "doc")

    static func operations(_ fixture: OperationsFixture) -> EvidenceOperations {
        EvidenceOperations(
            store: fixture.store,
            audit: AuditLog(database: fixture.store.database, clock: fixture.clock.function, signer: .generate()))
    }

    static func verify(_ url: URL) -> BundleVerifier.Report {
        BundleVerifier(url: url) { _, _, _ in "no timestamp was asked for" }.verify()
    }

    @Test("a bundle holds every item of the records, verifies offline, and each item's custody ends in its export")
    func bundleAndCustody() async throws {
        try await OperationsFixture.with { fixture in
            let operations = Self.operations(fixture)
            let event = try await fixture.store.create(Event(title: "Abduction at the harbour"), by: writer).id
            let person = try await fixture.store.create(Person(names: [.init(full: "Kim Ae-ran")]), by: writer).id
            let photo = EvidenceOperationsTests.file(size: FrameCipher.frameSize + 17)
            let first = try await operations.add(
                EvidenceOperationsTests.pieces(photo), stated: StatedFile(name: "harbour photo (1).jpg"), to: event,
                note: "from a fisherman", by: writer, from: .cli)
            let second = try await operations.add(
                EvidenceOperationsTests.pieces(Array("a letter".utf8)), stated: StatedFile(name: "../letter.txt"),
                to: person, by: writer, from: .cli)
            let folder = try TestDatabase.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let url = folder.appendingPathComponent("case.zip")
            let summary = try await operations.bundle(
                records: [event, person, event], to: url, access: .operatorAccess, actor: "legal", from: .cli)
            #expect(summary.items == 2 && summary.records == 2 && summary.bytes == photo.count + 8)

            let report = Self.verify(url)
            #expect(report.isIntact, "\(report.problems)")
            #expect(report.items == 2 && !report.timestamped && report.signer?.hasPrefix("node-") == true)
            let zip = try ZipReader(url: url)
            let names = zip.entries.map(\.name)
            let payload = "\(summary.id)/data/\(event)/\(first.id)/harbour_photo__1_.jpg"
            #expect(
                names.contains(payload)
                    && names.contains("\(summary.id)/data/\(person)/\(second.id)/.._letter.txt") == false)
            #expect(names.contains("\(summary.id)/data/\(person)/\(second.id)/_._letter.txt"), "\(names)")
            let content = try zip.data(try #require(zip.entries.first { $0.name == payload }))
            #expect(content == photo)
            let record = try zip.data(try #require(zip.entries.first { $0.name.hasSuffix("records/\(person).json") }))
            #expect(String(decoding: record, as: UTF8.self).contains("Kim Ae-ran"))

            for item in [first, second] {
                let custody = try await operations.show(item.id, access: .operatorAccess).custody
                #expect(custody.map(\.entry.event) == [.intake, .export])
                #expect(custody.last?.note == "bundle \(summary.id) via cli" && custody.last?.entry.actor == "legal")
            }
            #expect(try await fixture.audit.entries(action: .export).first?.event.details["bundle"] == summary.id)
            #expect(try await operations.verify().allSatisfy(\.isIntact))

            // A record without items gives a bundle of its metadata alone, signed all the same.
            let bare = try await fixture.store.create(Event(title: "Nothing filed yet"), by: writer).id
            let empty = folder.appendingPathComponent("empty.zip")
            let none = try await operations.bundle(
                records: [bare], to: empty, access: .operatorAccess, actor: "legal", from: .cli)
            let emptyReport = Self.verify(empty)
            #expect(none.items == 0 && emptyReport.isIntact && emptyReport.items == 0, "\(emptyReport.problems)")
        }
    }

    @Test(
        "a reader outside the compartment, or without identities, cannot bundle: 'not found', nothing written or logged"
    )
    func outsidersCannotBundle() async throws {
        try await OperationsFixture.with { fixture in
            let operations = Self.operations(fixture)
            _ = try await fixture.accounts.createCompartment(id: "other", name: "Another desk")
            let event = try await fixture.store.create(Event(title: "Abduction"), by: writer).id
            let item = try await operations.add(
                EvidenceOperationsTests.pieces(Array("scene".utf8)), stated: StatedFile(name: "scene.png"), to: event,
                by: writer, from: .cli)
            let folder = try TestDatabase.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let url = folder.appendingPathComponent("case.zip")
            let outsiders = [
                RecordAccess(account: try await fixture.account("desk", role: .documenter, compartments: ["other"])),
                RecordAccess(account: try await fixture.account("viewer", role: .viewer)),
            ]
            for access in outsiders {
                await #expect(throws: StoreError.notFound(event)) {
                    try await operations.bundle(records: [event], to: url, access: access, actor: "x", from: .cli)
                }
                #expect(!FileManager.default.fileExists(atPath: url.path))
            }
            #expect(try await operations.show(item.id, access: .operatorAccess).custody.count == 1)
            #expect(try await fixture.audit.entries(action: .export).isEmpty)
        }
    }

    @Test("a source whose consent does not cover the purpose refuses the bundle")
    func consentRefuses() async throws {
        try await OperationsFixture.with { fixture in
            let operations = Self.operations(fixture)
            let source = try await fixture.store.create(
                Source(type: .testimony, title: "Statement", consent: Consent(scopes: [.internalDocumentation])),
                by: writer
            ).id
            _ = try await operations.add(
                EvidenceOperationsTests.pieces(Array("said".utf8)), stated: StatedFile(name: "a.txt"), to: source,
                by: writer, from: .cli)
            let folder = try TestDatabase.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let url = folder.appendingPathComponent("case.zip")
            await #expect(throws: EvidenceOperations.BundleRefusal.self) {
                try await operations.bundle(
                    records: [source], to: url, access: .operatorAccess, actor: "x", purpose: .un, from: .cli)
            }
            #expect(!FileManager.default.fileExists(atPath: url.path))
            _ = try await operations.bundle(records: [source], to: url, access: .operatorAccess, actor: "x", from: .cli)
            #expect(Self.verify(url).isIntact)
        }
    }

    @Test("a stored item altered after intake fails the bundle, and no bundle file is left behind")
    func damagedItemFailsTheBundle() async throws {
        try await OperationsFixture.with { fixture in
            let operations = Self.operations(fixture)
            let event = try await fixture.store.create(Event(title: "Abduction"), by: writer).id
            let item = try await operations.add(
                EvidenceOperationsTests.pieces(EvidenceOperationsTests.file(size: 3 * FrameCipher.frameSize)),
                stated: StatedFile(name: "scan.pdf"), to: event, by: writer, from: .cli)
            try await EvidenceTampering.flipByte(of: item.id, frame: 2, at: 100, in: fixture.store.database)
            let folder = try TestDatabase.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let url = folder.appendingPathComponent("case.zip")
            await #expect(throws: EvidenceError.self) {
                try await operations.bundle(records: [event], to: url, access: .operatorAccess, actor: "x", from: .cli)
            }
            #expect(!FileManager.default.fileExists(atPath: url.path))
        }
    }
}
