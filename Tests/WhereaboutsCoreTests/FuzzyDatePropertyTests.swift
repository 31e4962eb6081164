import Foundation
import PropertyBased
import Testing
import WhereaboutsCore

@Suite("uncertain dates, by property")
struct FuzzyDatePropertyTests {
    @Test("any text either reads into an ordered range or fails with a reason; it never crashes")
    func arbitraryText() async {
        let characters = Gen.oneOf(
            Gen.character(in: " "..."~"), Gen.character(in: "가"..."힣"), Gen.character(in: "ぁ"..."ゖ"),
            Gen.character(in: "一"..."龥"), Gen.element(of: Array("年月日년월일頃경元주체昭和平成令和/-~.")).compactMap { $0 })
        await propertyCheck(count: 2_000, input: characters.string(of: 0...30)) { text in
            do {
                let date = try FuzzyDate.parse(text)
                #expect(date.from <= date.to)
                #expect(date.text == text.trimmingCharacters(in: .whitespacesAndNewlines))
            } catch {
                #expect(!String(describing: error).isEmpty)
            }
        }
    }

    @Test("every real day reads back as itself, in ISO, Japanese and Korean notation")
    func everyDay() async {
        await propertyCheck(count: 1_000, input: Gen.int(in: 1000...2999), Gen.int(in: 1...12), Gen.int(in: 1...31)) {
            year, month, day in
            guard let expected = Day(year: year, month: month, day: day) else {
                #expect(throws: FuzzyDateError.self) {
                    try FuzzyDate.parse(String(format: "%04d-%02d-%02d", year, month, day))
                }
                return
            }
            for text in [expected.iso, "\(year)年\(month)月\(day)日", "\(year)년 \(month)월 \(day)일"] {
                let date = try? FuzzyDate.parse(text)
                #expect(date?.from == expected && date?.to == expected, "\(text)")
            }
        }
    }

    @Test("'around' always widens the range it qualifies")
    func circaWidens() async {
        await propertyCheck(count: 500, input: Gen.int(in: 1001...2998), Gen.int(in: 1...12)) { year, month in
            let plain = try? FuzzyDate.parse("\(year)-\(String(format: "%02d", month))")
            let around = try? FuzzyDate.parse("around \(year)-\(String(format: "%02d", month))")
            if let plain, let around {
                #expect(around.from < plain.from && around.to > plain.to && around.circa)
            } else {
                Issue.record("\(year)-\(month) did not read")
            }
        }
    }
}
