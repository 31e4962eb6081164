import WhereaboutsCore
import WhereaboutsEvidence
import WhereaboutsSecurity
import WhereaboutsStore

/// The application layer for evidence items (issue 15, decision 0022): taking a file in, listing,
/// reading and verifying, each with its custody entry and that entry's audit entry committed
/// together. Who may do what comes from the ``Writer`` or ``RecordAccess`` given: an item is
/// visible exactly when its record is, to a reader who sees identities.
public struct EvidenceOperations: Sendable {
    public let store: SQLRecordStore
    public let audit: AuditLog
    /// Files larger than this many bytes are refused (nil: no limit).
    public let maximumSize: Int?
    /// The timestamp authority every item taken in is timestamped by, and the server's bundles
    /// (nil: none; items stay untimestamped until `evidence timestamp`).
    public let timestamps: TimestampService?

    public init(store: SQLRecordStore, audit: AuditLog, maximumSize: Int? = nil, timestamps: TimestampService? = nil) {
        self.store = store
        self.audit = audit
        self.maximumSize = maximumSize
        self.timestamps = timestamps
    }

    /// The same operations with `timestamps` as their authority.
    public func timestamping(with timestamps: TimestampService?) -> EvidenceOperations {
        EvidenceOperations(store: store, audit: audit, maximumSize: maximumSize, timestamps: timestamps)
    }

    /// Where a use-case was asked for.
    public typealias Origin = OperationOrigin

    /// Hands out the next bytes of a file being taken in, nil at its end.
    public typealias NextBytes = () async throws -> [UInt8]?

    /// Takes in a file for `record`, streaming: hashes, sniffs, seals and stores it frame by frame,
    /// then records the item with its intake custody entry and audit entry. Nothing of a file that
    /// fails part-way is kept. A derived copy names its `parent` and the `transformation` made.
    public func add(
        _ next: NextBytes, stated: StatedFile, to record: RecordID, note: String = "", by writer: Writer,
        from origin: Origin, parent: EvidenceItem? = nil, transformation: String? = nil
    ) async throws -> EvidenceItem {
        let slot = try await store.prepareEvidence(on: record, access: writer.access)
        var intake = EvidenceIntake(cipher: slot.cipher, maximumSize: maximumSize)
        var batch: [(index: Int, sealed: [UInt8])] = []
        // One batch is written while the next is hashed and sealed; never more than one in flight,
        // so memory stays at a few frames whatever the file's size (decision 0029).
        var writing: Task<Void, any Error>?
        do {
            let flush: ([(index: Int, sealed: [UInt8])]) async throws -> Void = { frames in
                try await writing?.value
                writing = Task { try await store.storeEvidenceFrames(frames, of: slot) }
            }
            while let bytes = try await next() {
                try await intake.take(bytes) { index, sealed in
                    batch.append((index, sealed))
                    if batch.count >= SQLRecordStore.framesPerWrite {
                        try await flush(batch)
                        batch.removeAll()
                    }
                }
            }
            let summary = try await intake.finish { index, sealed in batch.append((index, sealed)) }
            try await flush(batch)
            batch.removeAll()
            try await writing?.value
            writing = nil
            let description = EvidenceDescription(stated: stated, intake: summary, transformation: transformation)
            let audit = self.audit
            let item = try await store.commitEvidence(
                slot, description: description, parent: parent, actor: writer.actor, note: note
            ) { entries in
                { db in
                    _ = try await audit.record(
                        entries.map { Self.auditEvent($0, record: record, actor: writer.actor, origin: origin) }, in: db
                    )
                }
            }
            // The item is kept whatever the authority does: one it cannot timestamp now stays
            // untimestamped until `evidence timestamp` (decision 0029).
            if timestamps != nil { _ = try? await timestamp(item, actor: writer.actor, from: origin) }
            return item
        } catch {
            _ = try? await writing?.value
            try? await store.discardEvidenceFrames(of: slot)
            throw error
        }
    }

    /// A new item derived from `parent` (a redacted image, a transcript), on the parent's record;
    /// the parent is kept as it is and both chains of custody record the derivation.
    public func derive(
        from parentID: String, _ next: NextBytes, stated: StatedFile, transformation: String, note: String = "",
        by writer: Writer, from origin: Origin
    ) async throws -> EvidenceItem {
        let parent = try await store.evidenceItem(parentID, access: writer.access)
        return try await add(
            next, stated: stated, to: parent.recordID, note: note, by: writer, from: origin, parent: parent,
            transformation: transformation)
    }

