import WhereaboutsCore
import WhereaboutsSecurity

/// What readers without identity access see in place of identifying fields.
enum Redaction {
    /// A body decoded without its identity fields, with the person's pseudonym as their only name.
    static func pseudonymised(_ body: any RecordBody, id: RecordID, pseudonyms: Pseudonym) -> any RecordBody {
        if var person = body as? Person {
            person.names = [NameForm(full: pseudonyms.of(recordID: id.description), script: .latin, note: "pseudonym")]
            return person
        }
        if var source = body as? Source {
            source.title = pseudonyms.of(recordID: id.description)
            return source
        }
        return body
    }

    /// A body without material its source's consent no longer covers: a source whose consent for
    /// internal documentation is missing or withdrawn keeps its metadata, but its text is withheld
    /// from every reader. `current` is the consent as it stands now (for earlier versions).
    static func consented(_ body: any RecordBody, current: Source? = nil) -> any RecordBody {
        guard var source = body as? Source else { return body }
        if !(current ?? source).allows(.internalDocumentation) { source.text = nil }
        return source
    }

    /// A list or search title: one that identifies (a person's name, a testimony's title) becomes the
    /// record's pseudonym.
    static func title(_ kind: RecordKind, _ title: String, id: RecordID, pseudonyms: Pseudonym) -> String {
        kind.bodyType.summaryIdentifies ? pseudonyms.of(recordID: id.description) : title
    }
}
