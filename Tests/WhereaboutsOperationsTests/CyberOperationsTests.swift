import Foundation
import Testing
import WhereaboutsCore
import WhereaboutsCyber
import WhereaboutsEvidence
import WhereaboutsOperations
import WhereaboutsSecurity
import WhereaboutsStore
import WhereaboutsTestSupport

/// Cyber incidents (issue 20): a lure taken in as evidence, indicators sighted, shared without the
/// people, published bundles matched — and nothing of it for anyone outside the incident's desk.
@Suite("cyber use-cases")
struct CyberOperationsTests {
    /// The fictional phishing e-mail the parser's tests read too.
    static func phishing() throws -> [UInt8] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("WhereaboutsCyberTests/Fixtures/phishing.eml")
        return Array(try Data(contentsOf: url))
    }

    static let attachmentSHA256 = "ed5fbfd0d158abe640e53550ae66c967bd28fd31639a2bc69a0613f08fec4b29"
    let writer = Writer.operatorWriter(actor: "analyst")

    static func operations(_ fixture: OperationsFixture) -> CyberOperations {
        CyberOperations(
            store: fixture.store, audit: fixture.audit,
            evidence: EvidenceOperations(store: fixture.store, audit: fixture.audit))
    }

    @Test(
        "a phishing e-mail becomes an incident: the message and its attachment kept as items, the lure sealed on the incident, twelve indicators sighted; the same e-mail again counts again"
    )
    func ingest() async throws {
        try await OperationsFixture.with { fixture in
            let cyber = Self.operations(fixture)
            let first = try await cyber.ingestEmail(try Self.phishing(), name: "phishing.eml", by: writer, from: .cli)
            #expect(first.createdIncident)
            #expect(first.indicators.count == 12 && first.indicators.allSatisfy(\.newIndicator))
            #expect(first.message.description.stated.type == "message/rfc822")
            #expect(first.attachments.count == 1)
            let attachment = try #require(first.attachments.first)
            #expect(attachment.sha256 == Self.attachmentSHA256 && attachment.parentID == first.message.id)
            #expect(attachment.description.transformation == "attachment extracted from the message")
            let items = try await cyber.evidence.list(on: first.incident.id, access: .operatorAccess)
            #expect(Set(items.map(\.id)) == [first.message.id, attachment.id])
            let stored = try #require(
                try await fixture.store.get(first.incident.id, access: .operatorAccess).body(as: CyberIncident.self))
            #expect(stored.lures.count == 1 && stored.lures[0].itemID == first.message.id)
            #expect(stored.lures[0].attachments.first?.itemID == attachment.id)
            #expect(stored.date?.text == "2026-11-02")

            let again = try await cyber.ingestEmail(
                try Self.phishing(), name: "phishing.eml", into: first.incident.id, by: writer, from: .cli)
            #expect(!again.createdIncident && again.indicators.allSatisfy { !$0.newIndicator })
            let sightings = try await cyber.sightings(of: first.incident.id, access: .operatorAccess)
            #expect(sightings.count == 12)
            #expect(sightings.compactMap { $0.body(as: Sighting.self)?.count }.allSatisfy { $0 == 2 })
            #expect(try await cyber.all(.indicator, access: .operatorAccess).count == 12)
        }
    }

    @Test(
        "the STIX and MISP exports hold every indicator once and no name, address, contact or narrative of anyone in the store"
    )
    func sharingWithoutExposure() async throws {
        try await OperationsFixture.with { fixture in
            let cyber = Self.operations(fixture)
            let victim = try await fixture.store.create(
                Person(
                    names: [NameForm(full: "Kim Min-ji"), NameForm(full: "김민지")],
                    notes: "Lives in Incheon, 010-2345-6789"),
                by: writer)
            let ingested = try await cyber.ingestEmail(
                try Self.phishing(), name: "phishing.eml", by: writer, from: .cli)
            guard var incident = ingested.incident.body(as: CyberIncident.self) else {
                throw StoreError.notFound(ingested.incident.id)
            }
            incident.targetPersonIDs = [victim.id]
            incident.description = "Kim Min-ji opened the attachment at her flat in Incheon."
            incident.leverageOnFamily = true
            incident.leverageDetail = "Her mother 박순자 in Hyesan was shown the photos."
            incident.exposure = .init(categories: [.contacts, .family], persons: 997)
            incident.attribution = .init(actor: "Kimsuky", confidence: .medium, intrusionSet: "G0094")
            _ = try await fixture.store.update(
                ingested.incident.id, with: incident, expectedVersion: ingested.incident.version, by: writer)
            _ = try await fixture.store.create(
                Indicator(
                    type: .sha256, value: String(repeating: "0a", count: 32), origin: .entered, malware: "FictionalRAT"),
                by: writer)

            let (stix, count) = try await cyber.exportSTIX(
                tlp: .green, access: .operatorAccess, actor: "analyst", from: .cli)
            #expect(count == 13)
            let bundle = try #require(try JSONSerialization.jsonObject(with: stix) as? [String: Any])
            let objects = try #require(bundle["objects"] as? [[String: Any]])
            #expect(objects.filter { $0["type"] as? String == "indicator" }.count == 13)
            #expect(objects.filter { $0["type"] as? String == "sighting" }.count == 12)
            #expect(objects.contains { $0["id"] as? String == TrafficLightProtocol.green.markingID })
            #expect(
                objects.filter { $0["type"] as? String != "marking-definition" }.allSatisfy {
                    ($0["object_marking_refs"] as? [String]) == [TrafficLightProtocol.green.markingID]
                })
            let (misp, _) = try await cyber.exportMISP(
                tlp: .green, access: .operatorAccess, actor: "analyst", from: .cli)
            #expect(String(decoding: misp, as: UTF8.self).contains("\"distribution\" : \"0\""))

            // Every name, address and narrative the store holds, searched for in both files.
            var secrets = [
                "Kim Min-ji", "김민지", "Incheon", "010-2345-6789", "박순자", "Hyesan", "minji.kim", "mail.example",
            ]
            secrets.append(victim.id.description)
            secrets.append(ingested.incident.id.description)
            let persons = try await cyber.all(.person, access: .operatorAccess)
            for person in persons { secrets += person.body(as: Person.self)?.names.map(\.full) ?? [] }
            for file in [stix, misp] {
                let text = String(decoding: file, as: UTF8.self)
                for secret in secrets { #expect(!text.contains(secret), "\(secret) is in an export") }
                #expect(!text.contains(try await fixture.store.installationName()))
            }
            let exports = try await fixture.audit.entries(action: .export)
            #expect(exports.map { $0.event.details["format"] ?? "" }.sorted() == ["misp", "stix-2.1"])
            #expect(exports.first { $0.event.details["format"] == "misp" }?.event.details["widened"] == "no")
        }
    }

    @Test("a published bundle naming a stored indicator creates a sighting on each incident where it was seen, once")
    func importBundle() async throws {
        try await OperationsFixture.with { fixture in
            let cyber = Self.operations(fixture)
            let ingested = try await cyber.ingestEmail(
                try Self.phishing(), name: "phishing.eml", by: writer, from: .cli)
            let bundle = """
                {"type":"bundle","id":"bundle--mvt-fictional","objects":[
                 {"type":"malware","id":"malware--1","name":"FictionalSpy","is_family":true},
                 {"type":"indicator","id":"indicator--a","pattern":"[domain-name:value = 'LOGIN.nk-resettle-support.example']","pattern_type":"stix"},
                 {"type":"indicator","id":"indicator--b","pattern":"[domain-name:value = 'unrelated.example']","pattern_type":"stix"},
                 {"type":"relationship","relationship_type":"indicates","source_ref":"indicator--a","target_ref":"malware--1"}]}
                """
            let result = try await cyber.importSTIX(Data(bundle.utf8), by: writer, from: .cli)
            #expect(result.sightings.count == 1)
            let sighting = try #require(result.sightings.first)
            #expect(sighting.incidentID == ingested.incident.id && sighting.malware == ["FictionalSpy"])
            let stored = try await cyber.sightings(of: ingested.incident.id, access: .operatorAccess)
            #expect(stored.compactMap { $0.body(as: Sighting.self) }.filter { $0.origin == .imported }.count == 1)
            #expect(try await cyber.importSTIX(Data(bundle.utf8), by: writer, from: .cli).sightings.isEmpty)
            #expect(try await fixture.audit.entries(action: .import_).count == 2)
        }
    }

    @Test(
        "another desk and a viewer of another desk see no incident, indicator or sighting: not in lists, not by id, not in exports, not by import"
    )
    func outsidersSeeNothing() async throws {
        try await OperationsFixture.with { fixture in
            let cyber = Self.operations(fixture)
            _ = try await fixture.accounts.createCompartment(id: "other", name: "Another desk")
            let ingested = try await cyber.ingestEmail(
                try Self.phishing(), name: "phishing.eml", by: writer, from: .cli)
            let someSighting = try #require(ingested.indicators.first?.sightingID)
            let someIndicator = try #require(ingested.indicators.first?.indicatorID)
            var outsiders: [Account] = []
            for role in Role.allCases {
                outsiders.append(try await fixture.account("out-\(role.rawValue)", role: role, compartments: ["other"]))
            }
            for account in outsiders {
                let access = RecordAccess(account: account)
                for kind in [RecordKind.cyberIncident, .indicator, .sighting] {
                    #expect(try await cyber.all(kind, access: access).isEmpty)
                }
                for id in [ingested.incident.id, someSighting, someIndicator] {
                    await #expect(throws: StoreError.notFound(id)) { try await fixture.store.get(id, access: access) }
                }
                let (stix, count) = try await cyber.exportSTIX(
                    tlp: .red, access: access, actor: account.username, from: .cli)
                #expect(count == 0)
                #expect(!String(decoding: stix, as: UTF8.self).contains("nk-resettle-support"))
                if let outsider = Writer(account: account, compartments: ["other"]) {
                    await #expect(throws: StoreError.notFound(ingested.incident.id)) {
                        try await cyber.ingestEmail(
                            try Self.phishing(), name: "x.eml", into: ingested.incident.id, by: outsider, from: .cli)
                    }
                    let bundle =
                        #"{"type":"bundle","objects":[{"type":"indicator","id":"indicator--a","pattern":"[domain-name:value = 'login.nk-resettle-support.example']"}]}"#
                    #expect(try await cyber.importSTIX(Data(bundle.utf8), by: outsider, from: .cli).sightings.isEmpty)
                }
            }
        }
    }
}
