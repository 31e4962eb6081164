import Foundation

/// Where each part of a court bundle lives inside its bag (decision 0025), for the writer and the
/// verifier alike. Paths are relative to the bag's folder, the ZIP's one top-level folder.
public enum BundleLayout {
    public static let bagDeclaration = "bagit.txt"
    public static let bagInfo = "bag-info.txt"
    public static let readme = "README.txt"
    public static let items = "whereabouts/items.json"
    public static let signingKey = "whereabouts/signing-key.pem"
    public static let bundleManifest = "whereabouts/bundle-manifest.txt"
    public static let signature = "whereabouts/bundle-manifest.sig"
    public static let timestampQuery = "whereabouts/timestamp/bundle-manifest.tsq"
    public static let timestampReply = "whereabouts/timestamp/bundle-manifest.tsr"
    public static let timestampCertificates = "whereabouts/timestamp/tsa-certificates.pem"
    /// The BagIt manifests' algorithms.
    public static let algorithms = ["sha256", "sha512"]

    public static func payloadManifest(_ algorithm: String) -> String { "manifest-\(algorithm).txt" }
    public static func tagManifest(_ algorithm: String) -> String { "tagmanifest-\(algorithm).txt" }
    public static func record(_ id: String) -> String { "whereabouts/records/\(id).json" }
    public static func custody(_ item: String) -> String { "whereabouts/custody/\(item).jsonl" }

    /// Files made over the bundle manifest (or over everything), which it therefore cannot list.
    public static let madeAfterManifest = Set(
        [bundleManifest, signature, timestampQuery, timestampReply, timestampCertificates] + algorithms.map(tagManifest)
    )

    /// The payload path of an item: its record, its id, and its stated name reduced to safe characters.
    public static func payload(record: String, item: String, name: String) -> String {
        "data/\(safe(record))/\(safe(item))/\(safe(name))"
    }

    /// Letters, digits, `.`, `-` and `_` kept, anything else `_`; no leading dot; at most 100 characters.
    static func safe(_ name: String) -> String {
        var kept = String(
            name.unicodeScalars.map { scalar -> Character in
                scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar))
                    ? Character(scalar) : "_"
            }
        ).prefix(100)
        while kept.hasPrefix(".") { kept = "_" + kept.dropFirst() }
        return kept.isEmpty ? "file" : String(kept)
    }
}

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
        takenInBy: String, custodyEnd: CustodyEnd
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
    }
}

/// One line of `whereabouts/custody/<item>.jsonl`: a custody entry opened (`from`, `to`, `note`),
/// with the fields as stored (`stored`: sealed, as the chain's hashes cover them), so anyone can
/// recompute the chain without the installation's keys.
public struct BundledCustodyLine: Sendable, Hashable, Codable {
    public let item: String
    public let index: Int
    public let event: String
    public let actor: String
    public let at: String
    public let from: String
    public let to: String
    public let note: String
    public let stored: Stored
    public let previous: String
    public let hash: String

    /// The sealed fields as the store keeps them.
    public struct Stored: Sendable, Hashable, Codable {
        public let from: String
        public let to: String
        public let note: String
    }

    /// `entry` as stored, with its opened fields.
    public init(entry: CustodyEntry, from: String, to: String, note: String) {
        item = entry.item
        index = entry.index
        event = entry.event.rawValue
        actor = entry.actor
        at = entry.at
        self.from = from
        self.to = to
        self.note = note
        stored = Stored(from: entry.fromHash, to: entry.toHash, note: entry.note)
        previous = entry.previous
        hash = entry.hash
    }

    /// The chained entry as stored (nil for an event this version does not know).
    public var entry: CustodyEntry? {
        CustodyEntry.Event(rawValue: event).map { event in
            CustodyEntry(
                item: item, index: index, event: event, actor: actor, at: at, fromHash: stored.from,
                toHash: stored.to, note: stored.note, previous: previous, hash: hash)
        }
    }
}

/// An RFC 3161 timestamp as the bundle keeps it: the request, the authority's reply, and the
/// certificates (PEM) `openssl ts -verify -CAfile` checks the reply against.
public struct TimestampToken: Sendable {
    public let query: Data
    public let reply: Data
    public let certificates: Data

    public init(query: Data, reply: Data, certificates: Data) {
        self.query = query
        self.reply = reply
        self.certificates = certificates
    }
}
