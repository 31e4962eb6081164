extension FuzzyDate {
    /// Two forms lists of the disappeared use that the general reader does not take:
    ///
    /// - `DD/MM/YYYY` or `MM/DD/YYYY` (also with `.` or `-`): read the way that is possible when only one
    ///   is (`13/05/1933`, `08/15/1962`); when both are (`03/06/1965`), the range from the earlier to the
    ///   later reading, so that a filter by year or month never leaves it out. The text keeps what was
    ///   written, and linkage reads both days from it.
    /// - An era year with its Gregorian year in parentheses (`Juche 58 (1969)`, `昭和36年 (1961)`): read as
    ///   the era year, and refused when the two disagree.
    static func listForm(_ text: String) throws(FuzzyDateError) -> FuzzyDate? {
        if let numeric = try dayMonthYear(text) { return numeric }
        return try eraWithGregorianYear(text)
    }

    private static func dayMonthYear(_ text: String) throws(FuzzyDateError) -> FuzzyDate? {
        let parts = text.split(omittingEmptySubsequences: false, whereSeparator: { "/.-".contains($0) })
        guard parts.count == 3, parts[0].count <= 2, parts[1].count <= 2, parts[2].count == 4,
            parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let first = Int(parts[0]), let second = Int(parts[1]), let year = Int(parts[2])
        else { return nil }
        let readings = [
            Day(year: year, month: second, day: first), Day(year: year, month: first, day: second),
        ].compactMap { $0 }
        guard let earlier = readings.min(), let later = readings.max() else { throw .impossibleDay(text) }
        return try FuzzyDate(
            text: text, from: earlier, to: later, precision: earlier == later ? .day : .range)
    }

    private static func eraWithGregorianYear(_ text: String) throws(FuzzyDateError) -> FuzzyDate? {
        guard let open = text.lastIndex(of: "("), text.hasSuffix(")") else { return nil }
        let inside = text[text.index(after: open)..<text.index(before: text.endIndex)]
        guard inside.count == 4, inside.allSatisfy({ $0.isASCII && $0.isNumber }), let year = Int(inside) else {
            return nil
        }
        let outside = String(text[..<open]).trimmed
        guard !outside.isEmpty, let era = try? parse(outside), era.calendar != .gregorian else { return nil }
        guard era.from.year <= year, year <= era.to.year else { throw .unrecognised(text) }
        return try FuzzyDate(
            text: text, from: era.from, to: era.to, precision: era.precision, circa: era.circa,
            calendar: era.calendar)
    }
}
