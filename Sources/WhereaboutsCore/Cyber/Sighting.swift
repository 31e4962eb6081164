import Foundation

/// An indicator seen in an incident: when first and last, how many times, and whether by this
/// organisation (a lure, an analyst) or by a published bundle that named it. It hangs from the
/// incident, so it is seen exactly where the incident is.
public struct Sighting: RecordBody {
    public static let kind = RecordKind.sighting

    public enum Origin: String, Codable, Sendable, CaseIterable {
        /// Read from a lure kept as evidence.
        case lure
        /// Entered by hand.
        case entered
        /// A published indicator bundle (MVT, a CERT's report) named the indicator.
        case imported
    }

    public var incidentID: RecordID
    public var indicatorID: RecordID
    /// RFC 3339 times in UTC.
    public var firstSeen: String
    public var lastSeen: String
    public var count: Int
    public var origin: Origin
    /// The evidence item it was seen in (a lure), or the bundle and object that named it.
    public var reference: String?

    public init(
        incidentID: RecordID, indicatorID: RecordID, firstSeen: String, lastSeen: String, count: Int = 1,
        origin: Origin, reference: String? = nil
    ) {
        self.incidentID = incidentID
        self.indicatorID = indicatorID
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.count = count
        self.origin = origin
        self.reference = reference
    }

    public var title: String { "\(origin.rawValue) ×\(count)" }

    public func check(into checker: inout Checker) {
        let first = Self.time(firstSeen)
        let last = Self.time(lastSeen)
        if first == nil { checker.fail("/firstSeen", "is not an RFC 3339 time in UTC (2026-11-03T08:12:00Z)") }
        if last == nil { checker.fail("/lastSeen", "is not an RFC 3339 time in UTC (2026-11-03T08:12:00Z)") }
        if let first, let last, last < first { checker.fail("/lastSeen", "is before the first sighting") }
        if !(1...1_000_000_000).contains(count) { checker.fail("/count", "must be between 1 and 1000000000") }
        checker.text(reference, at: "/reference", maxLength: 500)
    }

    /// Reads an RFC 3339 time in UTC (`Z`, with or without fractional seconds).
    public static func time(_ text: String) -> Date? {
        guard text.hasSuffix("Z"), text.utf8.count <= 40 else { return nil }
        return (try? Date(text, strategy: .iso8601))
            ?? (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
    }

    /// A time written as sightings keep it.
    public static func format(_ date: Date) -> String { date.formatted(.iso8601) }

    public var references: [RecordReference] {
        [
            RecordReference(path: "/incidentID", kinds: [.cyberIncident], id: incidentID, role: .parent),
            RecordReference(path: "/indicatorID", kinds: [.indicator], id: indicatorID),
        ]
    }

    public var vocabularyUses: [VocabularyUse] { [] }
    public var searchText: [String] { [] }

    public var period: FuzzyDate? { nil }
}
