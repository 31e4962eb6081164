import Foundation
import WhereaboutsCore
import WhereaboutsCyber
import WhereaboutsStore

/// Sharing indicators without the people (issue 20, decision 0033): exports build a ``CyberShare``
/// from what the reader sees — only the fields ``ShareableIncident`` allows — and are audited with
/// their format, marking and distribution; imports of published bundles create sightings on the
/// incidents, among those the writer sees, where a named indicator was already seen.
extension CyberOperations {
    /// What `access` sees of the cyber records, as it may be shared.
    public func share(access: RecordAccess) async throws -> CyberShare {
        let incidents = try await all(.cyberIncident, access: access).compactMap { record in
            record.body(as: CyberIncident.self).map {
                ShareableIncident(id: record.id, $0, recordedAt: Self.date(record.metadata.createdAt))
            }
        }
        let indicators = try await all(.indicator, access: access).compactMap { record in
            record.body(as: Indicator.self).map {
                ShareableIndicator(id: record.id, $0, recordedAt: Self.date(record.metadata.createdAt))
            }
        }
        let sightings = try await sightings(of: nil, access: access).compactMap { record in
            record.body(as: Sighting.self).map { ShareableSighting(id: record.id, $0) }
        }
        return CyberShare(
            incidents: incidents, indicators: indicators, sightings: sightings,
            reporter: try store.reportingPseudonym(), exportedAt: clock())
    }

    /// A STIX 2.1 bundle of what `access` sees, marked `tlp`; the export is audited.
    public func exportSTIX(tlp: TrafficLightProtocol, access: RecordAccess, actor: String, from origin: Origin)
        async throws -> (data: Data, indicators: Int)
    {
        let share = try await share(access: access)
        let data = try STIXBundle.write(share, tlp: tlp)
        try await auditExport(["format": "stix-2.1", "tlp": tlp.rawValue], share, actor: actor, from: origin)
        return (data, share.indicators.count)
    }

    /// MISP events of what `access` sees, marked `tlp`, for `distribution` (MISP's "your organisation
    /// only" unless widened: the audit entry names the distribution, so a widening is on record).
    public func exportMISP(
        tlp: TrafficLightProtocol, distribution: MISPEvent.Distribution = .organisation, access: RecordAccess,
        actor: String, from origin: Origin
    ) async throws -> (data: Data, indicators: Int) {
        let share = try await share(access: access)
        let data = try MISPEvent.write(share, tlp: tlp, distribution: distribution)
        try await auditExport(
            [
                "format": "misp", "tlp": tlp.rawValue, "distribution": distribution.name,
                "widened": distribution == .organisation ? "no" : "yes",
            ], share, actor: actor, from: origin)
        return (data, share.indicators.count)
    }

    /// The audit entry of an export: what was asked for, and how many indicators left.
    private func auditExport(_ details: [String: String], _ share: CyberShare, actor: String, from origin: Origin)
        async throws
    {
        var details = details
        details["indicators"] = String(share.indicators.count)
        details["via"] = origin.via
        _ = try await audit.record(
            AuditEvent(actor: actor, action: .export, target: "cyber", address: origin.address, details: details))
    }

    /// A sighting an imported bundle caused.
    public struct ImportedSighting: Sendable {
        public let sightingID: RecordID
        public let incidentID: RecordID
        public let indicatorID: RecordID
        public let type: IndicatorType
        public let value: String
        public let malware: [String]
        public let stixID: String
    }

    /// Matches a published STIX bundle's indicators against the stored ones `writer` sees: for every
    /// incident (among the writer's) where a named indicator was seen, a sighting of origin
    /// `imported` names the bundle and the object. Importing the same bundle again adds nothing.
    /// The new sightings and the import's audit entry commit together.
    public func importSTIX(_ data: Data, by writer: Writer, from origin: Origin) async throws -> (
        sightings: [ImportedSighting], named: Int, skipped: Int
    ) {
        let file = try STIXIndicatorFile(data)
        let known = try await indicatorsByValue(access: writer.access)
        let existing = try await sightings(of: nil, access: writer.access).compactMap { $0.body(as: Sighting.self) }
        let stamp = Sighting.format(clock())
        var created: [ImportedSighting] = []
        var records: SQLRecordStore.NewRecords = []
        var planned: Set<String> = []
        for named in file.indicators {
            for indicator in known["\(named.type.rawValue) \(named.value)"] ?? [] {
                let reference = String("\(file.bundleID) \(named.stixID)".prefix(500))
                let incidents = Set(existing.filter { $0.indicatorID == indicator.id }.map(\.incidentID))
                for incident in incidents.sorted(by: { $0.description < $1.description }) {
                    let already = existing.contains {
                        $0.incidentID == incident && $0.indicatorID == indicator.id && $0.reference == reference
                    }
                    guard !already, planned.insert("\(incident) \(indicator.id) \(reference)").inserted else {
                        continue
                    }
                    let id = RecordID()
                    records.append(
                        (
                            id,
                            Sighting(
                                incidentID: incident, indicatorID: indicator.id, firstSeen: stamp, lastSeen: stamp,
                                origin: .imported, reference: reference)
                        ))
                    created.append(
                        ImportedSighting(
                            sightingID: id, incidentID: incident, indicatorID: indicator.id, type: named.type,
                            value: named.value, malware: named.malware, stixID: named.stixID))
                }
            }
        }
        let event = AuditEvent(
            actor: writer.actor, action: .import_, target: "cyber", address: origin.address,
            details: [
                "format": "stix-2.1", "bundle": String(file.bundleID.prefix(100)),
                "indicators": String(file.indicators.count), "sightings": String(created.count), "via": origin.via,
            ])
        try await audit.recording { entries in
            try await store.createAll(
                records, by: writer, alsoInTransaction: { db in try await entries.append([event], in: db) })
        }
        return (created, file.indicators.count, file.skipped)
    }

    static func date(_ text: String) -> Date { Timestamp.parse(text) ?? Date(timeIntervalSince1970: 0) }
}
