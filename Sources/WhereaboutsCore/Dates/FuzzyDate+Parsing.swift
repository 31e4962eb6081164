import Foundation

extension FuzzyDate {
    /// Reads a date as people write it in English, Korean and Japanese.
    ///
    /// Accepted forms include `1977-11-15`, `1977-11`, `1977`, `1977.11.15`, `15 November 1977`,
    /// `November 1977`, `1970s`, `around 1977` / `c. 1977` / `1977年頃` / `1977년경`,
    /// `1978年6月15日`, `1978년 6월 15일`, `昭和52年`, `昭和元年`, `Showa 52`, `S52`, `주체39년`, `Juche 39`,
    /// lunar dates (`음력 1950년 3월 5일`, `lunar 1950-03-05`), and ranges (`1978-06/1978-08`,
    /// `between June and August 1978`, `1978年6月から8月`, `1977 to 1979`, `1977–1979`).
    public static func parse(_ raw: String) throws(FuzzyDateError) -> FuzzyDate {
        let original = raw.trimmed
        guard !original.isEmpty else { throw .empty }
        guard original.count <= 100 else { throw .tooLong }
        if let plain = try plainISO(original) { return plain }
        if let listed = try listForm(original) { return listed }
        var text =
            original.unicodeScalars.allSatisfy(\.isASCII)
            ? original.lowercased() : original.precomposedStringWithCompatibilityMapping.lowercased()
        text = String(text.map { "–—－〜～".contains($0) ? "~" : $0 })
        let circa = Marker.strip(Marker.circa, from: &text)
        let lunar = Marker.strip(Marker.lunar, from: &text)
        _ = Marker.strip(Marker.solar, from: &text)
        text = text.trimmed(" ,()[]")
        guard !text.isEmpty else { throw .unrecognised(original) }

        let (start, end) = try split(text, original: original)
        let startRange = try resolve(start, lunar: lunar, original: original)
        var range = startRange
        var precision = start.precision
        if let end {
            let endRange = try resolve(end, lunar: lunar, original: original)
            guard startRange.from <= endRange.to else { throw .endBeforeStart(original) }
            range = (startRange.from, endRange.to)
            precision = .range
        }
        if circa { range = widen(range, precision: precision) }
        let calendar: CalendarSystem = lunar ? .lunar : (start.era?.calendar ?? .gregorian)
        return try FuzzyDate(
            text: original, from: range.from, to: range.to, precision: precision, circa: circa,
            calendar: calendar)
    }

    /// Splits a range statement into its two ends; a year-less start takes the end's year.
    private static func split(_ text: String, original: String) throws(FuzzyDateError)
        -> (PartialDate, PartialDate?)
    {
        if text.hasPrefix("between "), let andRange = text.firstRange(of: " and ") {
            let left = String(text[text.index(text.startIndex, offsetBy: 8)..<andRange.lowerBound])
            let right = String(text[andRange.upperBound...])
            return try pair(left, right, original: original)
        }
        for separator in ["~", " to ", " until ", " till ", " - ", "から", "부터", "/", "-"] {
            guard let found = text.firstRange(of: separator) else { continue }
            var right = String(text[found.upperBound...])
            for tail in ["まで", "까지"] { right = right.replacing(tail, with: "") }
            let left = String(text[..<found.lowerBound])
            if separator == "/" || separator == "-", (try? pair(left, right, original: original)) == nil {
                continue
            }
            return try pair(left, right, original: original)
        }
        guard let single = PartialDate(text), single.year != nil else { throw .unrecognised(original) }
        return (single, nil)
    }

    private static func pair(_ left: String, _ right: String, original: String) throws(FuzzyDateError)
        -> (PartialDate, PartialDate)
    {
        guard var start = PartialDate(left.trimmed), var end = PartialDate(right.trimmed)
        else { throw .unrecognised(original) }
        if end.year == nil, start.year != nil {
            end.year = start.year
            end.era = start.era
        }
        if start.year == nil {
            start.year = end.year
            start.era = end.era
        }
        guard start.year != nil else { throw .unrecognised(original) }
        return (start, end)
    }

    /// The inclusive days a partial date can mean.
    private static func resolve(_ date: PartialDate, lunar: Bool, original: String) throws(FuzzyDateError)
        -> (from: Day, to: Day)
    {
        guard var year = date.year else { throw .unrecognised(original) }
        var bounds: (from: Day, to: Day)? = nil
        switch date.era {
        case .japanese(let era):
            year = era.gregorianYear(year)
            bounds = (era.start, era.end)
        case .juche:
            guard year >= 1 else { throw .impossibleDay(original) }
            year = JucheYear.gregorianYear(year)
        case nil:
            break
        }
        var range: (from: Day, to: Day)
        if let decade = date.decade {
            guard let from = Day.first(ofYear: decade), let to = Day.last(ofYear: decade + 9) else {
                throw .impossibleDay(original)
            }
            range = (from, to)
        } else if lunar {
            if let month = date.month, let day = date.day {
                guard let solar = LunarCalendar.solarDay(year: year, month: month, day: day) else {
                    throw .impossibleDay(original)
                }
                range = (solar, solar)
            } else {
                guard let span = LunarCalendar.solarRange(year: year, month: date.month) else {
                    throw .impossibleDay(original)
                }
                range = span
            }
        } else if let month = date.month, let day = date.day {
            guard let exact = Day(year: year, month: month, day: day) else { throw .impossibleDay(original) }
            range = (exact, exact)
        } else if let month = date.month {
            guard let from = Day.first(ofYear: year, month: month), let to = Day.last(ofYear: year, month: month)
            else { throw .impossibleDay(original) }
            range = (from, to)
        } else {
            guard let from = Day.first(ofYear: year), let to = Day.last(ofYear: year) else {
                throw .impossibleDay(original)
            }
            range = (from, to)
        }
        if let bounds {
            let from = max(range.from, bounds.from)
            let to = min(range.to, bounds.to)
            guard from <= to, date.day == nil || (range.from >= bounds.from && range.to <= bounds.to) else {
                throw .outsideEra(original)
            }
            range = (from, to)
        }
        return range
    }

