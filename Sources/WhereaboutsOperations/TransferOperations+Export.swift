import Foundation
import Synchronization
import WhereaboutsCore
import WhereaboutsStore

/// What `whereabouts export` and the browser's export page write: the same records, the same consent
/// rules, the same audit details, whoever asks (decision 0034 moved them here from the CLI).
extension TransferOperations {
    /// Referenced kinds before the kinds that refer to them.
    public static let exportOrder: [RecordKind] = [
        .source, .organisation, .person, .event, .act, .involvement, .information, .intervention, .eventLink,
        .cyberIncident, .indicator, .sighting, .eligibilityRules, .claim, .reparationDecision, .reparationMeasure,
    ]

    /// Streams the records of `kinds` that `access` sees to `write`, one JSON object per line, leaving out
    /// sources whose consent does not cover `purpose` and what rests on them. An internal export also
    /// describes each record's evidence items after it (``EvidenceLine``; their files leave in bundles). `progress` hears how many
    /// records were looked at. Returns what the export's audit entry says.
    public func writeJSONLines(
        kinds: [RecordKind], access: RecordAccess, purpose: SharingPurpose,
        progress: (@Sendable (Int) -> Void)? = nil, write: @escaping @Sendable (Data) throws -> Void
    ) async throws -> [String: String] {
        let records = store
        let written = Tally()
        let looked = Tally()
        let evidence = Tally()
        let filter = Mutex(ConsentFilter(purpose: purpose))
        // Records holding a consent of their own come first whatever kinds were asked for, so that what
        // rests on a withheld one is known.
        let first = RecordKind.consentHolders.filter { !kinds.contains($0) }
        if !first.isEmpty {
            try await records.stream(first, access: access) { batch in
                filter.withLock { filter in
                    for record in batch { _ = filter.filter(record.body, id: record.id) }
                }
            }
        }
        // Leaving the installation: stand-in ids under a key of this export only, no staff names,
        // times or compartments; publication also names persons by pseudonym only.
        let publication: PublicationExport? =
            switch purpose {
            case .internal: nil
            case .un: PublicationExport(identities: .named)
            case .publication: PublicationExport(identities: .pseudonymised)
            }
        try await records.stream(kinds, access: access) { batch in
            let shared = filter.withLock { filter in
                batch.compactMap { record in filter.filter(record.body, id: record.id).map(record.replacingBody) }
            }
            if let publication {
                try write(try publication.lines(shared))
            } else {
                // Placement travels with each record, so an import shows nobody more than before.
                let homes = try await records.homeCompartments(of: shared.map(\.id))
                var data = Data()
                let encoder = JSONEncoder.canonical
                for record in shared {
                    data.append(try encoder.encode(RecordLines.Line(record, homeCompartments: homes[record.id] ?? [])))
                    data.append(0x0A)
                }
                // Each record's evidence items follow it: their descriptions and hashes, not their files.
                let carriers = shared.filter { $0.metadata.kind.bodyType.carriesEvidence }.map(\.id)
                let items = try await records.evidenceItems(onAnyOf: carriers, access: access)
                for item in items {
                    data.append(try encoder.encode(EvidenceLine(item)))
                    data.append(0x0A)
                }
                _ = evidence.add(items.count)
                try write(data)
            }
            _ = written.add(shared.count)
            progress?(looked.add(batch.count))
        }
        let withheld = filter.withLock { $0.withheldByKind }
        return [
            "records": String(written.value), "format": "jsonl", "purpose": purpose.rawValue,
            "withheldSources": String(withheld[.source] ?? 0), "withheldClaims": String(withheld[.claim] ?? 0),
            "evidenceItems": String(evidence.value),
        ]
    }

    /// Streams every act `access` sees to `write` as a row of the case list `import csv` reads (with
    /// its header first); a source whose consent was withdrawn is left out of its row. Returns what the
    /// export's audit entry says.
    public func writeCaseList(
        access: RecordAccess, progress: (@Sendable (Int) -> Void)? = nil,
        write: @escaping @Sendable (Data) throws -> Void
    ) async throws -> [String: String] {
        let records = store
        let written = Tally()
        try write(CSVRows.data([CaseList.columns]))
        try await records.stream([.act], access: access) { batch in
            var rows: [[String]] = []
            for record in batch {
                guard let act = record.body(as: Act.self) else { continue }
                let event = try? await records.get(act.eventID, access: access).body(as: Event.self)
                let person = try? await records.get(act.victimID, access: access).body(as: Person.self)
                var source: Source? = nil
                if let sourceID = act.sourceIDs.first {
                    source = try? await records.get(sourceID, access: access).body(as: Source.self)
                    // A source whose consent was withdrawn leaves every later export.
                    if source?.allows(.internalDocumentation) == false { source = nil }
                }
                guard let event, let person else { continue }
                rows.append(
                    CaseList.row(
                        eventKey: act.eventID.description, personKey: act.victimID.description, act: act,
                        event: event, person: person, source: source))
            }
            try write(CSVRows.data(rows))
            progress?(written.add(batch.count))
        }
        return ["acts": String(written.value), "format": "csv"]
    }
}

/// A count shared with an export's batch callback.
final class Tally: Sendable {
    private let storage = Mutex(0)

    func add(_ count: Int) -> Int {
        storage.withLock {
            $0 += count
            return $0
        }
    }

    var value: Int { storage.withLock { $0 } }
}
