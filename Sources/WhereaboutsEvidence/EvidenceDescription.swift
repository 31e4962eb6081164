/// What the person who handed a file in said of it, kept as stated (never corrected from the bytes).
public struct StatedFile: Sendable, Hashable, Codable {
    /// The file's original name.
    public var name: String
    /// The media type the uploader or their software gave, if any (not trusted: see ``EvidenceIntake/Summary/mediaType``).
    public var type: String?
    /// Capture metadata as stated: device, place, time of capture, who captured it…
    public var capture: [String: String]

    public init(name: String, type: String? = nil, capture: [String: String] = [:]) {
        self.name = name
        self.type = type
        self.capture = capture
    }
}

/// Everything the store keeps sealed about an item: what was stated, what intake found, and for a
/// derived copy the transformation that made it. Sealed under the item's compartment key, so the
/// file's name and hashes are not readable from a copy of the database.
public struct EvidenceDescription: Sendable, Hashable, Codable {
    public let stated: StatedFile
    public let intake: EvidenceIntake.Summary
    /// For a derived copy: what was done to the parent (`redacted`, `transcribed`, `re-encoded`…).
    public let transformation: String?

    public init(stated: StatedFile, intake: EvidenceIntake.Summary, transformation: String? = nil) {
        self.stated = stated
        self.intake = intake
        self.transformation = transformation
    }
}
