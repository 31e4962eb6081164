import Crypto
import Foundation
import WhereaboutsCore

/// Writes a STIX 2.1 bundle of what a ``CyberShare`` holds (issue 20): one indicator per indicator
/// (a valid pattern), malware and intrusion sets named, a report per incident with only
/// ``ShareableIncident``'s fields, sightings "where sighted" by the pseudonymous reporting identity,
/// every object marked with the chosen TLP. Object ids are derived from the records' ids under a
/// key of the reporter's pseudonym, so exporting again gives the same ids and nobody else can
/// link them to record ids.
public enum STIXBundle {
    public static func write(_ share: CyberShare, tlp: TrafficLightProtocol, bundleID: UUID = UUID()) throws -> Data {
        let reporterID = "identity--" + uuid(share.reporter, "identity", share.reporter)
        let marks = [tlp.markingID]
        func common(_ type: String, _ id: String, _ created: Date) -> [String: Any] {
            [
                "type": type, "spec_version": "2.1", "id": id, "created": timestamp(created),
                "modified": timestamp(created), "created_by_ref": reporterID, "object_marking_refs": marks,
            ]
        }
        var objects: [[String: Any]] = [tlp.markingDefinition]
        var identity = common("identity", reporterID, share.exportedAt)
        identity["name"] = "Whereabouts reporter \(share.reporter)"
        identity["identity_class"] = "organization"
        identity.removeValue(forKey: "created_by_ref")
        objects.append(identity)

        var indicatorIDs: [RecordID: String] = [:]
        var malwareIDs: [String: String] = [:]
        for indicator in share.indicators {
            let id = "indicator--" + uuid(share.reporter, "indicator", indicator.id.description)
            indicatorIDs[indicator.id] = id
            var object = common("indicator", id, indicator.recordedAt)
            object["name"] = "\(indicator.type.rawValue) seen in an attack on civil society"
            object["indicator_types"] = ["malicious-activity"]
            object["pattern"] = STIXPattern.pattern(indicator.type, indicator.value)
            object["pattern_type"] = "stix"
            object["pattern_version"] = "2.1"
            object["valid_from"] = timestamp(indicator.recordedAt)
            objects.append(object)
            if let malware = indicator.malware, !malware.isEmpty {
                let malwareID =
                    malwareIDs[malware]
                    ?? {
                        let made = "malware--" + uuid(share.reporter, "malware", malware)
                        var object = common("malware", made, share.exportedAt)
                        object["name"] = malware
                        object["is_family"] = true
                        objects.append(object)
                        malwareIDs[malware] = made
                        return made
                    }()
                var relationship = common(
                    "relationship", "relationship--" + uuid(share.reporter, "indicates", id + malwareID),
                    share.exportedAt)
                relationship["relationship_type"] = "indicates"
                relationship["source_ref"] = id
                relationship["target_ref"] = malwareID
                objects.append(relationship)
            }
        }

        var sightingIDsByIncident: [RecordID: [String]] = [:]
        for sighting in share.sightings {
            guard let indicatorID = indicatorIDs[sighting.indicatorID] else { continue }
            let id = "sighting--" + uuid(share.reporter, "sighting", sighting.id.description)
            var object = common("sighting", id, Sighting.time(sighting.firstSeen) ?? share.exportedAt)
            object["sighting_of_ref"] = indicatorID
            object["first_seen"] = timestamp(Sighting.time(sighting.firstSeen) ?? share.exportedAt)
            object["last_seen"] = timestamp(Sighting.time(sighting.lastSeen) ?? share.exportedAt)
            object["count"] = sighting.count
            object["where_sighted_refs"] = [reporterID]
            objects.append(object)
            sightingIDsByIncident[sighting.incidentID, default: []].append(id)
            sightingIDsByIncident[sighting.incidentID, default: []].append(indicatorID)
        }

        for incident in share.incidents {
            var refs = Array(Set(sightingIDsByIncident[incident.id] ?? [])).sorted()
            if let attribution = incident.attribution, let name = attribution.intrusionSet ?? attribution.actor {
                let setID = "intrusion-set--" + uuid(share.reporter, "intrusion-set", name)
                if !objects.contains(where: { $0["id"] as? String == setID }) {
                    var object = common("intrusion-set", setID, share.exportedAt)
                    object["name"] = name
                    if let actor = attribution.actor, actor != name { object["aliases"] = [actor] }
                    objects.append(object)
                }
                refs.append(setID)
            }
            if refs.isEmpty { refs = [reporterID] }
            let id = "report--" + uuid(share.reporter, "report", incident.id.description)
            var object = common("report", id, incident.recordedAt)
            object["name"] = "Cyber incident: \(incident.vector.rawValue) against \(incident.classification.rawValue)"
            object["description"] = CyberShare.summary(incident)
            object["report_types"] = ["attack-pattern", "indicator"]
            object["published"] = timestamp(incident.recordedAt)
            object["object_refs"] = refs
            var labels = ["vector:\(incident.vector.rawValue)", "target:\(incident.classification.rawValue)"]
            labels += incident.sectors.map { "sector:\($0)" }
            object["labels"] = labels
            if let confidence = incident.attribution?.confidence { object["confidence"] = confidence.stixValue }
            objects.append(object)
        }

        let bundle: [String: Any] = [
            "type": "bundle", "id": "bundle--" + bundleID.uuidString.lowercased(), "objects": objects,
        ]
        return try JSONSerialization.data(
            withJSONObject: bundle, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
    }

    /// An RFC 4122 name-based (version 5 layout) UUID from a keyed hash, lower-case.
    static func uuid(_ key: String, _ type: String, _ name: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data("\(type)\u{0}\(name)".utf8), using: SymmetricKey(data: Data("whereabouts-stix\u{0}\(key)".utf8)))
        var bytes = Array(mac.prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let parts = [
            hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4),
            hex.dropFirst(20),
        ]
        return parts.joined(separator: "-")
    }

