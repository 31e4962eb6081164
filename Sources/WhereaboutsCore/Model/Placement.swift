/// How a kind of record is placed in compartments: the one rule every write, import and restore
/// follows (decision 0016).
///
/// - A **case record** (event, act, involvement, information, intervention, chain link) is in its
///   home compartments (where it was written, for one that hangs from no case record) and in those of
///   the case records it hangs from (its ``RecordReference/Role/parent`` references).
/// - A **shared record** (person, organisation, source) is in its home compartments and in those of
///   every live case record that refers to it. It passes nothing on: a record that hangs from a
///   shared record (an information about a person) is placed by its home, not by the person's
///   compartments, so what one desk writes about a shared person never becomes visible to another
///   desk that also documents that person.
public enum Placement: Sendable, Equatable {
    /// Hangs from case records, whose compartments combine as stated.
    case caseRecord(parents: ParentCombination)
    /// Referred to by cases of many desks; seen where they are.
    case shared

    /// Whether records of this kind are shared between cases.
    public var isShared: Bool { self == .shared }
}

/// How the compartments of a case record's parents combine.
public enum ParentCombination: Sendable, Equatable {
    /// In the compartments of any parent (an intervention about several events).
    case union
    /// Only where every parent is (a link between two events is seen only where both are).
    case intersection
}

extension RecordKind {
    /// How records of this kind are placed (declared by the kind's body type).
    public var placement: Placement { bodyType.placement }
}
