import Foundation
import WhereaboutsCore
import WhereaboutsCyber
import WhereaboutsEvidence
import WhereaboutsStore

/// The application layer for cyber incidents (issue 20, decision 0033): taking a lure in (kept as
/// evidence, read, its indicators recorded and sighted), sharing what a reader may see as STIX or
/// MISP without the people, and matching published indicator bundles against what is stored.
/// Every read and write goes through the ``Writer`` or ``RecordAccess`` given, so incidents,
/// indicators and sightings outside a caller's compartments are simply not there for it.
public struct CyberOperations: Sendable {
    public let store: SQLRecordStore
    public let audit: AuditLog
    public let evidence: EvidenceOperations
    let clock: @Sendable () -> Date

    public init(
        store: SQLRecordStore, audit: AuditLog, evidence: EvidenceOperations,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.audit = audit
        self.evidence = evidence
        self.clock = clock
    }

    public typealias Origin = OperationOrigin

    /// What taking a lure in did.
    public struct Ingested: Sendable {
        public let incident: StoredRecord
        /// The message as received.
        public let message: EvidenceItem
        public let attachments: [EvidenceItem]
        public let lure: Lure
        public let indicators: [Found]
        /// Whether the incident was made for this lure.
        public let createdIncident: Bool
    }

    /// An indicator a lure yielded, the record it is and the sighting that counts it.
    public struct Found: Sendable {
        public let type: IndicatorType
        public let value: String
        public let whereFound: String
        public let indicatorID: RecordID
        public let sightingID: RecordID
        public let newIndicator: Bool

        /// The value as people see it.
        public var defanged: String { Defanged.text(value, as: type) }
    }

    /// Takes an e-mail in as the lure of an incident: the message is kept whole as an evidence item
    /// (never rendered), each attachment as an item derived from it (never opened), the headers and
    /// links are read into the incident's (sealed) lures, and every indicator is recorded (once per
    /// value the writer can see) and sighted on the incident. With `incident` nil a new incident
    /// (a spear-phishing e-mail against `target`) is made in the writer's compartments; one the writer
    /// may not see is not found.
    public func ingestEmail(
        _ bytes: [UInt8], name: String, into incidentID: RecordID? = nil,
        target: CyberIncident.Target = CyberIncident.Target(classification: .escapee), by writer: Writer,
        from origin: Origin
    ) async throws -> Ingested {
        let reading = LureReading(MailMessage(bytes))
        let seenAt = reading.sentAt ?? clock()
        var incident: StoredRecord
        let created: Bool
        if let incidentID {
            incident = try await store.get(incidentID, kind: .cyberIncident, access: writer.access)
            created = false
        } else {
            let day = try? FuzzyDate.parse(String(Sighting.format(seenAt).prefix(10)))
            incident = try await store.create(
                CyberIncident(vector: .spearPhishingEmail, target: target, date: day), by: writer)
            created = true
        }
        let message = try await evidence.add(
            Self.chunks(bytes),
            stated: StatedFile(name: MailAttachment.safeName(name, fallback: "lure.eml"), type: "message/rfc822"),
            to: incident.id, note: "lure as received (e-mail); never rendered", by: writer, from: origin)
        var lure = reading.lure
        lure.itemID = message.id
        var attachments: [EvidenceItem] = []
        for (index, attachment) in reading.attachments.enumerated() {
            let item = try await evidence.add(
                Self.chunks(attachment.bytes), stated: StatedFile(name: attachment.name, type: attachment.declaredType),
                to: incident.id, note: "attachment of lure \(message.id); never opened", by: writer, from: origin,
                parent: message, transformation: "attachment extracted from the message")
            attachments.append(item)
            if index < lure.attachments.count { lure.attachments[index].itemID = item.id }
        }
        guard var body = incident.body(as: CyberIncident.self) else { throw StoreError.notFound(incident.id) }
        body.lures.append(lure)
        incident = try await store.update(incident.id, with: body, expectedVersion: incident.version, by: writer)
        let found = try await sight(
            reading.indicators.map { ($0.type, $0.value, $0.whereFound) }, on: incident.id, at: seenAt,
            origin: .lure, reference: message.id, by: writer)
        return Ingested(
            incident: incident, message: message, attachments: attachments, lure: lure, indicators: found,
            createdIncident: created)
    }

