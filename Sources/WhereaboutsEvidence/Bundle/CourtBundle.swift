import Crypto
import Foundation
import WhereaboutsSecurity

/// A court bundle being written (decision 0025): a BagIt bag in a ZIP whose payload is the chosen
/// items' content, with their descriptions, custody chains and records as tag files, a bundle
/// manifest (SHA-512 of every file, `sha512sum -c` format) signed with the installation's Ed25519
/// key and, when an authority is given, timestamped (RFC 3161), and tag manifests over all of it.
public struct CourtBundle {
    /// One item to bundle: its description, its custody chain opened, and its content, which
    /// `content` hands to the sink piece by piece (decrypted and checked as it is read) and which must
    /// fail, at the latest at its end, when the bytes differ from the item's size and hashes.
    public struct Item {
        public let item: BundledItem
        public let custody: [BundledCustodyLine]
        /// The item's own trusted timestamp, when it has one.
        public let timestamp: ItemTimestamp?
        public let content: (_ sink: ([UInt8]) throws -> Void) async throws -> Void

        public init(
            item: BundledItem, custody: [BundledCustodyLine], timestamp: ItemTimestamp? = nil,
            content: @escaping (_ sink: ([UInt8]) throws -> Void) async throws -> Void
        ) {
            self.item = item
            self.custody = custody
            self.timestamp = timestamp
            self.content = content
        }
    }

    /// The bag's name and its folder in the ZIP: `whereabouts-bundle-` and 12 random hex digits.
    public let id: String
    public let created: Date
    /// Who exported it (a user name or `operator`).
    public let exporter: String
    public let items: [Item]
    /// Each record's metadata as JSON, by record id.
    public let records: [(id: String, json: [UInt8])]
    public let signer: AuditNodeKey
    /// The timestamp authority's URL, when the manifest is to be timestamped.
    public let timestampAuthority: String?

    public init(
        id: String, created: Date, exporter: String, items: [Item], records: [(id: String, json: [UInt8])],
        signer: AuditNodeKey, timestampAuthority: String?
    ) {
        self.id = id
        self.created = created
        self.exporter = exporter
        self.items = items
        self.records = records
        self.signer = signer
        self.timestampAuthority = timestampAuthority
    }

    /// A new bundle id.
    public static func newID() -> String { "whereabouts-bundle-" + SecretToken.randomBytes(6).hex }

    /// Writes the bundle to `url` (which must not exist; made readable by its owner only), asking
    /// `stamp` for a timestamp of the bundle manifest's SHA-256 when an authority is named. Nothing is
    /// left at `url` when anything fails.
    public func write(to url: URL, stamp: ((_ sha256: String) async throws -> TimestampToken)?) async throws {
        guard !FileManager.default.fileExists(atPath: url.path),
            FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600]),
            let handle = try? FileHandle(forWritingTo: url)
        else { throw ZipWriter.Failure(description: "cannot create \(url.path) (it must not exist yet)") }
        do {
            try await write(ZipWriter(handle: handle, date: created), stamp: stamp)
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(at: url)
            throw error
        }
    }

    private func write(_ zip: ZipWriter, stamp: ((_ sha256: String) async throws -> TimestampToken)?) async throws {
        let bag = try BagItWriter(zip: zip, root: id)
        for bundled in items {
            // The content's reader checks both hashes and the size at the end and throws when they
            // differ (the bundle is then removed), so the intake's digests are the manifests' own.
            let item = bundled.item
            try await bag.addPayload(
                item.path, digests: .init(sha256: item.sha256, sha512: item.sha512, size: item.size),
                content: bundled.content)
        }
        let pretty = JSONEncoder()
        pretty.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let compact = JSONEncoder()
        compact.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for record in records { try bag.addTag(BundleLayout.record(record.id), record.json) }
        try bag.addTag(BundleLayout.items, Array(try pretty.encode(items.map(\.item))) + [0x0A])
        for bundled in items {
            let lines = try bundled.custody.map { Array(try compact.encode($0)) + [0x0A] }
            try bag.addTag(BundleLayout.custody(bundled.item.id), lines.flatMap { $0 })
        }
        for bundled in items {
            guard let stamp = bundled.timestamp else { continue }
            let id = bundled.item.id
            try bag.addTag(BundleLayout.itemTimestamp(id, "txt"), Array(stamp.statement.text.utf8))
            try bag.addTag(BundleLayout.itemTimestamp(id, "tsq"), Array(stamp.token.query))
            try bag.addTag(BundleLayout.itemTimestamp(id, "tsr"), Array(stamp.token.reply))
            try bag.addTag(BundleLayout.itemTimestamp(id, "pem"), Array(stamp.token.certificates))
        }
        try bag.addTag(BundleLayout.signingKey, Array(BundleSigningKey.pem(signer.publicKey).utf8))
        try bag.addTag(
            BundleLayout.readme,
            Array(
                BundleReadme.text(
                    bundle: id, signer: signer.id, timestamped: timestampAuthority != nil,
                    itemTimestamps: items.contains { $0.timestamp != nil }
                ).utf8))
        let date = ISO8601DateFormatter.string(
            from: created, timeZone: TimeZone(identifier: "UTC") ?? .current, formatOptions: [.withFullDate])
        try bag.addDeclarationAndManifests(info: [
            ("Bag-Software-Agent", "Whereabouts"), ("Bagging-Date", date), ("External-Identifier", id),
            (
                "External-Description",
                "Evidence bundle: \(items.count) item(s) of \(records.count) record(s), exported by \(exporter)"
            ),
            (BundleVerifier.signerField, signer.id),
            (BundleVerifier.timestampField, timestampAuthority ?? "none"),
        ])
        let manifest = BagItWriter.manifest(bag.digests, "sha512")
        try bag.addTag(BundleLayout.bundleManifest, manifest)
        try bag.addTag(BundleLayout.signature, Array(try signer.signature(for: Data(manifest))))
        if let timestampAuthority {
            guard let stamp else { throw ZipWriter.Failure(description: "no way to reach \(timestampAuthority)") }
            let token = try await stamp(SHA256.hash(data: manifest).hex)
            try bag.addTag(BundleLayout.timestampQuery, Array(token.query))
            try bag.addTag(BundleLayout.timestampReply, Array(token.reply))
            try bag.addTag(BundleLayout.timestampCertificates, Array(token.certificates))
        }
        try bag.addTagManifests()
        try zip.finish()
    }
}