    /// The common case, `YYYY`, `YYYY-MM` or `YYYY-MM-DD` in ASCII, read without the general machinery.
    private static func plainISO(_ text: String) throws(FuzzyDateError) -> FuzzyDate? {
        let bytes = Array(text.utf8)
        guard [4, 7, 10].contains(bytes.count),
            bytes.enumerated().allSatisfy({
                ($0.offset == 4 || $0.offset == 7) ? $0.element == 0x2D : (0x30...0x39).contains($0.element)
            })
        else { return nil }
        func number(_ range: Range<Int>) -> Int { bytes[range].reduce(0) { $0 * 10 + Int($1 - 0x30) } }
        let year = number(0..<4)
        let month = bytes.count >= 7 ? number(5..<7) : nil
        let day = bytes.count == 10 ? number(8..<10) : nil
        let from: Day?
        let to: Day?
        let precision: Precision
        switch (month, day) {
        case (let month?, let day?):
            from = Day(year: year, month: month, day: day)
            to = from
            precision = .day
        case (let month?, nil):
            from = Day.first(ofYear: year, month: month)
            to = Day.last(ofYear: year, month: month)
            precision = .month
        default:
            from = Day.first(ofYear: year)
            to = Day.last(ofYear: year)
            precision = .year
        }
        guard let from, let to else { throw .impossibleDay(text) }
        return try FuzzyDate(text: text, from: from, to: to, precision: precision)
    }

    /// "Around" widens a year by a year either side, a month or a day by a month either side.
    private static func widen(_ range: (from: Day, to: Day), precision: Precision) -> (from: Day, to: Day) {
        switch precision {
        case .year, .range:
            return (
                Day.first(ofYear: max(1, range.from.year - 1)) ?? range.from,
                Day.last(ofYear: min(9999, range.to.year + 1)) ?? range.to
            )
        case .month, .day:
            let previousMonth =
                range.from.month == 1 ? (range.from.year - 1, 12) : (range.from.year, range.from.month - 1)
            let nextMonth = range.to.month == 12 ? (range.to.year + 1, 1) : (range.to.year, range.to.month + 1)
            return (
                Day.first(ofYear: previousMonth.0, month: previousMonth.1) ?? range.from,
                Day.last(ofYear: nextMonth.0, month: nextMonth.1) ?? range.to
            )
        }
    }
}

/// Words that qualify a whole date statement.
private enum Marker {
    static let circa = [
        "around", "circa", "c.", "ca.", "c", "ca", "about", "approx.", "approx", "approximately",
        "roughly", "頃", "ごろ", "ころ", "前後", "무렵", "경", "쯤", "약", "추정",
    ]
    static let lunar = ["lunar", "음력", "陰暦", "旧暦", "농력", "農曆", "(음)"]
    static let solar = ["solar", "양력", "新暦"]

    /// Removes the markers (Latin ones only as whole words) and says whether any was present.
    static func strip(_ markers: [String], from text: inout String) -> Bool {
        var found = false
        var words: [String] = []
        for word in text.split(separator: " ") {
            var word = String(word)
            if markers.contains(word) {
                found = true
                continue
            }
            for prefix in ["c.", "ca."] where markers.contains(prefix) && word.hasPrefix(prefix) {
                if word.dropFirst(prefix.count).first?.isNumber == true {
                    word.removeFirst(prefix.count)
                    found = true
                }
            }
            words.append(word)
        }
        text = words.joined(separator: " ")
        if !text.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes = Array(text.utf8)
            for marker in markers where marker.utf8.contains(where: { $0 >= 0x80 }) {
                let needle = Array(marker.utf8)
                if bytes.replaceAll(needle, with: 0x20) { found = true }
            }
            text = String(decoding: bytes, as: UTF8.self)
        }
        text = text.split(separator: " ").joined(separator: " ")
        return found
    }
}

extension Array where Element == UInt8 {
    /// Replaces every occurrence of `needle` with one `byte`; says whether there was any.
    mutating func replaceAll(_ needle: [UInt8], with byte: UInt8) -> Bool {
        guard !needle.isEmpty, count >= needle.count else { return false }
        var result: [UInt8] = []
        var index = 0
        var replaced = false
        while index < count {
            if self[index] == needle[0], index + needle.count <= count,
                self[index..<(index + needle.count)].elementsEqual(needle)
            {
                result.append(byte)
                index += needle.count
                replaced = true
            } else {
                result.append(self[index])
                index += 1
            }
        }
        if replaced { self = result }
        return replaced
    }
}
