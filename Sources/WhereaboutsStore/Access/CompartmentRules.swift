import WhereaboutsCore

/// Which compartments a record is in, derived from where it hangs (decision 0004).
///
/// - An event is in the compartments it was placed in (its *home* compartments).
/// - A record that hangs from another (an act from its event, an involvement from its act, an
///   information from the record it is about, an intervention from its events, a link from both of
///   its events) is in its home compartments and those of what it hangs from; a link between two
///   events is only in compartments that hold both.
/// - A person, organisation or source is in its home compartments and in those of every live record
///   that refers to it (the act whose victim it is, the involvement that names it, the information it gave).
enum CompartmentRules {
    /// Persons, organisations and sources: shared between cases, visible wherever they are referred to.
    static func isShared(_ kind: RecordKind) -> Bool {
        kind == .person || kind == .organisation || kind == .source
    }

    /// How a record's parents combine.
    enum Combination { case union, intersection }

    static func combination(_ kind: RecordKind) -> Combination { kind == .eventLink ? .intersection : .union }

    /// Whether the reference at `path` of a `kind` record points to what it hangs from.
    static func isParent(_ kind: RecordKind, path: String) -> Bool {
        switch kind {
        case .act: path == "/eventID"
        case .involvement: path == "/actID"
        case .information: path == "/recordID"
        case .intervention: path.hasPrefix("/eventIDs/")
        case .eventLink: path == "/fromEventID" || path == "/toEventID"
        case .event, .person, .organisation, .source: false
        }
    }

    /// Whether a record of `kind` with these references hangs from anything (else it needs a home compartment).
    static func hasParent(_ kind: RecordKind, references: [RecordReference]) -> Bool {
        references.contains { isParent(kind, path: $0.path) }
    }
}
