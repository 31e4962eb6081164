import Foundation
import WhereaboutsCore
import WhereaboutsStore

/// Small fictional records used across the storage suite (no real person's data).
enum Sample {
    static func person(_ hangul: String = "김영희", _ latin: String = "Kim Young-hee", nationality: String = "KR")
        -> Person
    {
        Person(
            names: [
                NameForm(full: hangul, language: "ko"),
                NameForm(full: latin, language: "ko", romanisation: .revisedRomanisation),
            ],
            sex: .female, birthDate: try! FuzzyDate.parse("1955"), nationalities: [nationality], roles: [.victim],
            fate: [FateEntry(status: .missing, date: try! FuzzyDate.parse("1977-11"))])
    }

    static func event(_ title: String = "Abduction from a beach near Niigata", year: String = "1977") -> Event {
        Event(
            title: title, description: "Two witnesses saw a small boat; 납치 was reported to the police. 拉致の疑い。",
            date: try! FuzzyDate.parse(year), places: [Place(country: "JP", locality: "新潟")], violationStatus: nil,
            perpetratorStates: ["KP"])
    }
}
