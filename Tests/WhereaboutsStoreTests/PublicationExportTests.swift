import Foundation
import Testing
import WhereaboutsCore
import WhereaboutsTestSupport

@testable import WhereaboutsStore

@Suite("exports for publication")
struct PublicationExportTests {
    @Test("carry no internal id, time or staff name; references resolve, and the file imports")
    func noInternalIdentifiers() async throws {
        try await TestDatabase.withStore { store in
            let writer = Writer(actor: "alice.documenter", access: .operatorAccess, compartments: ["general"])
            let source = try await store.create(
                Source(type: .document, title: "Report", consent: Consent(scopes: [.publishWithoutNames])),
                by: writer)
            let event = try await store.create(Event(title: "Abduction", sourceIDs: [source.id]), by: writer)
            let person = try await store.create(
                Person(names: [NameForm(full: "김영희", sourceID: source.id)], nationalities: ["KR"]), by: writer)
            let act = try await store.create(
                Act(eventID: event.id, victimID: person.id, type: "abduction", sourceIDs: [source.id]),
                by: Writer(actor: "bob.analyst", access: .operatorAccess, compartments: ["general"]))
            let stored = [source, event, person, act]
            let reader = RecordAccess(compartments: nil, seesIdentities: false)
            var records: [StoredRecord] = []
            for record in stored { records.append(try await store.get(record.id, access: reader)) }

            let export = PublicationExport()
            let text = String(decoding: try export.lines(records), as: UTF8.self)
            for record in stored { #expect(!text.contains(record.id.description)) }
            for word in [
                "alice", "bob", "createdBy", "updatedBy", "createdAt", "김영희", try store.pseudonym(of: person.id),
            ] {
                #expect(!text.contains(word), "\(word)")
            }
            let lines = text.split(separator: "\n").map {
                try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
            }
            #expect(lines.allSatisfy { Set($0.keys) == ["kind", "id", "data"] })
            let actLine = try #require(lines.first { $0["kind"] as? String == "act" })
            let actData = try #require(actLine["data"] as? [String: Any])
            #expect(actData["eventID"] as? String == export.standIn(for: event.id).description)
            #expect(actData["victimID"] as? String == export.standIn(for: person.id).description)
            #expect(text.contains(export.pseudonym(of: person.id)))

            // Another export of the same records shares nothing with this one.
            let other = PublicationExport()
            #expect(other.standIn(for: person.id) != export.standIn(for: person.id))
            #expect(other.pseudonym(of: person.id) != export.pseudonym(of: person.id))

            // The file reads and writes as it is: every reference resolves within it.
            let parsed = try RecordLines.read(Data(text.utf8), vocabulary: store.vocabularyIndex).records
            try await TestDatabase.withStore { target in
                try await target.createAll(parsed, by: .operatorWriter())
                #expect(
                    try await target.counts(access: .operatorAccess) == [.source: 1, .event: 1, .person: 1, .act: 1])
            }
        }
    }
}
