/// One end of a stated date, before it is placed on the calendar: any of year, month and day, and
/// the year count it used. Built from the tokens of a normalised (NFKC, lower-cased) statement.
struct PartialDate: Equatable {
    enum Era: Equatable {
        case japanese(JapaneseEra)
        case juche

        var calendar: FuzzyDate.CalendarSystem {
            switch self {
            case .japanese: return .japaneseEra
            case .juche: return .juche
            }
        }
    }

    var era: Era?
    var year: Int?
    var month: Int?
    var day: Int?
    var decade: Int?

    var precision: FuzzyDate.Precision {
        if decade != nil { return .range }
        if day != nil { return .day }
        if month != nil { return .month }
        return .year
    }

    private enum Token: Equatable {
        case number(Int, digits: Int)
        case word(String)
        case unit(Character)
        case separator(Character)
    }

    private static let months: [String: Int] = [
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
        "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
        "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    ]

    init?(_ text: String) {
        var tokens = PartialDate.tokenize(text)
        guard !tokens.isEmpty else { return nil }
        if case .word(let name) = tokens.first {
            if ["juche", "주체", "主体"].contains(name) {
                era = .juche
                tokens.removeFirst()
            } else if let japanese = JapaneseEra.named(name) {
                era = .japanese(japanese)
                tokens.removeFirst()
            }
        }
        if era != nil, case .word("gannen") = tokens.first {
            tokens[0] = .number(1, digits: 1)
        }
        guard parseNumeric(tokens) || parseUnits(tokens) || (era == nil && parseEnglish(tokens)) else {
            return nil
        }
        if era != nil, year == nil { return nil }
        if era == nil, let year, year < 1000 { return nil }
    }

    /// `1977`, `1977-11`, `1977-11-15`, `1977/11/15`, `1977.11.15`; after an era: `S52`, `Showa 52.11.15`.
    private mutating func parseNumeric(_ tokens: [Token]) -> Bool {
        guard case .number(let first, let digits) = tokens.first, era != nil || digits == 4 else { return false }
        var numbers = [first]
        var index = 1
        var separator: Character? = nil
        while index < tokens.count {
            guard case .separator(let mark) = tokens[index], separator == nil || separator == mark,
                index + 1 < tokens.count, case .number(let value, let width) = tokens[index + 1], width <= 2
            else { return false }
            separator = mark
            numbers.append(value)
            index += 2
        }
        guard numbers.count <= 3 else { return false }
        year = numbers[0]
        month = numbers.count > 1 ? numbers[1] : nil
        day = numbers.count > 2 ? numbers[2] : nil
        return true
    }

    /// `1978年6月15日`, `1978년 6월 15일`, `昭和52年`, `6月` (year-less, only inside a range).
    private mutating func parseUnits(_ tokens: [Token]) -> Bool {
        var index = 0
        var seen: [Character: Int] = [:]
        var order: [Character] = []
        while index < tokens.count {
            guard case .number(let value, _) = tokens[index], index + 1 < tokens.count,
                case .unit(let unit) = tokens[index + 1], seen[unit] == nil
            else { return false }
            seen[unit] = value
            order.append(unit)
            index += 2
        }
        let expected: [[Character]] = [["y"], ["y", "m"], ["y", "m", "d"], ["m"], ["m", "d"]]
        guard expected.contains(order) else { return false }
        year = seen["y"]
        month = seen["m"]
        day = seen["d"]
        return true
    }

    /// `15 November 1977`, `November 15, 1977`, `November 1977`, `June` (inside a range), `1970s`.
    private mutating func parseEnglish(_ tokens: [Token]) -> Bool {
        let meaningful = tokens.filter { $0 != .separator(",") && $0 != .separator(".") }
        switch meaningful.count {
        case 1:
            guard case .word(let name) = meaningful[0], let number = PartialDate.months[name] else { return false }
            month = number
            return true
        case 2:
            if case .number(let value, 4) = meaningful[0], meaningful[1] == .word("s"), value % 10 == 0 {
                decade = value
                year = value
                return true
            }
            guard case .word(let name) = meaningful[0], let number = PartialDate.months[name],
                case .number(let value, 4) = meaningful[1]
            else { return false }
            month = number
            year = value
            return true
        case 3:
            if case .number(let dayValue, let width) = meaningful[0], width <= 2,
                case .word(let name) = meaningful[1], let number = PartialDate.months[name],
                case .number(let value, 4) = meaningful[2]
            {
                (day, month, year) = (dayValue, number, value)
                return true
            }
            if case .word(let name) = meaningful[0], let number = PartialDate.months[name],
                case .number(let dayValue, let width) = meaningful[1], width <= 2,
                case .number(let value, 4) = meaningful[2]
            {
                (day, month, year) = (dayValue, number, value)
                return true
            }
            return false
        default:
            return false
        }
    }

    private static func tokenize(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var digits = ""
        var letters = ""
        func flush() {
            if !digits.isEmpty {
                tokens.append(.number(Int(digits.prefix(9)) ?? Int.max, digits: digits.count))
                digits = ""
            }
            if !letters.isEmpty {
                tokens.append(.word(letters))
                letters = ""
            }
        }
        for character in text {
            if character.isASCII, character.isNumber {
                if !letters.isEmpty { flush() }
                digits.append(character)
            } else if "年년".contains(character) {
                flush()
                tokens.append(.unit("y"))
            } else if "月월".contains(character) {
                flush()
                tokens.append(.unit("m"))
            } else if "日일".contains(character) {
                flush()
                tokens.append(.unit("d"))
            } else if character == "元" {
                flush()
                tokens.append(.number(1, digits: 1))
            } else if "-/.,".contains(character) {
                flush()
                tokens.append(.separator(character))
            } else if character.isWhitespace {
                flush()
            } else if character.isLetter {
                if !digits.isEmpty { flush() }
                letters.append(character)
            } else {
                flush()
                tokens.append(.separator(character))
            }
        }
        flush()
        return tokens
    }
}
