/// The Japanese imperial eras from Meiji on, with the day each began.
///
/// Year 1 of an era (元年, gannen) runs from the era's first day to 31 December; every later era year
/// is a whole Gregorian year. Dates before an era's first day or after its successor began are
/// rejected rather than silently shifted.
public struct JapaneseEra: Sendable, Hashable {
    public let names: [String]
    public let start: Day

    public static let all: [JapaneseEra] = [
        JapaneseEra(names: ["明治", "meiji", "m"], start: Day(year: 1868, month: 10, day: 23)!),
        JapaneseEra(names: ["大正", "taisho", "taishō", "taishou", "t"], start: Day(year: 1912, month: 7, day: 30)!),
        JapaneseEra(names: ["昭和", "showa", "shōwa", "shouwa", "s"], start: Day(year: 1926, month: 12, day: 25)!),
        JapaneseEra(names: ["平成", "heisei", "h"], start: Day(year: 1989, month: 1, day: 8)!),
        JapaneseEra(names: ["令和", "reiwa", "r"], start: Day(year: 2019, month: 5, day: 1)!),
    ]

    /// Finds an era by its kanji or romanised name (case-insensitive), or its one-letter abbreviation.
    public static func named(_ name: String) -> JapaneseEra? {
        let key = name.lowercased()
        return all.first { $0.names.contains(key) }
    }

    /// The last day of the era: the day before its successor began, or open-ended for the current one.
    public var end: Day {
        guard let index = JapaneseEra.all.firstIndex(of: self), index + 1 < JapaneseEra.all.count else {
            return Day(year: 9999, month: 12, day: 31)!
        }
        let next = JapaneseEra.all[index + 1].start
        if next.day > 1 { return Day(year: next.year, month: next.month, day: next.day - 1)! }
        if next.month > 1 { return Day.last(ofYear: next.year, month: next.month - 1)! }
        return Day.last(ofYear: next.year - 1)!
    }

    /// The Gregorian year of an era year.
    public func gregorianYear(_ eraYear: Int) -> Int { start.year + eraYear - 1 }
}

/// Juche years count from 1912 (Juche 1), the year Kim Il Sung was born.
public enum JucheYear {
    public static func gregorianYear(_ jucheYear: Int) -> Int { jucheYear + 1911 }
}
