/// The name of a controlled vocabulary (`violation-types`, `reliability`, …).
public struct VocabularyScheme: RawRepresentable, Hashable, Codable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    /// Types of acts: the report's five categories and the HURIDOCS types of acts.
    public static let violationTypes = VocabularyScheme("violation-types")
    public static let violationStatus = VocabularyScheme("violation-status")
    public static let victimStatus = VocabularyScheme("victim-status")
    public static let degreesOfInvolvement = VocabularyScheme("degrees-of-involvement")
    public static let sourceConnection = VocabularyScheme("source-connection")
    public static let reliability = VocabularyScheme("reliability")
    public static let interventionTypes = VocabularyScheme("intervention-types")
    public static let interventionStatus = VocabularyScheme("intervention-status")
    public static let chainTypes = VocabularyScheme("chain-types")

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
