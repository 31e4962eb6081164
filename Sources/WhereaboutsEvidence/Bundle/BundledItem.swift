/// An item as `whereabouts/items.json` describes it: where its content is in the bag, what was
/// stated and found at intake, and the end of its custody chain as the signed audit log pinned it.
public struct BundledItem: Sendable, Hashable, Codable {
    public let id: String
    public let record: String
    public let parent: String?
    public let transformation: String?
    /// The content's path in the bag (`data/…`).
    public let path: String
    public let statedName: String
    public let statedType: String?
    public let capture: [String: String]
    /// Sniffed from the bytes at intake.
    public let mediaType: String
    public let size: Int
    public let sha256: String
    public let sha512: String
    public let takenInAt: String
    public let takenInBy: String
    /// The index and hash of the chain's last entry as the audit log records it.
    public let custodyEnd: CustodyEnd
    /// The item's own trusted timestamp, when it has one (its files are under `whereabouts/timestamp/items/`).
    public let timestamp: Timestamp?

    /// Who timestamped an item and when.
    public struct Timestamp: Sendable, Hashable, Codable {
        public let authority: String
        public let time: String

        public init(authority: String, time: String) {
            self.authority = authority
            self.time = time
        }
    }

    /// A chain's end.
    public struct CustodyEnd: Sendable, Hashable, Codable {
        public let index: Int
        public let hash: String

        public init(index: Int, hash: String) {
            self.index = index
            self.hash = hash
        }
    }

    public init(
        id: String, record: String, parent: String?, transformation: String?, statedName: String, statedType: String?,
        capture: [String: String], mediaType: String, size: Int, sha256: String, sha512: String, takenInAt: String,
        takenInBy: String, custodyEnd: CustodyEnd, timestamp: Timestamp? = nil
    ) {
        self.id = id
        self.record = record
        self.parent = parent
        self.transformation = transformation
        self.path = BundleLayout.payload(record: record, item: id, name: statedName)
        self.statedName = statedName
        self.statedType = statedType
        self.capture = capture
        self.mediaType = mediaType
        self.size = size
        self.sha256 = sha256
        self.sha512 = sha512
        self.takenInAt = takenInAt
        self.takenInBy = takenInBy
        self.custodyEnd = custodyEnd
        self.timestamp = timestamp
    }
}
