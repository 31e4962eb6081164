import Foundation

/// Timestamps are stored as ISO 8601 UTC text with milliseconds, which sorts correctly as text on
/// both engines.
public enum Timestamp {
    public static func format(_ date: Date) -> String {
        date.formatted(
            Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC")!))
    }
}

extension Timestamp {
    /// Reads a stored timestamp back; `nil` for text this store did not write.
    public static func parse(_ text: String) -> Date? {
        try? Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC")!)
            .parse(text)
    }
}