    /// The items of a record `access` may see.
    public func list(on record: RecordID, access: RecordAccess) async throws -> [EvidenceItem] {
        try await store.evidenceItems(on: record, access: access)
    }

    /// An item and its chain of custody.
    public func show(_ id: String, access: RecordAccess) async throws -> EvidenceItemWithCustody {
        let item = try await store.evidenceItem(id, access: access)
        return EvidenceItemWithCustody(item: item, custody: try await store.custody(of: id, access: access))
    }

    /// Opens an item's content for `actor`: records the download (custody and audit, together)
    /// and returns a reader that checks every frame as it hands it on. A source's files its
    /// consent no longer covers are withheld. The custody entry's note is `note`, or the way in.
    public func open(
        _ id: String, access: RecordAccess, actor: String, event: CustodyEntry.Event = .download, note: String? = nil,
        from origin: Origin
    ) async throws -> (item: EvidenceItem, reader: EvidenceReader) {
        let item = try await store.evidenceItem(id, access: access)
        if try await store.evidenceWithheld(item) { throw EvidenceError.withheld }
        try await recordAccess(to: item, event: event, actor: actor, note: note ?? "via \(origin.via)", from: origin)
        return (item, try await store.evidenceReader(item))
    }

    /// Checks stored items (all of them when `id` is nil): every frame opens in its place, the
    /// size and hashes are those taken at intake, the custody chain holds and ends where the audit
    /// log says. The operator's check: it sees every item.
    /// With `checkTimestamp` (the command line's `openssl ts -verify`), an item's own timestamp is
    /// checked too: its statement names the item's content and the token is a timestamp of it.
    public func verify(_ id: String? = nil, checkTimestamp: BundleVerifier.CheckTimestamp? = nil) async throws
        -> [EvidenceCheck]
    {
        let ids: [String]
        if let id { ids = [id] } else { ids = try await store.evidenceIDs() }
        var checks: [EvidenceCheck] = []
        for id in ids {
            var problems: [String] = []
            do {
                let item = try await store.evidenceItem(id, access: .operatorAccess)
                do {
                    try await store.evidenceReader(item).verify()
                } catch let error as EvidenceError {
                    problems.append(error.description)
                }
                let custody = try await store.storedCustody(of: id)
                problems += CustodyChain.problems(custody, item: id, pinned: try await audit.pinnedCustody(of: id))
                let opened = try await store.custody(of: id, access: .operatorAccess)
                if let first = opened.first, first.toHash != item.sha256 {
                    problems.append("the intake's custody entry names another content hash")
                }
                if let checkTimestamp, let stamp = try await store.evidenceTimestamp(of: item) {
                    problems += Self.timestampProblems(stamp, of: item, checkTimestamp)
                }
                checks.append(EvidenceCheck(item: id, sha256: item.sha256, problems: problems))
            } catch let error as StoreError where error == .noSuchEvidence(id) {
                throw error
            } catch {
                checks.append(EvidenceCheck(item: id, sha256: "", problems: ["the item does not open: \(error)"]))
            }
        }
        return checks
    }

    /// What is wrong with an item's kept timestamp: a statement of other content, or a token that is
    /// not a timestamp of the statement.
    static func timestampProblems(
        _ stamp: ItemTimestamp, of item: EvidenceItem, _ check: BundleVerifier.CheckTimestamp
    ) -> [String] {
        let statement = stamp.statement
        guard statement.item == item.id, statement.sha256 == item.sha256,
            statement.sha512 == item.description.intake.sha512, statement.size == item.size
        else { return ["its timestamp's statement names other content"] }
        do {
            return try check(stamp.token.reply, statement.digest, stamp.token.certificates).map {
                ["its timestamp token is not a timestamp of its statement (\($0))"]
            } ?? []
        } catch {
            return ["its timestamp token cannot be checked: \(error)"]
        }
    }

    static func auditEvent(_ entry: CustodyEntry, record: RecordID, actor: String, origin: Origin) -> AuditEvent {
        AuditEvent(
            actor: actor, action: .evidenceCustody, target: entry.item, address: origin.address,
            details: [
                "event": entry.event.rawValue, "index": String(entry.index), "hash": entry.hash,
                "record": record.description, "via": origin.via,
            ])
    }
}

/// What verifying one item found; no problems means it is intact.
public struct EvidenceCheck: Sendable, Hashable, Codable {
    public let item: String
    public let sha256: String
    public let problems: [String]

    public var isIntact: Bool { problems.isEmpty }
}
