import CSV
import Foundation
import WhereaboutsCore
import WhereaboutsStore

extension QueueBenchmark {
    /// The persons of a linkage development file as two case lists (one row per recorded person):
    /// persons from `partnerSources` go to the second, to be placed in a compartment of their own.
    /// Only what a list would hold is used (name, sex, birth date as written, place, source), never
    /// the truth columns (`person_id`, `true_dob`, `is_jp`); a birth date the store's parser
    /// refuses is left out (counted in `undated`).
    static func writeCaseLists(
        from fixture: String, general: URL, partner: URL, partnerSources: Set<String>
    ) throws -> (general: Int, partner: Int, undated: Int) {
        guard let input = InputStream(fileAtPath: fixture) else { throw BenchError("cannot read \(fixture)") }
        let reader = try CSVReader(stream: input, hasHeaderRow: true)
        let header = reader.headerRow ?? []
        func column(_ name: String) throws -> Int {
            guard let index = header.firstIndex(of: name) else { throw BenchError("\(fixture) has no \(name)") }
            return index
        }
        let (id, source, name, sex, dob, place) = (
            try column("record_id"), try column("source"), try column("name_recorded"), try column("sex"),
            try column("dob_raw"), try column("place_raw")
        )
        let columns = [
            "event_key", "event_title", "person_key", "name", "sex", "birth_date", "violation_type", "act_locality",
            "source_title",
        ]
        var lines: (general: [[String]], partner: [[String]]) = ([columns], [columns])
        var undated = 0
        while let row = reader.next() {
            let written = row[dob]
            let date = written.isEmpty || (try? FuzzyDate.parse(written)) != nil ? written : ""
            if date.isEmpty, !written.isEmpty { undated += 1 }
            let line = [
                row[source], "Persons listed by \(row[source])", row[id], row[name],
                row[sex] == "F" ? "female" : row[sex] == "M" ? "male" : "", date, "abduction", row[place], row[source],
            ]
            if partnerSources.contains(row[source]) { lines.partner.append(line) } else { lines.general.append(line) }
        }
        try CSVRows.data(lines.general).write(to: general)
        try CSVRows.data(lines.partner).write(to: partner)
        return (lines.general.count - 1, lines.partner.count - 1, undated)
    }
}
