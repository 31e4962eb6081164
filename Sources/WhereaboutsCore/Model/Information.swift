/// What a source says about a record: the link between evidence and a fact, with its weight.
public struct Information: RecordBody {
    public static let kind = RecordKind.information
    /// Remarks on what a source said can name the source and the people it speaks of.
    public static let identityFields: Set<String> = ["remarks"]

    public var sourceID: RecordID
    /// The event, act, person or other record the source speaks to.
    public var recordID: RecordID
    /// Code in `source-connection` (eyewitness, heard about it, …).
    public var connection: String?
    /// Code in `reliability`.
    public var reliability: String?
    public var dateReceived: FuzzyDate?
    public var remarks: String?

    public init(
        sourceID: RecordID, recordID: RecordID, connection: String? = nil, reliability: String? = nil,
        dateReceived: FuzzyDate? = nil, remarks: String? = nil
    ) {
        self.sourceID = sourceID
        self.recordID = recordID
        self.connection = connection
        self.reliability = reliability
        self.dateReceived = dateReceived
        self.remarks = remarks
    }

    /// Never the remarks (identifying): the connection of the source to the fact, if stated.
    public var title: String { connection ?? "information" }

    public func check(into checker: inout Checker) {
        if sourceID == recordID { checker.fail("/recordID", "a source cannot be information about itself") }
        checker.text(remarks, at: "/remarks", maxLength: 100_000)
    }

    public var references: [RecordReference] {
        [
            RecordReference(path: "/sourceID", kinds: [.source], id: sourceID),
            // About any record but another information record, so that what hangs from what has no cycle.
            RecordReference(
                path: "/recordID", kinds: Set(RecordKind.allCases).subtracting([.information]), id: recordID,
                role: .parent),
        ]
    }

    public var vocabularyUses: [VocabularyUse] {
        var uses: [VocabularyUse] = []
        if let connection {
            uses.append(VocabularyUse(path: "/connection", scheme: .sourceConnection, code: connection))
        }
        if let reliability { uses.append(VocabularyUse(path: "/reliability", scheme: .reliability, code: reliability)) }
        return uses
    }

    public var searchText: [String] { [] }

    public var identityText: [String] { remarks.map { [$0] } ?? [] }

    public var period: FuzzyDate? { dateReceived }
}
