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
    /// An item's own trusted timestamp (decision 0029): `txt` the statement, `tsq` the request, `tsr`
    /// the reply, `pem` the authority's certificates.
    public static func itemTimestamp(_ item: String, _ part: String) -> String {
        "whereabouts/timestamp/items/\(item).\(part)"
    }

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
