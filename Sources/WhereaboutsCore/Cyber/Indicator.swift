/// An indicator of compromise (a domain, URL, address, IP or file hash) seen in one or more cyber
/// incidents. A shared record, like a person: it is seen wherever a ``Sighting`` that names it is
/// seen (and where it was entered), so a desk never learns of another desk's incidents through it.
public struct Indicator: RecordBody {
    public static let kind = RecordKind.indicator
    public static let placement = Placement.shared
    /// An analyst's note may say whose device or account it was found on.
    public static let identityFields: Set<String> = ["note"]

    /// How the indicator came to be recorded.
    public enum Origin: String, Codable, Sendable, CaseIterable {
        case extracted, entered, imported
    }

    public var type: IndicatorType
    /// The value in its normal form (``IndicatorType/normalise(_:)``).
    public var value: String
    public var origin: Origin
    /// The malware family or tool it belongs to, when known (from an imported bundle or an analyst).
    public var malware: String?
    public var note: String?

    public init(type: IndicatorType, value: String, origin: Origin, malware: String? = nil, note: String? = nil) {
        self.type = type
        self.value = value
        self.origin = origin
        self.malware = malware
        self.note = note
    }

    /// The value defanged, so no list ever holds a live link.
    public var title: String { "\(type.rawValue) \(Defanged.text(value, as: type))" }

    public func check(into checker: inout Checker) {
        if type.normalise(value) != value { checker.fail("/value", "is not a \(type.rawValue) in its normal form") }
        checker.text(malware, at: "/malware", maxLength: 200)
        checker.text(note, at: "/note", maxLength: 10_000)
    }

    public var references: [RecordReference] { [] }
    public var vocabularyUses: [VocabularyUse] { [] }
    public var searchText: [String] { [value, malware ?? ""] }

    public var identityText: [String] { [note].compactMap { $0 } }
}
