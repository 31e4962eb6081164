import Foundation
import WhereaboutsCore

/// A birth date as a record gave it, read into what it can mean for comparison: candidate days (two
/// when `03/06/1965` could be 3 June or 6 March), the years it allows (one for `1962`, three for
/// `c. 1961`), and the digits as written, so that a typo in an impossible date (`19561309`) can still
/// agree within one edit.
public struct LinkDate: Hashable, Sendable {
    /// The days the statement can mean exactly; empty when only a year or range is known.
    public let days: [Day]
    /// The years it allows.
    public let years: ClosedRange<Int>
    /// The digits as written when the statement is one run of eight digits (`YYYYMMDD`).
    public let digits: [UInt32]?

    public init(days: [Day], years: ClosedRange<Int>, digits: [UInt32]? = nil) {
        self.days = days
        self.years = years
        self.digits = digits
    }

    /// Reads a date written as `YYYYMMDD`, `YYYY-MM-DD`, `YYYY/MM/DD`, `DD/MM/YYYY` or `MM/DD/YYYY`, or
    /// anything `FuzzyDate` reads (`1962`, `c. 1961`, `昭和36年11月21日`, `Juche 39`, lunar dates); a
    /// parenthesised Gregorian year (`Juche 39 (1950)`) is used when the rest cannot be read. `nil`
    /// when nothing can be read (`1978-13-45`).
    public static func read(_ raw: String) -> LinkDate? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty, text.utf8.count <= 100 else { return nil }
        let groups = text.split(whereSeparator: { !$0.isASCII || !$0.isNumber }).map(String.init)
        let onlyDigitsAndSeparators = text.allSatisfy { $0.isASCII && ($0.isNumber || "/-. ".contains($0)) }
        if onlyDigitsAndSeparators {
            if groups.count == 1, groups[0].count == 8 {
                let digits = StringDistance.scalars(groups[0])
                let value = Int(groups[0])!
                let year = value / 10000
                if let day = Day(year: year, month: value / 100 % 100, day: value % 100) {
                    return LinkDate(days: [day], years: year...year, digits: digits)
                }
                return (1...9999).contains(year) ? LinkDate(days: [], years: year...year, digits: digits) : nil
            }
            if groups.count == 3, let numbers = Optional(groups.compactMap { Int($0) }), numbers.count == 3 {
                return numeric(groups, numbers)
            }
            if groups.count == 1, groups[0].count == 4, let year = Int(groups[0]), year > 0 {
                return LinkDate(days: [], years: year...year)
            }
        }
        do {
            return LinkDate(try FuzzyDate.parse(text))
        } catch .outsideEra(_) {
            if let lenient = eraDate(text) { return lenient }
        } catch {}
        if let open = text.firstIndex(of: "("), let close = text[open...].firstIndex(of: ")") {
            let outside = (text[..<open] + text[text.index(after: close)...]).trimmingCharacters(in: .whitespaces)
            if !outside.isEmpty, let fuzzy = try? FuzzyDate.parse(outside) { return LinkDate(fuzzy) }
            let inside = String(text[text.index(after: open)..<close])
            if let fuzzy = try? FuzzyDate.parse(inside) { return LinkDate(fuzzy) }
        }
        return nil
    }

    /// A Japanese era date past the era's end (昭和64年11月28日: Shōwa ended on 7 January 1989), as
    /// records carry them: the era year counted on, as a clerk would have.
    static func eraDate(_ text: String) -> LinkDate? {
        for era in JapaneseEra.all {
            guard let name = era.names.first, text.hasPrefix(name) else { continue }
            let numbers = text.dropFirst(name.count).split(whereSeparator: { !$0.isASCII || !$0.isNumber }).compactMap {
                Int($0)
            }
            guard let eraYear = numbers.first, eraYear > 0, eraYear < 200 else { return nil }
            let year = era.gregorianYear(eraYear)
            if numbers.count >= 3, let day = Day(year: year, month: numbers[1], day: numbers[2]) {
                return LinkDate(days: [day], years: year...year)
            }
            return LinkDate(days: [], years: year...year)
        }
        return nil
    }

    init(_ fuzzy: FuzzyDate) {
        days = fuzzy.precision == .day && !fuzzy.circa ? [fuzzy.from] : []
        years = fuzzy.from.year...fuzzy.to.year
        digits = nil
    }

    private static func numeric(_ groups: [String], _ numbers: [Int]) -> LinkDate? {
        var days: [Day] = []
        if groups[0].count == 4 {
            if let day = Day(year: numbers[0], month: numbers[1], day: numbers[2]) { days.append(day) }
        } else if groups[2].count == 4 {
            // Day first (most of the world) or month first (the United States): keep both readings.
            if let day = Day(year: numbers[2], month: numbers[1], day: numbers[0]) { days.append(day) }
            if numbers[0] != numbers[1], let day = Day(year: numbers[2], month: numbers[0], day: numbers[1]) {
                days.append(day)
            }
        }
        guard let first = days.first else { return nil }
        return LinkDate(days: days, years: first.year...first.year)
    }
}

