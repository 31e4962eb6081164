import Foundation
import Synchronization
import WhereaboutsCore
import WhereaboutsEvidence
import WhereaboutsSecurity
import WhereaboutsStore

extension EvidenceOperations {
    /// What a written bundle holds.
    public struct BundleSummary: Sendable {
        public let id: String
        public let items: Int
        public let records: Int
        public let bytes: Int
    }

    /// Why a bundle cannot be made.
    public struct BundleRefusal: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Writes a court bundle (decision 0025) of every item of `records` to `url` (records without
    /// items give a bundle of their metadata alone, signed all the same): only records
    /// `access` may see (others are "not found", as for an id that does not exist) and only what the
    /// sources' consent allows for `purpose` (a record withheld by it refuses the bundle). Each item's
    /// chain gets an `export` entry (with its audit entry) before the bundle is written, so the
    /// bundle carries it; the bundle as a whole is an `export` in the audit log, and is removed when
    /// that entry cannot be written. Signed with the installation's audit signing key; timestamped
    /// by `stamp` when `timestampAuthority` is given, else by these operations' authority when they
    /// have one (the server's bundles). Each item's own timestamp goes in with it (decision 0029).
    public func bundle(
        records: [RecordID], to url: URL, access: RecordAccess, actor: String, purpose: SharingPurpose = .internal,
        timestampAuthority: String? = nil, stamp: ((_ sha256: String) async throws -> TimestampToken)? = nil,
        from origin: Origin
    ) async throws -> BundleSummary {
        guard let signer = audit.signer else {
            throw BundleRefusal(description: "this installation has no audit signing key to sign the bundle with")
        }
        var chosen: [RecordID] = []
        for record in records where !chosen.contains(record) { chosen.append(record) }
        guard !chosen.isEmpty else { throw BundleRefusal(description: "name at least one record") }
        var items: [EvidenceItem] = []
        for record in chosen { items += try await list(on: record, access: access) }
        let metadata = try await sharedRecords(chosen, access: access, purpose: purpose)
        for item in items where try await store.evidenceWithheld(item) { throw EvidenceError.withheld }

        var authority = timestampAuthority
        var stamp = stamp
        if authority == nil, let timestamps {
            authority = timestamps.authority
            stamp = { digest in try await timestamps.stamp(digest).token }
        }
        let id = CourtBundle.newID()
        var bundled: [CourtBundle.Item] = []
        for item in items {
            let (_, reader) = try await open(
                item.id, access: access, actor: actor, event: .export, note: "bundle \(id) via \(origin.via)",
                from: origin)
            bundled.append(try await bundledItem(item, reader: reader, access: access))
        }
        let bundle = CourtBundle(
            id: id, created: Date(), exporter: actor, items: bundled, records: metadata, signer: signer,
            timestampAuthority: authority)
        let bytes = items.map(\.size).reduce(0, +)
        try await TransferOperations(store: store, audit: audit).export(
            to: url.path, actor: actor, origin: origin, discard: { try? FileManager.default.removeItem(at: url) }
        ) {
            try await bundle.write(to: url, stamp: stamp)
            return [
                "format": "bagit", "bundle": id, "purpose": purpose.rawValue, "items": String(items.count),
                "records": chosen.map(\.description).joined(separator: ","),
                "timestamp": authority ?? "none",
            ]
        }
        return BundleSummary(id: id, items: items.count, records: chosen.count, bytes: bytes)
    }

    /// An item as the bundle describes it, with its chain of custody (ending in this export) and its content.
    private func bundledItem(_ item: EvidenceItem, reader: EvidenceReader, access: RecordAccess) async throws
        -> CourtBundle.Item
    {
        let custody = try await store.custody(of: item.id, access: access)
        guard let pinned = try await audit.pinnedCustody(of: item.id) else {
            throw EvidenceError.damaged("the audit log records no custody entry for \(item.id)")
        }
        let description = item.description
        let timestamp = try await store.evidenceTimestamp(of: item)
        return CourtBundle.Item(
            item: BundledItem(
                id: item.id, record: item.recordID.description, parent: item.parentID,
                transformation: description.transformation, statedName: description.stated.name,
                statedType: description.stated.type, capture: description.stated.capture,
                mediaType: item.mediaType, size: item.size, sha256: item.sha256,
                sha512: description.intake.sha512, takenInAt: item.createdAt, takenInBy: item.createdBy,
                custodyEnd: .init(index: pinned.index, hash: pinned.hash),
                timestamp: timestamp.map { .init(authority: $0.authority, time: $0.time) }),
            custody: custody.map {
                BundledCustodyLine(entry: $0.entry, from: $0.fromHash, to: $0.toHash, note: $0.note)
            },
            timestamp: timestamp,
            content: { sink in try await reader.read { bytes in try sink(bytes) } })
    }

    /// The chosen records as they may leave for `purpose`: read with `access` (so identities only for
    /// a reader who sees them), with whatever rests on a source whose consent does not cover the
    /// purpose taken out, as exports do; a chosen record withheld whole refuses the bundle.
    private func sharedRecords(_ chosen: [RecordID], access: RecordAccess, purpose: SharingPurpose) async throws
        -> [(id: String, json: [UInt8])]
    {
        let filter = Mutex(ConsentFilter(purpose: purpose))
        try await store.stream(RecordKind.consentHolders, access: access) { batch in
            filter.withLock { filter in for record in batch { _ = filter.filter(record.body, id: record.id) } }
        }
        let encoder = JSONEncoder.canonical
        encoder.outputFormatting.insert(.prettyPrinted)
        var shared: [(id: String, json: [UInt8])] = []
        for id in chosen {
            let record = try await store.get(id, access: access)
            guard let body = filter.withLock({ $0.filter(record.body, id: record.id) }) else {
                throw BundleRefusal(description: "the consent of source \(id) does not cover \(purpose.rawValue) use")
            }
            shared.append((id.description, Array(try encoder.encode(record.replacingBody(body))) + [0x0A]))
        }
        return shared
    }
}
