import Foundation
import WhereaboutsCore

/// What of the cyber records may leave the installation (issue 20, decision 0033): this allow-list
/// is the only way records reach the STIX and MISP writers, so no name, address, contact, narrative,
/// lure or record reference can end up in a shared file. Targets are described by their
/// classification and sectors alone; exposure by categories and a count.
public struct ShareableIncident: Sendable, Hashable {
    public let id: RecordID
    public let vector: CyberIncident.Vector
    public let classification: CyberIncident.Target.Classification
    public let sectors: [String]
    /// The first day the incident's date allows, as `yyyy-mm-dd`.
    public let day: String?
    public let exposedCategories: [CyberIncident.DataCategory]
    public let exposedPersons: Int?
    public let leverageOnFamily: Bool?
    public let attribution: CyberIncident.Attribution?
    public let recordedAt: Date

    public init(id: RecordID, _ incident: CyberIncident, recordedAt: Date) {
        self.id = id
        vector = incident.vector
        classification = incident.target.classification
        sectors = incident.target.sectors
        day = incident.date?.from.iso
        exposedCategories = incident.exposure?.categories ?? []
        exposedPersons = incident.exposure?.persons
        leverageOnFamily = incident.leverageOnFamily
        attribution = incident.attribution
        self.recordedAt = recordedAt
    }
}

/// An indicator as shared: its type, value and malware family.
public struct ShareableIndicator: Sendable, Hashable {
    public let id: RecordID
    public let type: IndicatorType
    public let value: String
    public let malware: String?
    public let recordedAt: Date

    public init(id: RecordID, _ indicator: Indicator, recordedAt: Date) {
        self.id = id
        type = indicator.type
        value = indicator.value
        malware = indicator.malware
        self.recordedAt = recordedAt
    }
}

/// A sighting as shared: which indicator in which incident, when and how often — never the lure.
public struct ShareableSighting: Sendable, Hashable {
    public let id: RecordID
    public let incidentID: RecordID
    public let indicatorID: RecordID
    public let firstSeen: String
    public let lastSeen: String
    public let count: Int

    public init(id: RecordID, _ sighting: Sighting) {
        self.id = id
        incidentID = sighting.incidentID
        indicatorID = sighting.indicatorID
        firstSeen = sighting.firstSeen
        lastSeen = sighting.lastSeen
        count = sighting.count
    }
}

/// Everything one export shares, as a reader was allowed to see it.
public struct CyberShare: Sendable {
    public var incidents: [ShareableIncident]
    public var indicators: [ShareableIndicator]
    public var sightings: [ShareableSighting]
    /// The reporting organisation's pseudonym (keyed per installation: stable, not its name).
    public var reporter: String
    public var exportedAt: Date

    public init(
        incidents: [ShareableIncident], indicators: [ShareableIndicator], sightings: [ShareableSighting],
        reporter: String, exportedAt: Date
    ) {
        self.incidents = incidents
        self.indicators = indicators
        self.sightings = sightings
        self.reporter = reporter
        self.exportedAt = exportedAt
    }

    /// A one-line, name-free description of an incident for a report's description.
    static func summary(_ incident: ShareableIncident) -> String {
        var parts = ["Vector: \(incident.vector.rawValue).", "Target: \(incident.classification.rawValue)."]
        if !incident.sectors.isEmpty { parts.append("Sectors: \(incident.sectors.joined(separator: ", ")).") }
        if !incident.exposedCategories.isEmpty {
            parts.append("Data exposed: \(incident.exposedCategories.map(\.rawValue).joined(separator: ", ")).")
        }
        if let persons = incident.exposedPersons { parts.append("Persons affected: \(persons).") }
        if incident.leverageOnFamily == true { parts.append("Used as leverage against family members.") }
        if let attribution = incident.attribution {
            let who = [attribution.actor, attribution.intrusionSet].compactMap { $0 }.joined(separator: " / ")
            parts.append(
                "Attribution (\(attribution.confidence.rawValue) confidence): \(who.isEmpty ? "unnamed" : who).")
        }
        return parts.joined(separator: " ")
    }
}
