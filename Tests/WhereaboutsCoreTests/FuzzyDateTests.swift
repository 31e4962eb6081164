import Foundation
import Testing
import WhereaboutsCore

@Suite("uncertain dates")
struct FuzzyDateTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let text: String
        let from: String
        let to: String
        let precision: FuzzyDate.Precision
        var circa = false
        var calendar = FuzzyDate.CalendarSystem.gregorian
        var testDescription: String { text }
    }

    static let readable: [Case] = [
        Case(text: "1977-11-15", from: "1977-11-15", to: "1977-11-15", precision: .day),
        Case(text: "1977-11", from: "1977-11-01", to: "1977-11-30", precision: .month),
        Case(text: "1977", from: "1977-01-01", to: "1977-12-31", precision: .year),
        Case(text: "1977.11.15", from: "1977-11-15", to: "1977-11-15", precision: .day),
        Case(text: "1977/11/15", from: "1977-11-15", to: "1977-11-15", precision: .day),
        Case(text: "15 November 1977", from: "1977-11-15", to: "1977-11-15", precision: .day),
        Case(text: "November 15, 1977", from: "1977-11-15", to: "1977-11-15", precision: .day),
        Case(text: "Feb 1980", from: "1980-02-01", to: "1980-02-29", precision: .month),
        Case(text: "1970s", from: "1970-01-01", to: "1979-12-31", precision: .range),
        Case(text: "around 1977", from: "1976-01-01", to: "1978-12-31", precision: .year, circa: true),
        Case(text: "c. 1977", from: "1976-01-01", to: "1978-12-31", precision: .year, circa: true),
        Case(text: "ca.1977", from: "1976-01-01", to: "1978-12-31", precision: .year, circa: true),
        Case(text: "1977年頃", from: "1976-01-01", to: "1978-12-31", precision: .year, circa: true),
        Case(text: "1977년경", from: "1976-01-01", to: "1978-12-31", precision: .year, circa: true),
        Case(text: "about June 1978", from: "1978-05-01", to: "1978-07-31", precision: .month, circa: true),
        Case(text: "1978年6月", from: "1978-06-01", to: "1978-06-30", precision: .month),
        Case(text: "１９７８年６月１５日", from: "1978-06-15", to: "1978-06-15", precision: .day),
        Case(text: "1978년 6월 15일", from: "1978-06-15", to: "1978-06-15", precision: .day),
        Case(
            text: "昭和52年", from: "1977-01-01", to: "1977-12-31", precision: .year, calendar: .japaneseEra),
        Case(
            text: "昭和元年", from: "1926-12-25", to: "1926-12-31", precision: .year, calendar: .japaneseEra),
        Case(
            text: "昭和52年11月15日", from: "1977-11-15", to: "1977-11-15", precision: .day, calendar: .japaneseEra),
        Case(text: "平成元年1月", from: "1989-01-08", to: "1989-01-31", precision: .month, calendar: .japaneseEra),
        Case(text: "Showa 52", from: "1977-01-01", to: "1977-12-31", precision: .year, calendar: .japaneseEra),
        Case(text: "S52", from: "1977-01-01", to: "1977-12-31", precision: .year, calendar: .japaneseEra),
        Case(text: "令和5年", from: "2023-01-01", to: "2023-12-31", precision: .year, calendar: .japaneseEra),
        Case(text: "Juche 39", from: "1950-01-01", to: "1950-12-31", precision: .year, calendar: .juche),
        Case(text: "주체39년", from: "1950-01-01", to: "1950-12-31", precision: .year, calendar: .juche),
        Case(text: "주체 107년 3월", from: "2018-03-01", to: "2018-03-31", precision: .month, calendar: .juche),
        Case(text: "1978-06/1978-08", from: "1978-06-01", to: "1978-08-31", precision: .range),
        Case(text: "between June and August 1978", from: "1978-06-01", to: "1978-08-31", precision: .range),
        Case(text: "1978年6月から8月", from: "1978-06-01", to: "1978-08-31", precision: .range),
        Case(text: "1978년 6월부터 8월까지", from: "1978-06-01", to: "1978-08-31", precision: .range),
        Case(text: "1977 to 1979", from: "1977-01-01", to: "1979-12-31", precision: .range),
        Case(text: "1977–1979", from: "1977-01-01", to: "1979-12-31", precision: .range),
        Case(text: "1977-1979", from: "1977-01-01", to: "1979-12-31", precision: .range),
        Case(text: "음력 2024년 1월 1일", from: "2024-02-10", to: "2024-02-10", precision: .day, calendar: .lunar),
        Case(text: "lunar 2024-08-15", from: "2024-09-17", to: "2024-09-17", precision: .day, calendar: .lunar),
        // Lists' forms: day or month first, read the one way possible, or spanning both readings.
        Case(text: "13/05/1933", from: "1933-05-13", to: "1933-05-13", precision: .day),
        Case(text: "08/15/1962", from: "1962-08-15", to: "1962-08-15", precision: .day),
        Case(text: "03/06/1965", from: "1965-03-06", to: "1965-06-03", precision: .range),
        Case(text: "07/07/1950", from: "1950-07-07", to: "1950-07-07", precision: .day),
        Case(text: "3.6.1965", from: "1965-03-06", to: "1965-06-03", precision: .range),
        Case(text: "Juche 58 (1969)", from: "1969-01-01", to: "1969-12-31", precision: .year, calendar: .juche),
        Case(
            text: "昭和36年11月21日 (1961)", from: "1961-11-21", to: "1961-11-21", precision: .day,
            calendar: .japaneseEra),
    ]

    @Test("reads the ways people state dates", arguments: readable)
    func reads(_ example: Case) throws {
        let date = try FuzzyDate.parse(example.text)
        #expect(date.from.iso == example.from)
        #expect(date.to.iso == example.to)
        #expect(date.precision == example.precision)
        #expect(date.circa == example.circa)
        #expect(date.calendar == example.calendar)
        #expect(date.text == example.text)
    }

    @Test(
        "refuses impossible days, reversed ranges, era overflows and noise",
        arguments: [
            ("1978-02-30", FuzzyDateError.impossibleDay("1978-02-30")),
            ("1978-13", .impossibleDay("1978-13")),
            ("1979-02-29", .impossibleDay("1979-02-29")),
            ("1979/1977", .endBeforeStart("1979/1977")),
            ("昭和1年1月", .outsideEra("昭和1年1月")),
            ("平成32年", .outsideEra("平成32年")),
            ("Juche 0", .impossibleDay("Juche 0")),
            ("", .empty),
            ("sometime", .unrecognised("sometime")),
            ("1978-13-45", .impossibleDay("1978-13-45")),
            ("31/31/1970", .impossibleDay("31/31/1970")),
            ("Juche 58 (1970)", .unrecognised("Juche 58 (1970)")),
            ("'; DROP TABLE records;--", .unrecognised("'; DROP TABLE records;--")),
        ])
    func refuses(_ text: String, _ expected: FuzzyDateError) {
        #expect(throws: expected) { try FuzzyDate.parse(text) }
    }

    @Test("a JSON date may be a string or an object, and always re-reads its text")
    func codable() throws {
        let fromString = try JSONDecoder().decode(FuzzyDate.self, from: Data(#""昭和52年""#.utf8))
        let fromObject = try JSONDecoder().decode(
            FuzzyDate.self, from: Data(#"{"text":"昭和52年","from":"1900-01-01","to":"1900-01-01"}"#.utf8))
        #expect(fromString == fromObject)
        let roundTrip = try JSONDecoder().decode(FuzzyDate.self, from: JSONEncoder().encode(fromString))
        #expect(roundTrip == fromString)
        let explicit = try JSONDecoder().decode(
            FuzzyDate.self, from: Data(#"{"from":"1978-06-01","to":"1978-08-31"}"#.utf8))
        #expect(explicit.precision == .range)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(FuzzyDate.self, from: Data(#"{"from":"1978-08-31","to":"1978-06-01"}"#.utf8))
        }
    }
}
