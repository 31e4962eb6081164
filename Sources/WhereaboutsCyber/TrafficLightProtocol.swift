/// FIRST's Traffic Light Protocol 2.0, as STIX 2.1 marks it: the OASIS TLP 2.0 marking
/// definitions (fixed ids, the `tlp_2_0` property extension).
public enum TrafficLightProtocol: String, Sendable, CaseIterable, Codable {
    case clear, green, amber, red

    /// The marking definition's id, the same in every STIX producer.
    public var markingID: String {
        switch self {
        case .clear: return "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"
        case .green: return "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"
        case .amber: return "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"
        case .red: return "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"
        }
    }

    /// `TLP:AMBER`.
    public var label: String { "TLP:\(rawValue.uppercased())" }

    static let extensionID = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"

    /// The marking definition object itself.
    var markingDefinition: [String: Any] {
        [
            "type": "marking-definition", "spec_version": "2.1", "id": markingID,
            "created": "2022-10-01T00:00:00.000Z", "name": label,
            "extensions": [Self.extensionID: ["extension_type": "property-extension", "tlp_2_0": rawValue]],
        ]
    }
}
