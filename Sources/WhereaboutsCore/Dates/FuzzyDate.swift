import Foundation

/// A date as somebody stated it, kept verbatim beside the range of days it can mean.
///
/// Testimonies rarely give exact days: "around 1977", "between June and August 1978", "昭和52年",
/// "Juche 39", a lunar birthday. `text` is what was said; `from`…`to` is the normalised, inclusive
/// range used for filtering and comparison; `precision`, `circa` and `calendar` say how it was read.
public struct FuzzyDate: Hashable, Sendable {
    /// How precisely the statement fixes the day.
    public enum Precision: String, Codable, Sendable, CaseIterable {
        case day, month, year, range
    }

    /// The calendar or year count the statement used.
    public enum CalendarSystem: String, Codable, Sendable, CaseIterable {
        case gregorian
        case japaneseEra = "japanese-era"
        case juche
        case lunar
    }

    public let text: String
    public let from: Day
    public let to: Day
    public let precision: Precision
    public let circa: Bool
    public let calendar: CalendarSystem

    /// Creates a date from an already normalised range; fails when the range ends before it starts.
    public init(
        text: String, from: Day, to: Day, precision: Precision, circa: Bool = false,
        calendar: CalendarSystem = .gregorian
    ) throws(FuzzyDateError) {
        guard from <= to else { throw .endBeforeStart(text) }
        self.text = text
        self.from = from
        self.to = to
        self.precision = precision
        self.circa = circa
        self.calendar = calendar
    }
}

/// Why a stated date could not be read.
public enum FuzzyDateError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case tooLong
    case unrecognised(String)
    case impossibleDay(String)
    case endBeforeStart(String)
    case outsideEra(String)

    public var description: String {
        switch self {
        case .empty: return "a date is empty"
        case .tooLong: return "a date is longer than 100 characters"
        case .unrecognised(let text):
            return
                "'\(text)' is not a date Whereabouts can read (try 1977-11-15, 1977-11, 1977, around 1977, 1978-06/1978-08, 昭和52年, 1978년 6월, Juche 39)"
        case .impossibleDay(let text): return "'\(text)' names a day that does not exist"
        case .endBeforeStart(let text): return "'\(text)' ends before it starts"
        case .outsideEra(let text): return "'\(text)' lies outside the era it names"
        }
    }
}

extension FuzzyDate: Codable {
    private enum CodingKeys: String, CodingKey {
        case text, from, to, precision, circa, calendar
    }

    /// Decodes either a plain string (`"昭和52年"`), an object with `text`, or an object with an
    /// explicit `from`/`to` range; the text is always re-read, so stored ranges never disagree with it.
    public init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let text = try? single.decode(String.self) {
            self = try Self.decodeParsing(text, in: single)
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let text = try container.decodeIfPresent(String.self, forKey: .text) {
            do {
                self = try FuzzyDate.parse(text)
            } catch {
                throw DecodingError.dataCorruptedError(
                    forKey: .text, in: container, debugDescription: error.description)
            }
            return
        }
        let from = try container.decode(Day.self, forKey: .from)
        let to = try container.decodeIfPresent(Day.self, forKey: .to) ?? from
        let circa = try container.decodeIfPresent(Bool.self, forKey: .circa) ?? false
        do {
            self = try FuzzyDate(
                text: from == to ? from.iso : "\(from.iso)/\(to.iso)", from: from, to: to,
                precision: from == to ? .day : .range, circa: circa)
        } catch {
            throw DecodingError.dataCorruptedError(
                forKey: .to, in: container, debugDescription: error.description)
        }
    }

    private static func decodeParsing(_ text: String, in container: any SingleValueDecodingContainer) throws
        -> FuzzyDate
    {
        do {
            return try FuzzyDate.parse(text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(text, forKey: .text)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
        try container.encode(precision, forKey: .precision)
        try container.encode(circa, forKey: .circa)
        try container.encode(calendar, forKey: .calendar)
    }
}
