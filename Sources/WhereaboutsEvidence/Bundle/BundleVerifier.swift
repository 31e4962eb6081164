import Crypto
import Foundation
import WhereaboutsSecurity

/// Checks a court bundle offline (decision 0025): every file's full SHA-256 and SHA-512 against
/// both BagIt manifests and tag manifests, the bundle manifest against the files and its Ed25519
/// signature, the RFC 3161 timestamp over it (through `checkTimestamp`, which runs
/// `openssl ts -verify`), and each item's content and chain of custody against `items.json`. Every
/// check runs whatever the others found, and each problem names the file it is about.
public struct BundleVerifier {
    /// The `bag-info.txt` field naming the signing key's id.
    public static let signerField = "Whereabouts-Signing-Key"
    /// The `bag-info.txt` field naming the timestamp authority (`none` without one).
    public static let timestampField = "Whereabouts-Timestamp-Authority"

    /// Whether `reply` is a timestamp of `sha256` (hex) under `certificates` (PEM): nil when it is,
    /// else what is wrong.
    public typealias CheckTimestamp = (_ reply: Data, _ sha256: String, _ certificates: Data) throws -> String?

    /// What verification found; intact when there are no problems.
    public struct Report: Sendable {
        public var problems: [BundleProblem] = []
        public var items = 0
        public var files = 0
        /// The signing key's id, when the key in the bundle could be read.
        public var signer: String?
        public var timestamped = false
        /// How many items' own timestamps verified.
        public var itemTimestamps = 0

        public var isIntact: Bool { problems.isEmpty }
    }

    let url: URL
    let checkTimestamp: CheckTimestamp
    /// Certificates (PEM) the recipient trusts for the authority, used instead of those in the bundle.
    let authorityCertificates: Data?

    public init(url: URL, authorityCertificates: Data? = nil, checkTimestamp: @escaping CheckTimestamp) {
        self.url = url
        self.authorityCertificates = authorityCertificates
        self.checkTimestamp = checkTimestamp
    }

    public func verify() -> Report {
        var report = Report()
        let zip: ZipReader
        do { zip = try ZipReader(url: url) } catch {
            report.problems.append(BundleProblem(url.lastPathComponent, "\(error)"))
            return report
        }
        var contents = BagContents()
        contents.read(zip, into: &report)
        report.files = contents.digests.count
        guard !contents.root.isEmpty else { return report }
        report.problems += contents.declarationProblems()
        for algorithm in BundleLayout.algorithms {
            report.problems += contents.manifestProblems(
                BundleLayout.payloadManifest(algorithm), algorithm, payload: true)
            report.problems += contents.manifestProblems(BundleLayout.tagManifest(algorithm), algorithm, payload: false)
        }
        report.problems += contents.bundleManifestProblems()
        report.problems += signatureProblems(contents, &report)
        report.problems += timestampProblems(contents, &report)
        report.problems += ItemChecks(
            contents: contents, checkTimestamp: checkTimestamp, authorityCertificates: authorityCertificates
        ).problems(&report)
        return report
    }

    private func signatureProblems(_ contents: BagContents, _ report: inout Report) -> [BundleProblem] {
        guard let keyText = contents.text(BundleLayout.signingKey),
            let key = BundleSigningKey.key(pem: keyText)
        else { return [BundleProblem(BundleLayout.signingKey, "missing or not an Ed25519 public key")] }
        report.signer = key.id
        var problems: [BundleProblem] = []
        if let named = contents.bagInfo[Self.signerField], named != key.id {
            problems.append(
                BundleProblem(BundleLayout.bagInfo, "names signing key \(named), the bundle holds \(key.id)"))
        }
        guard let manifest = contents.tags[BundleLayout.bundleManifest],
            let signature = contents.tags[BundleLayout.signature]
        else { return problems + [BundleProblem(BundleLayout.signature, "missing (with the manifest it signs)")] }
        if !key.isValidSignature(Data(signature), for: Data(manifest)) {
            problems.append(
                BundleProblem(
                    BundleLayout.signature,
                    "does not verify: \(BundleLayout.bundleManifest) was not signed by \(key.id)"))
        }
        return problems
    }

    private func timestampProblems(_ contents: BagContents, _ report: inout Report) -> [BundleProblem] {
        let authority = contents.bagInfo[Self.timestampField] ?? "none"
        let reply = contents.tags[BundleLayout.timestampReply]
        guard authority != "none" || reply != nil else { return [] }
        guard let reply, let manifest = contents.tags[BundleLayout.bundleManifest] else {
            return [
                BundleProblem(BundleLayout.timestampReply, "missing, though \(BundleLayout.bagInfo) names \(authority)")
            ]
        }
        guard
            let certificates = authorityCertificates
                ?? contents.tags[BundleLayout.timestampCertificates].map({ Data($0) })
        else { return [BundleProblem(BundleLayout.timestampCertificates, "missing")] }
        do {
            if let problem = try checkTimestamp(Data(reply), SHA256.hash(data: manifest).hex, certificates) {
                return [
                    BundleProblem(
                        BundleLayout.timestampReply, "is not a timestamp of \(BundleLayout.bundleManifest) (\(problem))"
                    )
                ]
            }
        } catch {
            return [BundleProblem(BundleLayout.timestampReply, "cannot be checked: \(error)")]
        }
        report.timestamped = true
        return []
    }
}

/// One thing wrong with a bundle, and the file (path in the bag, or the ZIP itself) it is about.
public struct BundleProblem: Sendable, Hashable, CustomStringConvertible {
    public let file: String
    public let what: String

    public init(_ file: String, _ what: String) {
        self.file = file
        self.what = what
    }

    public var description: String { "\(file): \(what)" }
}