    /// `2026-11-03T08:12:45.000Z`.
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}

/// Reads a published STIX 2.1 bundle (an MVT indicator file, a CERT's report) for the indicators
/// it names: each indicator object's comparisons that name a type Whereabouts keeps, with the
/// malware the bundle says it indicates.
public struct STIXIndicatorFile: Sendable {
    /// One value the bundle names, with the object that named it.
    public struct Named: Sendable, Hashable {
        public let type: IndicatorType
        public let value: String
        public let stixID: String
        public let malware: [String]
    }

    public let bundleID: String
    public let indicators: [Named]
    /// Indicator objects whose patterns named nothing Whereabouts keeps (process names, app ids).
    public let skipped: Int

    /// Why a file is not a bundle.
    public struct NotABundle: Error, CustomStringConvertible {
        public let description: String
    }

    public init(_ data: Data) throws {
        guard data.count <= 256 << 20 else { throw NotABundle(description: "the file is larger than 256 MiB") }
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            root["type"] as? String == "bundle", let objects = root["objects"] as? [Any],
            objects.allSatisfy({ $0 is [String: Any] }), root["id"] == nil || root["id"] is String
        else {
            throw NotABundle(
                description:
                    "the file is not a STIX bundle (a JSON object of type \"bundle\" whose objects are JSON objects)")
        }
        bundleID = (root["id"] as? String).map { String($0.prefix(200)) } ?? "bundle"
        var names: [String: String] = [:]
        var indicates: [String: [String]] = [:]
        for case let object as [String: Any] in objects {
            guard let type = object["type"] as? String else { continue }
            if ["malware", "intrusion-set", "threat-actor", "tool", "campaign"].contains(type),
                let id = object["id"] as? String, let name = object["name"] as? String
            {
                names[id] = String(name.prefix(200))
            }
            if type == "relationship", object["relationship_type"] as? String == "indicates",
                let source = object["source_ref"] as? String, let target = object["target_ref"] as? String
            {
                indicates[source, default: []].append(target)
            }
        }
        var found: [Named] = []
        var seen: Set<String> = []
        var skipped = 0
        for case let object as [String: Any] in objects {
            guard object["type"] as? String == "indicator", let id = object["id"] as? String,
                let pattern = object["pattern"] as? String,
                (object["pattern_type"] as? String ?? "stix") == "stix"
            else { continue }
            let comparisons = STIXPattern.comparisons(in: pattern)
            if comparisons.isEmpty { skipped += 1 }
            let malware = (indicates[id] ?? []).compactMap { names[$0] }
            for (type, value) in comparisons where seen.insert("\(type.rawValue) \(value) \(id)").inserted {
                found.append(Named(type: type, value: value, stixID: String(id.prefix(200)), malware: malware))
            }
        }
        indicators = found
        self.skipped = skipped
    }
}
