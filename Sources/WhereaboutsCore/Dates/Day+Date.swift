import Foundation

extension Day {
    /// The day `date` falls on in UTC (a decision's default day, taken from the clock it is given).
    public init(utc date: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        self = Day(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}
