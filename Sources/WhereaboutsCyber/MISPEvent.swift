import Foundation
import WhereaboutsCore

/// Writes MISP events (its JSON interchange format, one event per incident) from a ``CyberShare``:
/// attributes for the indicators with their first and last sightings, a `victim` object with the
/// target's classification and sectors only, a TLP tag, and a distribution that is "your
/// organisation only" unless the caller widened it (and had that audited).
public enum MISPEvent {
    /// MISP's distribution levels.
    public enum Distribution: Int, Sendable, CaseIterable {
        case organisation = 0
        case community = 1
        case connected = 2
        case all = 3

        public var name: String {
            switch self {
            case .organisation: return "organisation"
            case .community: return "community"
            case .connected: return "connected"
            case .all: return "all"
            }
        }

        public init?(name: String) {
            guard let found = Self.allCases.first(where: { $0.name == name }) else { return nil }
            self = found
        }
    }

    public static func write(_ share: CyberShare, tlp: TrafficLightProtocol, distribution: Distribution) throws -> Data
    {
        let indicators = Dictionary(share.indicators.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var events: [[String: Any]] = []
        for incident in share.incidents {
            var attributes: [[String: Any]] = []
            for sighting in share.sightings where sighting.incidentID == incident.id {
                guard let indicator = indicators[sighting.indicatorID] else { continue }
                attributes.append([
                    "uuid": STIXBundle.uuid(share.reporter, "misp-attribute", sighting.id.description),
                    "type": attributeType(indicator.type), "category": category(indicator.type),
                    "value": indicator.value, "to_ids": true, "distribution": "5",
                    "first_seen": STIXBundle.timestamp(Sighting.time(sighting.firstSeen) ?? share.exportedAt),
                    "last_seen": STIXBundle.timestamp(Sighting.time(sighting.lastSeen) ?? share.exportedAt),
                    "comment": "seen \(sighting.count) time(s)",
                ])
            }
            var victim: [[String: Any]] = [
                ["object_relation": "classification", "type": "text", "value": incident.classification.rawValue]
            ]
            for sector in incident.sectors {
                victim.append(["object_relation": "sectors", "type": "text", "value": sector])
            }
            let event: [String: Any] = [
                "uuid": STIXBundle.uuid(share.reporter, "misp-event", incident.id.description),
                "info": "Cyber incident: \(incident.vector.rawValue) against \(incident.classification.rawValue)",
                "date": incident.day ?? String(STIXBundle.timestamp(incident.recordedAt).prefix(10)),
                "distribution": String(distribution.rawValue), "threat_level_id": "2", "analysis": "1",
                "published": false, "Orgc": ["name": "Whereabouts reporter \(share.reporter)"],
                "Tag": [["name": "tlp:\(tlp.rawValue)"]],
                "Attribute": attributes,
                "Object": [
                    [
                        "name": "victim", "meta-category": "misc", "distribution": "5",
                        "comment": CyberShare.summary(incident), "Attribute": victim,
                    ]
                ],
            ]
            events.append(["Event": event])
        }
        return try JSONSerialization.data(
            withJSONObject: ["response": events], options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
    }

    static func attributeType(_ type: IndicatorType) -> String {
        switch type {
        case .domain: return "domain"
        case .url: return "url"
        case .email: return "email-src"
        case .ipv4, .ipv6: return "ip-src"
        case .sha256: return "sha256"
        case .sha1: return "sha1"
        case .md5: return "md5"
        }
    }

    static func category(_ type: IndicatorType) -> String {
        switch type {
        case .email: return "Payload delivery"
        case .sha256, .sha1, .md5: return "Payload delivery"
        default: return "Network activity"
        }
    }
}
