import Foundation

/// Converts lunar (Korean/Chinese lunisolar) dates to Gregorian days.
///
/// Uses Foundation's Chinese calendar (ICU). The Korean calendar is computed for UTC+9 and the
/// Chinese one for UTC+8, so on rare new moons near midnight a month can start a day apart; a lunar
/// birthday is read with that uncertainty in mind (see docs/decisions/0002-uncertain-dates.md).
public enum LunarCalendar {
    private static let gregorian: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
    private static let chinese: Calendar = {
        var calendar = Calendar(identifier: .chinese)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// The Gregorian day of lunar `month`/`day` in the lunar year that begins in Gregorian `year`;
    /// `nil` when that lunar month has no such day.
    public static func solarDay(year: Int, month: Int, day: Int) -> Day? {
        guard (1...12).contains(month), (1...30).contains(day),
            let midYear = gregorian.date(from: DateComponents(year: year, month: 7, day: 1))
        else { return nil }
        var components = chinese.dateComponents([.era, .year], from: midYear)
        components.month = month
        components.day = day
        components.isLeapMonth = false
        guard let date = chinese.date(from: components) else { return nil }
        let back = chinese.dateComponents([.month, .day], from: date)
        guard back.month == month, back.day == day else { return nil }
        let solar = gregorian.dateComponents([.year, .month, .day], from: date)
        return Day(year: solar.year!, month: solar.month!, day: solar.day!)
    }

    /// The Gregorian days a whole lunar month (or, with `month == nil`, a lunar year) spans.
    static func solarRange(year: Int, month: Int?) -> (Day, Day)? {
        if let month {
            guard let first = solarDay(year: year, month: month, day: 1) else { return nil }
            let last = solarDay(year: year, month: month, day: 30) ?? solarDay(year: year, month: month, day: 29)
            guard let last else { return nil }
            return (first, last)
        }
        guard let first = solarDay(year: year, month: 1, day: 1),
            let nextNewYear = solarDay(year: year + 1, month: 1, day: 1),
            let dayBefore = nextNewYear.previous
        else { return nil }
        return (first, dayBefore)
    }
}

extension Day {
    /// The day before, or `nil` before 1 January of year 1.
    var previous: Day? {
        if day > 1 { return Day(year: year, month: month, day: day - 1) }
        if month > 1 { return Day.last(ofYear: year, month: month - 1) }
        return Day.last(ofYear: year - 1)
    }
}