    /// Records `values` as indicators (reusing those the writer sees) and counts a sighting of each on
    /// `incidentID` (one sighting per indicator and incident, its count and last time moved on), all
    /// in one transaction.
    func sight(
        _ values: [(IndicatorType, String, String)], on incidentID: RecordID, at time: Date, origin: Sighting.Origin,
        reference: String?, by writer: Writer
    ) async throws -> [Found] {
        let known = try await indicatorsByValue(access: writer.access)
        let sightings = try await sightings(of: incidentID, access: writer.access)
        var newRecords: SQLRecordStore.NewRecords = []
        var updates: [(StoredRecord, Sighting)] = []
        var found: [Found] = []
        let stamp = Sighting.format(time)
        for (type, value, place) in values {
            let key = "\(type.rawValue) \(value)"
            var indicatorID = known[key]?.first?.id
            let isNew = indicatorID == nil
            if indicatorID == nil {
                let id = RecordID()
                newRecords.append((id, Indicator(type: type, value: value, origin: .extracted)))
                indicatorID = id
            }
            guard let indicatorID else { continue }
            if let existing = sightings.first(where: { $0.body(as: Sighting.self)?.indicatorID == indicatorID }),
                var sighting = existing.body(as: Sighting.self)
            {
                sighting.count += 1
                if (Sighting.time(sighting.lastSeen) ?? .distantPast) < time { sighting.lastSeen = stamp }
                if (Sighting.time(sighting.firstSeen) ?? .distantFuture) > time { sighting.firstSeen = stamp }
                updates.append((existing, sighting))
                found.append(
                    Found(
                        type: type, value: value, whereFound: place, indicatorID: indicatorID, sightingID: existing.id,
                        newIndicator: isNew))
            } else {
                let id = RecordID()
                newRecords.append(
                    (
                        id,
                        Sighting(
                            incidentID: incidentID, indicatorID: indicatorID, firstSeen: stamp, lastSeen: stamp,
                            origin: origin, reference: reference)
                    ))
                found.append(
                    Found(
                        type: type, value: value, whereFound: place, indicatorID: indicatorID, sightingID: id,
                        newIndicator: isNew))
            }
        }
        if !newRecords.isEmpty { try await store.createAll(newRecords, by: writer) }
        for (record, sighting) in updates {
            _ = try await store.update(record.id, with: sighting, expectedVersion: record.version, by: writer)
        }
        return found
    }

    /// The indicators `access` sees, by `type value`.
    func indicatorsByValue(access: RecordAccess) async throws -> [String: [StoredRecord]] {
        let collected = Collected()
        try await store.stream([.indicator], access: access) { batch in await collected.add(batch) }
        var byValue: [String: [StoredRecord]] = [:]
        for record in await collected.records {
            if let indicator = record.body(as: Indicator.self) {
                byValue["\(indicator.type.rawValue) \(indicator.value)", default: []].append(record)
            }
        }
        return byValue
    }

    /// The sightings on an incident `access` sees (all of them, when `incident` is nil).
    public func sightings(of incident: RecordID?, access: RecordAccess) async throws -> [StoredRecord] {
        let collected = Collected()
        try await store.stream([.sighting], access: access) { batch in
            await collected.add(
                incident == nil ? batch : batch.filter { $0.body(as: Sighting.self)?.incidentID == incident })
        }
        return await collected.records
    }

    /// Every record of `kinds` `access` sees.
    public func all(_ kind: RecordKind, access: RecordAccess) async throws -> [StoredRecord] {
        let collected = Collected()
        try await store.stream([kind], access: access) { batch in await collected.add(batch) }
        return await collected.records
    }

    static func chunks(_ bytes: [UInt8]) -> EvidenceOperations.NextBytes {
        let position = Position()
        return {
            let start = await position.advance(by: 1 << 20, limit: bytes.count)
            guard start < bytes.count else { return nil }
            return Array(bytes[start..<min(bytes.count, start + (1 << 20))])
        }
    }
}

/// Records gathered from a stream's batches.
actor Collected {
    private(set) var records: [StoredRecord] = []
    func add(_ batch: [StoredRecord]) { records += batch }
}

/// Where a chunked read has got to.
actor Position {
    private var offset = 0
    func advance(by step: Int, limit: Int) -> Int {
        let start = offset
        offset = min(limit, offset + step)
        return start
    }
}
