import WhereaboutsCore

/// Who changed a record and when, and which version it is at.
public struct RecordMetadata: Codable, Sendable, Hashable {
    public let id: RecordID
    public let kind: RecordKind
    public let version: Int
    public let title: String
    public let createdAt: String
    public let createdBy: String
    public let updatedAt: String
    public let updatedBy: String
    public let deleted: Bool
}

/// A record as stored: its metadata and its body.
public struct StoredRecord: Sendable {
    public let metadata: RecordMetadata
    public let body: any RecordBody

    public var id: RecordID { metadata.id }
    public var version: Int { metadata.version }

    /// The same record with another body of its kind (for exports that leave material out), its
    /// title taken from the new body.
    public func replacingBody(_ body: any RecordBody) -> StoredRecord {
        let m = metadata
        return StoredRecord(
            metadata: RecordMetadata(
                id: m.id, kind: m.kind, version: m.version, title: String(body.title.prefix(300)),
                createdAt: m.createdAt,
                createdBy: m.createdBy, updatedAt: m.updatedAt, updatedBy: m.updatedBy, deleted: m.deleted),
            body: body)
    }

    /// The body as a concrete type, or `nil` when the record is of another kind.
    public func body<T: RecordBody>(as type: T.Type) -> T? { body as? T }
}

extension StoredRecord: Encodable {
    private enum CodingKeys: String, CodingKey {
        case id, kind, version, title, createdAt, createdBy, updatedAt, updatedBy, deleted, data
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(metadata.id, forKey: .id)
        try container.encode(metadata.kind, forKey: .kind)
        try container.encode(metadata.version, forKey: .version)
        try container.encode(metadata.title, forKey: .title)
        try container.encode(metadata.createdAt, forKey: .createdAt)
        try container.encode(metadata.createdBy, forKey: .createdBy)
        try container.encode(metadata.updatedAt, forKey: .updatedAt)
        try container.encode(metadata.updatedBy, forKey: .updatedBy)
        try container.encode(metadata.deleted, forKey: .deleted)
        try body.encode(to: container.superEncoder(forKey: .data))
    }
}

/// One entry of a record's history.
public struct RecordVersion: Codable, Sendable, Hashable {
    public enum Action: String, Codable, Sendable {
        case create, update, restore, delete
    }

    public let recordID: RecordID
    public let version: Int
    public let action: Action
    /// JSON Pointers of the top-level fields that changed from the previous version.
    public let changedFields: [String]
    public let changedAt: String
    public let changedBy: String
}

/// A page of results and the cursor for the next page, if there is one.
public struct Page<Item: Sendable>: Sendable {
    public let items: [Item]
    public let nextCursor: String?

    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}

extension Page: Encodable where Item: Encodable {}

/// Why a store operation did not happen. Nothing was written in any of these cases.
public enum StoreError: Error, Sendable, Equatable {
    case notFound(RecordID)
    case wrongKind(RecordID, expected: RecordKind, actual: RecordKind)
    /// The record changed since the caller read it; `current` is the version now stored.
    case conflict(RecordID, current: Int)
    case invalid([FieldIssue])
    case stillReferenced(RecordID, by: [RecordID])
    case noSuchVersion(RecordID, Int)
    case badCursor
    /// Writing persons and sources needs identity access (else fields the writer cannot see would be lost).
    case identitiesRequired
    /// A stored row could not be read back (an unknown kind, a malformed id); nothing was changed.
    case damaged(String)
    /// Concurrent writers kept aborting this write's transaction; nothing was written. Try again
    /// after this many seconds.
    case busy(retryAfter: Int)
    /// No evidence item with this id that the reader may see (the same answer whether it does not
    /// exist or is out of the reader's reach).
    case noSuchEvidence(String)
}
