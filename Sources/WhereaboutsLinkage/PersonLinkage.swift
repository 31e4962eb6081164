import WhereaboutsCore

/// Linkage of the store's person records: what is compared (every name form, the birth date as
/// written, sex, the place of origin, first nationality), the list each record came from, and how a
/// run's pairs become proposals with their reasons.
public enum PersonLinkage {
    /// The compared fields, as `link-files` kinds, and the list a record came from.
    public static let fields: [FieldSpec] = [
        FieldSpec(column: "name", kind: .personName), FieldSpec(column: "birth_date", kind: .date),
        FieldSpec(column: "sex", kind: .exact), FieldSpec(column: "origin", kind: .place),
        FieldSpec(column: "nationality", kind: .exact),
        FieldSpec(column: "list", kind: .list),
    ]

    /// A table of persons: every name form on its own line, the birth date as the source wrote it,
    /// and the list (source) each came from when known (`lists`, one per person, or none at all).
    public static func table(
        _ persons: [(id: String, person: Person)], lists: [String?] = []
    ) throws(LinkageError) -> LinkTable {
        var columns: [String: [String?]] = [
            "name": [], "birth_date": [], "sex": [], "origin": [], "nationality": [],
            "list": lists.count == persons.count ? lists : [String?](repeating: nil, count: persons.count),
        ]
        for (_, person) in persons {
            let names = person.names.map(\.full).filter { !$0.isEmpty }
            columns["name"]!.append(names.isEmpty ? nil : names.joined(separator: "\n"))
            columns["birth_date"]!.append(person.birthDate?.text)
            columns["sex"]!.append(person.sex.flatMap { $0 == .unknown ? nil : $0.rawValue })
            columns["origin"]!.append(person.origin?.locality ?? person.origin?.country)
            columns["nationality"]!.append(person.nationalities.first)
        }
        return try LinkTable(ids: persons.map(\.id), columns: columns)
    }

    /// Every level name the person comparators can give, and `missing`: the interface translates them.
    public static var levelNames: [String] {
        let columns = Dictionary(uniqueKeysWithValues: fields.map { ($0.column, [String?]()) })
        guard let table = try? LinkTable(ids: [], columns: columns),
            let settings = try? LinkageSettings.forFields(fields, blocks: ["name"], table: table)
        else { return [] }
        return Array(Set(settings.comparators.flatMap(\.levelNames) + ["missing"])).sorted()
    }
}
