import Foundation
import WhereaboutsCore

extension CaseList {
    /// Turns checked rows into records, sharing events, persons and sources between rows.
    struct Builder {
        let vocabulary: VocabularyIndex
        var parsed = Parsed()
        private var sources: [String: RecordID] = [:]
        private var events: [String: (id: RecordID, title: String)] = [:]
        private var persons: [String: (id: RecordID, name: String)] = [:]
        private var pendingSources: [(id: RecordID, body: any RecordBody)] = []
        private var pendingEvents: [(id: RecordID, body: any RecordBody)] = []
        private var pendingPersons: [(id: RecordID, body: any RecordBody)] = []
        private var pendingActs: [(id: RecordID, body: any RecordBody)] = []
        /// Dates already read in this file: lists repeat the same few hundred statements many times.
        private var dates: [String: Result<FuzzyDate, FuzzyDateError>] = [:]
        private var ids = RecordIDSequence()

        init(vocabulary: VocabularyIndex) { self.vocabulary = vocabulary }

        /// The records made since the last call: sources, then events and persons, then the acts that
        /// refer to them.
        mutating func takeRecords() -> [(id: RecordID, body: any RecordBody)] {
            let records = pendingSources + pendingEvents + pendingPersons + pendingActs
            pendingSources.removeAll()
            pendingEvents.removeAll()
            pendingPersons.removeAll()
            pendingActs.removeAll()
            return records
        }

        mutating func add(_ row: [String: String], line: Int) -> [Issue] {
            var issues: [Issue] = []
            func date(_ column: String) -> FuzzyDate? {
                guard let text = row[column] else { return nil }
                let result = dates[text] ?? Result { () throws(FuzzyDateError) in try FuzzyDate.parse(text) }
                if dates.count < 100_000 { dates[text] = result }
                switch result {
                case .success(let date): return date
                case .failure(let error):
                    issues.append(Issue(line: line, column: column, message: error.description))
                    return nil
                }
            }
            func choice<E: RawRepresentable & CaseIterable>(_ column: String, _ type: E.Type) -> E?
            where E.RawValue == String {
                guard let text = row[column] else { return nil }
                if let value = E(rawValue: text.lowercased()) { return value }
                let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
                issues.append(
                    Issue(line: line, column: column, message: "'\(text.prefix(40))' is not one of: \(allowed)"))
                return nil
            }
            func check(_ body: some RecordBody, columns: [String: String]) {
                var checker = Checker()
                body.check(into: &checker)
                vocabulary.check(body.vocabularyUses, into: &checker)
                for issue in checker.issues {
                    // The most particular path that names the field: `/origin/country` before `/origin`.
                    let column = columns.filter { issue.path.hasPrefix($0.key) }.max { $0.key.count < $1.key.count }?
                        .value
                    issues.append(Issue(line: line, column: column, message: issue.message))
                }
            }

            let eventDate = date("event_date")
            let birthDate = date("birth_date")
            let actDate = date("act_date")
            let fateDate = date("fate_date")
            let sex = choice("sex", Person.Sex.self)
            let romanisation = choice("romanisation", NameForm.Romanisation.self)
            let hostRole = choice("host_state_role", Act.HostStateRole.self)
            let fateStatus = choice("fate_status", FateEntry.Status.self)
            let sourceType = choice("source_type", Source.SourceType.self)

            var sourceIDs: [RecordID] = []
            if let title = row["source_title"] {
                if let id = sources[title] {
                    sourceIDs = [id]
                } else {
                    let source = Source(type: sourceType ?? .document, title: title)
                    check(source, columns: ["/title": "source_title"])
                    let id = ids.next()
                    sources[title] = id
                    pendingSources.append((id, source))
                    parsed.sources += 1
                    sourceIDs = [id]
                }
            }

            let title = row["event_title"] ?? ""
            let eventKey = row["event_key"] ?? (title + "\u{1F}" + (row["event_date"] ?? ""))
            let eventID: RecordID
            if let existing = events[eventKey] {
                eventID = existing.id
                if existing.title != title {
                    issues.append(
                        Issue(
                            line: line, column: "event_title",
                            message: "differs from an earlier row with the same event_key"))
                }
            } else {
                let place = Place(stated: row["event_country"], locality: row["event_locality"])
                let event = Event(
                    title: title, description: row["event_description"], date: eventDate,
                    places: place.map { [$0] } ?? [],
                    perpetratorStates: row["perpetrator_state"].map { [$0.uppercased()] } ?? [], sourceIDs: sourceIDs)
                check(
                    event,
                    columns: [
                        "/title": "event_title", "/description": "event_description",
                        "/places/0/country": "event_country",
                        "/places/0/locality": "event_locality", "/perpetratorStates": "perpetrator_state",
                    ])
                eventID = ids.next()
                events[eventKey] = (eventID, title)
                pendingEvents.append((eventID, event))
                parsed.events += 1
            }

            let name = row["name"] ?? ""
            let personID: RecordID
            if let key = row["person_key"], let existing = persons[key] {
                personID = existing.id
                if existing.name != name {
                    issues.append(
                        Issue(
                            line: line, column: "name", message: "differs from an earlier row with the same person_key")
                    )
                }
            } else {
                var names = [NameForm(full: name)]
                if let latin = row["name_latin"] { names.append(NameForm(full: latin, romanisation: romanisation)) }
                let person = Person(
                    names: names, sex: sex, birthDate: birthDate,
                    origin: Place(stated: row["origin_country"], locality: row["origin_locality"]),
                    nationalities: (row["nationality"] ?? "").split(separator: ";").map {
                        $0.trimmingCharacters(in: .whitespaces).uppercased()
                    }.filter { !$0.isEmpty },
                    roles: [.victim], fate: fateStatus.map { [FateEntry(status: $0, date: fateDate)] } ?? [])
                check(
                    person,
                    columns: [
                        "/names/0": "name", "/names/1": "name_latin", "/nationalities": "nationality",
                        "/origin/country": "origin_country", "/origin": "origin_locality",
                    ])
                personID = ids.next()
                if let key = row["person_key"] { persons[key] = (personID, name) }
                pendingPersons.append((personID, person))
                parsed.persons += 1
            }

            let actPlace = Place(stated: row["act_country"], locality: row["act_locality"])
            let act = Act(
                eventID: eventID, victimID: personID, type: row["violation_type"] ?? "", date: actDate, place: actPlace,
                perpetratorState: row["perpetrator_state"]?.uppercased(), hostState: row["host_state"]?.uppercased(),
                hostStateRole: hostRole, leverageOnFamily: row["leverage_on_family"], sourceIDs: sourceIDs)
            check(
                act,
                columns: [
                    "/type": "violation_type", "/place/country": "act_country", "/place/locality": "act_locality",
                    "/perpetratorState": "perpetrator_state", "/hostState": "host_state",
                    "/leverageOnFamily": "leverage_on_family",
                ])
            pendingActs.append((ids.next(), act))
            parsed.acts += 1
            parsed.rows += 1
            return issues
        }
    }
}
