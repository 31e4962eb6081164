/// A typed link in a chain of events (a reprisal against a family following an escape).
public struct EventLink: RecordBody {
    public static let kind = RecordKind.eventLink
    /// A link is seen only where both of its events are.
    public static let placement = Placement.caseRecord(parents: .intersection)
    /// A note on why two events are linked can name the family that suffered the reprisal.
    public static let identityFields: Set<String> = ["note"]

    public var fromEventID: RecordID
    public var toEventID: RecordID
    /// Code in `chain-types`.
    public var type: String
    public var note: String?

    public init(fromEventID: RecordID, toEventID: RecordID, type: String, note: String? = nil) {
        self.fromEventID = fromEventID
        self.toEventID = toEventID
        self.type = type
        self.note = note
    }

    public var title: String { type }

    public func check(into checker: inout Checker) {
        if fromEventID == toEventID { checker.fail("/toEventID", "an event cannot be linked to itself") }
        checker.text(note, at: "/note", maxLength: 10_000)
    }

    public var references: [RecordReference] {
        [
            RecordReference(path: "/fromEventID", kinds: [.event], id: fromEventID, role: .parent),
            RecordReference(path: "/toEventID", kinds: [.event], id: toEventID, role: .parent),
        ]
    }

    public var vocabularyUses: [VocabularyUse] {
        [VocabularyUse(path: "/type", scheme: .chainTypes, code: type)]
    }

    public var searchText: [String] { [] }

    public var identityText: [String] { note.map { [$0] } ?? [] }
}