/// Birth dates: the same day, a lunar birthday recorded as if solar, day and month swapped, one typo
/// in the digits, the same year when one gives only the year, within an approximate year (`c. 1961`
/// allows three: chance agreement is three times as likely), the same year with another day, years a
/// year apart, or different.
public struct DateComparator: Comparator {
    public let name: String
    public let levelNames = [
        "same day", "lunar and solar forms of one birthday", "day and month swapped", "one typo",
        "same year (one gives only the year)", "within an approximate year", "same year, other day", "within a year",
        "different",
    ]
    /// Per distinct text: the date read, and its days read as lunar dates, in the solar calendar.
    private struct Read: Sendable {
        let date: LinkDate
        let lunarAsSolar: [Day]
    }
    private let dates: InternedColumn<Read?>
    /// How many values were present but could not be read.
    public let unreadable: Int

    public init(_ table: LinkTable, column: String, lunar: Bool = true) {
        name = column
        let dates = InternedColumn<Read?>(table.column(column)) { text in
            guard let date = LinkDate.read(text) else { return nil }
            let solar =
                lunar
                ? date.days.compactMap { LunarCalendar.solarDay(year: $0.year, month: $0.month, day: $0.day) } : []
            return Read(date: date, lunarAsSolar: solar)
        }
        self.dates = dates
        unreadable = dates.codes.filter { $0 >= 0 && dates.values[Int($0)] == nil }.count
    }

    /// The date read for a record, if any.
    public func date(_ record: Int) -> LinkDate? { (dates[record] ?? nil)?.date }

    /// Whether any day of one list is within a day of one of the other: the Korean lunar calendar is
    /// reckoned at UTC+9 and Foundation's Chinese one at UTC+8, so a month can begin a day apart.
    static func near(_ first: [Day], _ second: [Day]) -> Bool {
        for p in first {
            let n = p.dayNumber
            for q in second where abs(q.dayNumber - n) <= 1 { return true }
        }
        return false
    }

    public func level(_ a: Int, _ b: Int) -> Int {
        guard let first = dates[a] ?? nil, let second = dates[b] ?? nil else { return -1 }
        let x = first.date
        let y = second.date
        if x.days.contains(where: y.days.contains) { return 0 }
        if Self.near(first.lunarAsSolar, y.days) || Self.near(second.lunarAsSolar, x.days) { return 1 }
        for p in x.days {
            for q in y.days where p.year == q.year && p.month == q.day && p.day == q.month { return 2 }
        }
        if let p = x.digits, let q = y.digits, StringDistance.damerauLevenshtein(p, q, limit: 1) <= 1 { return 3 }
        if x.years.overlaps(y.years) {
            guard x.days.isEmpty || y.days.isEmpty else { return 6 }
            return x.years.count > 1 || y.years.count > 1 ? 5 : 4
        }
        if x.years.lowerBound - 1 <= y.years.upperBound && y.years.lowerBound - 1 <= x.years.upperBound {
            return 7
        }
        return 8
    }

    /// Candidates share a day, read any of the ways the comparator allows (both readings of
    /// `03/06/1965`, the solar day of a lunar birthday, a day either side), or the same digits as
    /// written.
    public var blockingRule: BlockingRule {
        let keys: [[UInt64]] = dates.values.map { read in
            guard let read else { return [] }
            var keys = read.date.days.map(\.iso)
            for day in read.lunarAsSolar {
                for offset in -1...1 {
                    if let near = Day.from(dayNumber: day.dayNumber + offset) { keys.append(near.iso) }
                }
            }
            if let digits = read.date.digits, read.date.days.isEmpty {
                keys.append("r:" + String(String.UnicodeScalarView(digits.compactMap(Unicode.Scalar.init))))
            }
            return Array(Set(keys)).map(StableHash.of)
        }
        let codes = dates.codes
        return BlockingRule(name: name) { record in
            let code = codes[record]
            return code < 0 ? [] : keys[Int(code)]
        }
    }
}

extension DateComparator {
    /// Records whose dates can mean the same day as written (no lunar reading, no day either side):
    /// the pairs on which the other fields' m is learned.
    public var sameDayRule: BlockingRule {
        let keys: [[UInt64]] = dates.values.map { read in
            read?.date.days.map { StableHash.of($0.iso) } ?? []
        }
        let codes = dates.codes
        return BlockingRule(name: name + " (day)") { record in
            let code = codes[record]
            return code < 0 ? [] : keys[Int(code)]
        }
    }

    /// The years a record's date allows (at most five), to split a group of records too large to
    /// pair whole: `c. 1961` meets 1960, 1961 and 1962.
    public var yearRefinement: Refinement {
        let keys: [[UInt64]] = dates.values.map { read in
            guard let years = read?.date.years, years.count <= 5 else { return [] }
            return years.map { StableHash.mix(0x5945_4152, UInt64($0)) }
        }
        let codes = dates.codes
        return Refinement(name: "birth year") { record in
            let code = codes[record]
            return code < 0 ? [] : keys[Int(code)]
        }
    }
}

extension Day {
    /// Days since 1970-01-01 (negative before), in the proleptic Gregorian calendar.
    var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The day with the given number of days since 1970-01-01, if within years 1…9999.
    static func from(dayNumber: Int) -> Day? {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return Day(year: year, month: month, day: day)
    }
}
