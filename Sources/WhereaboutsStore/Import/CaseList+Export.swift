import WhereaboutsCore

extension CaseList {
    /// One act as a row of ``columns``; importing the row again yields the same event, person and act.
    public static func row(
        eventKey: String, personKey: String, act: Act, event: Event, person: Person, source: Source?
    ) -> [String] {
        let latin = person.names.dropFirst().first { $0.script == .latin }
        let fate = person.currentFate
        let values: [String: String?] = [
            "event_key": eventKey, "event_title": event.title, "event_description": event.description,
            "event_date": event.date?.text, "event_country": event.places.first?.country,
            "event_locality": event.places.first?.locality, "perpetrator_state": act.perpetratorState,
            "person_key": personKey, "name": person.names.first?.full, "name_latin": latin?.full,
            "romanisation": latin?.romanisation?.rawValue, "sex": person.sex?.rawValue,
            "birth_date": person.birthDate?.text, "origin_country": person.origin?.country,
            "origin_locality": person.origin?.locality, "nationality": person.nationalities.joined(separator: ";"),
            "violation_type": act.type, "act_date": act.date?.text, "act_country": act.place?.country,
            "act_locality": act.place?.locality, "host_state": act.hostState,
            "host_state_role": act.hostStateRole?.rawValue, "leverage_on_family": act.leverageOnFamily,
            "fate_status": fate?.status.rawValue, "fate_date": fate?.date?.text, "source_title": source?.title,
            "source_type": source?.type.rawValue,
        ]
        return columns.map { (values[$0] ?? nil) ?? "" }
    }
}
