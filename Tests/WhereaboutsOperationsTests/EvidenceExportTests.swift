import Foundation
import Synchronization
import Testing
import WhereaboutsCore
import WhereaboutsEvidence
import WhereaboutsOperations
import WhereaboutsStore

/// Evidence in `export jsonl` (decision 0037): an internal export describes each record's items
/// after it; nothing of them for another desk, a reader without identities, or a purpose that leaves
/// the organisation; and `import jsonl` reads such an export back.
@Suite("evidence in exports")
struct EvidenceExportTests {
    static func export(
        _ fixture: OperationsFixture, access: RecordAccess, purpose: SharingPurpose = .internal
    ) async throws -> (lines: [[String: Any]], data: Data, details: [String: String]) {
        let written = Mutex(Data())
        let details = try await TransferOperations(store: fixture.store, audit: fixture.audit).writeJSONLines(
            kinds: TransferOperations.exportOrder, access: access, purpose: purpose
        ) { data in written.withLock { $0.append(data) } }
        let data = written.withLock { $0 }
        let lines = try data.split(separator: 0x0A).map {
            try #require(try JSONSerialization.jsonObject(with: Data($0)) as? [String: Any])
        }
        return (lines, data, details)
    }

    @Test(
        "an internal export describes each item after its record, hashes and all, never its bytes; import reads it back"
    )
    func internalExportCarriesDescriptions() async throws {
        try await OperationsFixture.with { fixture in
            let writer = Writer.operatorWriter(actor: "doc")
            let operations = EvidenceOperations(store: fixture.store, audit: fixture.audit)
            let event = try await fixture.store.create(Event(title: "Abduction"), by: writer).id
            let bytes = EvidenceOperationsTests.file(size: 5000)
            let item = try await operations.add(
                EvidenceOperationsTests.pieces(bytes),
                stated: StatedFile(name: "letter.txt", capture: ["by": "sister"]),
                to: event, by: writer, from: .cli)

            let (lines, data, details) = try await Self.export(fixture, access: .operatorAccess)
            let described = lines.compactMap { $0["evidence"] as? [String: Any] }
            #expect(described.count == 1 && details["evidenceItems"] == "1")
            #expect(described.first?["id"] as? String == item.id)
            #expect(described.first?["recordID"] as? String == event.description)
            let recordLine = try #require(lines.firstIndex { $0["id"] as? String == event.description })
            let evidenceLine = try #require(lines.firstIndex { $0["evidence"] != nil })
            #expect(recordLine < evidenceLine)
            #expect(String(decoding: data, as: UTF8.self).contains(item.sha256))
            #expect(
                data.range(of: Data(EvidenceOperationsTests.marker.utf8)) == nil, "the file's bytes are not exported")

            // Read back: the records, the descriptions passed over.
            let parsed = try RecordLines.read(data, vocabulary: fixture.store.vocabularyIndex)
            #expect(parsed.records.count == lines.count - 1)
        }
    }

    @Test("another desk, a reader without identities and exports for the UN or publication get no evidence lines")
    func nothingForThoseWhoMayNotSee() async throws {
        try await OperationsFixture.with { fixture in
            let writer = Writer.operatorWriter(actor: "doc")
            let operations = EvidenceOperations(store: fixture.store, audit: fixture.audit)
            let event = try await fixture.store.create(Event(title: "Abduction"), by: writer).id
            let item = try await operations.add(
                EvidenceOperationsTests.pieces(EvidenceOperationsTests.file(size: 100)),
                stated: StatedFile(name: "photo.jpg"), to: event, by: writer, from: .cli)
            let otherDesk = RecordAccess(compartments: ["desk-b"], seesIdentities: true)
            let noIdentities = RecordAccess(compartments: nil, seesIdentities: false)
            for (access, purpose) in [
                (otherDesk, SharingPurpose.internal), (noIdentities, .internal), (.operatorAccess, .un),
                (.operatorAccess, .publication),
            ] {
                let (lines, data, _) = try await Self.export(fixture, access: access, purpose: purpose)
                #expect(lines.allSatisfy { $0["evidence"] == nil }, "\(purpose)")
                #expect(!String(decoding: data, as: UTF8.self).contains(item.sha256))
            }
            #expect(try await fixture.store.evidenceItems(onAnyOf: [event], access: otherDesk).isEmpty)
            #expect(try await fixture.store.evidenceItems(onAnyOf: [event], access: noIdentities).isEmpty)
            #expect(
                try await fixture.store.evidenceItems(onAnyOf: [event], access: .operatorAccess).map(\.id) == [item.id])
        }
    }
}
