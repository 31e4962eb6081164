import WhereaboutsCore
import WhereaboutsCyber

extension Schema {
    /// The cyber records' and operations' schemas (issue 20, decision 0033).
    static var cyber: [String: JSONValue] {
        return [
            "CyberIncident": object(
                [
                    "eventID": reference(.event),
                    "vector": enumeration(CyberIncident.Vector.self, labels: "cyber-vector"),
                    "target": object(
                        [
                            "classification": enumeration(
                                CyberIncident.Target.Classification.self, labels: "cyber-target"),
                            "sectors": array(enumeration(CyberIncident.sectors.sorted(), labels: "cyber-sector")),
                        ], required: ["classification"]),
                    "date": ref("FuzzyDate"), "targetPersonIDs": array(reference(.person)),
                    "targetOrganisationIDs": array(reference(.organisation)),
                    "exposure": object(
                        [
                            "categories": array(enumeration(CyberIncident.DataCategory.self, labels: "cyber-data")),
                            "persons": integer(0...100_000_000),
                        ]),
                    "leverageOnFamily": boolean, "leverageDetail": text(max: 10_000),
                    "attribution": object(
                        [
                            "actor": text(max: 200),
                            "confidence": enumeration(
                                CyberIncident.Attribution.Confidence.self, labels: "cyber-confidence"),
                            "intrusionSet": text(max: 200),
                        ], required: ["confidence"]),
                    "description": text(max: 100_000), "lures": array(ref("Lure")),
                ], required: ["vector", "target"],
                description:
                    "An attack on the computers, accounts or data of escapees, their families or those who help them."),
            "Lure": object(
                [
                    "itemID": text(max: 100), "subject": text(max: 2_000), "from": text(max: 2_000),
                    "replyTo": text(max: 2_000), "returnPath": text(max: 2_000), "sender": text(max: 2_000),
                    "to": array(text(max: 4_000)), "messageID": text(max: 2_000), "date": text(max: 2_000),
                    "received": array(text(max: 4_000)), "urls": array(text(max: 4_000)),
                    "attachments": array(
                        object(
                            [
                                "itemID": string, "name": text(max: 500), "declaredType": text(max: 200),
                                "size": integer(0...(1 << 50)), "sha256": matching("^[0-9a-fA-F]{64}$"),
                            ], required: ["name", "size", "sha256"])),
                    "problems": array(text(max: 4_000)),
                ], required: ["itemID"], description: "What was read from a lure kept as an evidence item."),
            "Indicator": object(
                [
                    "type": enumeration(IndicatorType.self, labels: "indicator-type"), "value": text(max: 2_048),
                    "origin": enumeration(Indicator.Origin.self, labels: "indicator-origin"), "malware": text(max: 200),
                    "note": text(max: 10_000),
                ], required: ["type", "value", "origin"],
                description: "An indicator of compromise, in its normal form (lower-case hosts and hashes)."),
            "Sighting": object(
                [
                    "incidentID": reference(.cyberIncident), "indicatorID": reference(.indicator), "firstSeen": string,
                    "lastSeen": string,
                    "count": integer(1...1_000_000_000),
                    "origin": enumeration(Sighting.Origin.self, labels: "sighting-origin"),
                    "reference": text(max: 500),
                ], required: ["incidentID", "indicatorID", "firstSeen", "lastSeen", "count", "origin"],
                description: "An indicator seen in an incident: first and last time (RFC 3339, UTC) and how often."),
            "LureIngested": object(
                [
                    "incidentID": uuid, "createdIncident": boolean, "messageItem": string,
                    "attachments": ["type": "object", "additionalProperties": string], "subject": string,
                    "from": string, "replyTo": string, "returnPath": string, "messageID": string, "date": string,
                    "received": array(string), "links": array(string), "problems": array(string),
                    "indicators": array(
                        object(
                            [
                                "type": enumeration(IndicatorType.self), "value": string, "whereFound": string,
                                "indicatorID": uuid, "sightingID": uuid, "new": boolean,
                            ], required: ["type", "value", "whereFound", "indicatorID", "sightingID", "new"])),
                ],
                required: [
                    "incidentID", "createdIncident", "messageItem", "attachments", "received", "links", "problems",
                    "indicators",
                ]),
            "STIXBundle": [
                "type": "object",
                "properties": [
                    "type": enumeration(["bundle"]), "id": string,
                    "objects": ["type": "array", "items": ["type": "object"]],
                ],
                "required": ["type", "objects"],
                "description": "A STIX 2.1 bundle.",
            ],
            "MISPEvents": object(["response": ["type": "array", "items": ["type": "object"]]], required: ["response"]),
            "STIXImported": object(
                [
                    "sightings": array(
                        object(
                            [
                                "sightingID": uuid, "incidentID": uuid, "indicatorID": uuid,
                                "type": enumeration(IndicatorType.self), "value": string, "malware": array(string),
                                "stixID": string,
                            ],
                            required: ["sightingID", "incidentID", "indicatorID", "type", "value", "malware", "stixID"])
                    ),
                    "named": integer, "skipped": integer,
                ], required: ["sightings", "named", "skipped"]),
        ]
    }
}
