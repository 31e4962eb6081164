import PropertyBased
import Testing
import WhereaboutsCore

@testable import WhereaboutsLinkage

@Suite struct LinkDateTests {
    private func days(_ raw: String) -> [String]? { LinkDate.read(raw)?.days.map(\.iso) }

    @Test func readsTheFormsRecordsUse() {
        #expect(days("19560409") == ["1956-04-09"])
        #expect(days("1950-01-11") == ["1950-01-11"])
        #expect(days("1934/03/07") == ["1934-03-07"])
        #expect(days("13/05/1933") == ["1933-05-13"])  // only day-first is possible
        #expect(days("08/15/1962") == ["1962-08-15"])  // only month-first is possible
        #expect(days("03/06/1965") == ["1965-06-03", "1965-03-06"])  // both kept
        #expect(days("昭和36年11月21日") == ["1961-11-21"])
        #expect(LinkDate.read("Juche 39 (1950)")?.years == 1950...1950)
        #expect(LinkDate.read("1962")?.years == 1962...1962)
        #expect(LinkDate.read("c. 1961").map { $0.years.contains(1960) && $0.years.contains(1962) } == true)
    }

    @Test func readsAnEraYearPastTheEraEnd() {
        // Shōwa ended on 7 January 1989; clerks still wrote 昭和64年 for later days.
        #expect(days("昭和64年11月28日") == ["1989-11-28"])
    }

    @Test func keepsTheDigitsOfAnImpossibleDateForTypoComparison() throws {
        let date = try #require(LinkDate.read("19561309"))
        #expect(date.days.isEmpty)
        #expect(date.years == 1956...1956)
        #expect(date.digits != nil)
    }

    @Test func refusesWhatIsNoDate() {
        #expect(LinkDate.read("1978-13-45") == nil)
        #expect(LinkDate.read("") == nil)
        #expect(LinkDate.read("unknown") == nil)
        #expect(LinkDate.read(String(repeating: "1", count: 500)) == nil)
    }

    @Test func comparesLunarBirthdaysRecordedAsSolar() throws {
        // 12th lunar month, 4th day of 1987 is 22 January 1988 in the solar calendar.
        let table = try LinkTable(
            ids: ["a", "b", "c", "d", "e"],
            columns: [
                "dob": ["1987-12-04", "1988-01-22", "04/12/1987", "1987", nil]
            ])
        let comparator = DateComparator(table, column: "dob")
        #expect(comparator.levelNames[comparator.level(0, 1)] == "lunar and solar forms of one birthday")
        #expect(comparator.levelNames[comparator.level(0, 2)] == "same day")
        #expect(comparator.levelNames[comparator.level(1, 3)] == "within a year")
        #expect(comparator.levelNames[comparator.level(0, 3)] == "same year (one gives only the year)")
        #expect(comparator.level(0, 4) == -1)
    }

    @Test func neverCrashesOnArbitraryText() async {
        let characters = Gen.oneOf(
            Gen.character(in: " "..."~"), Gen.character(in: "0"..."9"), Gen.character(in: "年"..."年"),
            Gen.character(in: "一"..."龥"), Gen.character(in: "\u{1F600}"..."\u{1F64F}"))
        await propertyCheck(count: 2_000, input: characters.string(of: 0...30)) { text in
            if let date = LinkDate.read(text) {
                #expect(date.years.lowerBound >= 1)
                #expect(date.days.allSatisfy { date.years.contains($0.year) })
            }
        }
    }

    @Test func dayNumbersRoundTrip() {
        for number in stride(from: -700_000, through: 2_900_000, by: 997) {
            if let day = Day.from(dayNumber: number) { #expect(day.dayNumber == number) }
        }
        #expect(Day(year: 1970, month: 1, day: 1)!.dayNumber == 0)
        #expect(Day(year: 2000, month: 3, day: 1)!.dayNumber == 11_017)
    }
}
