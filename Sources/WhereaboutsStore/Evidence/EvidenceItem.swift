import WhereaboutsCore
import WhereaboutsEvidence
import WhereaboutsSecurity

/// An evidence item as a reader who may see it gets it: where it hangs, what was stated, what
/// intake found, and who took it in when.
public struct EvidenceItem: Sendable, Hashable, Codable {
    public let id: String
    public let recordID: RecordID
    /// The item this one was derived from, for a derived copy.
    public let parentID: String?
    public let description: EvidenceDescription
    public let createdAt: String
    public let createdBy: String

    public var name: String { description.stated.name }
    public var sha256: String { description.intake.sha256 }
    public var size: Int { description.intake.size }
    public var mediaType: String { description.intake.mediaType }
}

/// An evidence item with its chain of custody, notes opened.
public struct EvidenceItemWithCustody: Sendable, Codable {
    public let item: EvidenceItem
    public let custody: [CustodyRecord]

    public init(item: EvidenceItem, custody: [CustodyRecord]) {
        self.item = item
        self.custody = custody
    }
}

/// One custody entry as readers see it: the chained entry as stored (its hashes and note sealed)
/// and those fields opened.
public struct CustodyRecord: Sendable, Hashable, Codable {
    public let entry: CustodyEntry
    /// The content's SHA-256 before and after (empty when there was none before).
    public let fromHash: String
    public let toHash: String
    public let note: String
}

/// An item being taken in: its new id, the record it goes to, and the cipher of its frames.
public struct EvidenceSlot: Sendable {
    public let id: String
    public let recordID: RecordID
    public let cipher: FrameCipher
}
