import Foundation

/// Writes a BagIt 1.0 bag (RFC 8493) into a ZIP under one top-level folder: payload files streamed
/// and hashed (SHA-256 and SHA-512) as they are written, tag files, then the payload manifests and,
/// last, the tag manifests over every other tag file.
public final class BagItWriter {
    private let zip: ZipWriter
    /// The bag's folder inside the ZIP.
    public let root: String
    /// SHA-256 and SHA-512 of every file written so far, by path in the bag.
    public private(set) var digests: [String: FileDigests] = [:]

    /// A file's digests (hex) and size.
    public struct FileDigests: Sendable, Hashable {
        public let sha256: String
        public let sha512: String
        public let size: Int

        public init(sha256: String, sha512: String, size: Int) {
            self.sha256 = sha256
            self.sha512 = sha512
            self.size = size
        }

        /// The digests of `hashes` so far.
        public init(_ hashes: ContentDigests) {
            (sha256, sha512, size) = hashes.finish()
        }

        /// The digests of bytes in memory.
        public init(of bytes: [UInt8]) {
            var hashes = ContentDigests()
            hashes.update(bytes)
            self.init(hashes)
        }

        public subscript(algorithm: String) -> String { algorithm == "sha256" ? sha256 : sha512 }
    }

    /// A bag in the folder `root` of `zip`, with its payload folder (present even when empty, as BagIt wants).
    public init(zip: ZipWriter, root: String) throws {
        self.zip = zip
        self.root = root
        try zip.addFolder(root + "/data")
    }

    /// Writes a payload file at `path` (under `data/`) from the pieces `content` hands to its sink,
    /// hashing them — or, when the caller gives the `digests` its content source checks itself (an
    /// `EvidenceReader` fails at the end when the bytes differ from them), taking those, so the same
    /// bytes are not hashed twice; the size is counted either way and must match.
    @discardableResult
    public func addPayload(
        _ path: String, digests known: FileDigests? = nil,
        content: (_ sink: ([UInt8]) throws -> Void) async throws -> Void
    ) async throws -> FileDigests {
        precondition(path.hasPrefix("data/"), "payload lives under data/")
        try zip.begin(root + "/" + path)
        var hashes = ContentDigests()
        var size = 0
        try await content { bytes in
            if known == nil { hashes.update(bytes) }
            size += bytes.count
            try zip.write(bytes)
        }
        try zip.end()
        let digests = known ?? FileDigests(hashes)
        guard digests.size == size else {
            throw ZipWriter.Failure(description: "\(path) is \(size) bytes, not \(digests.size)")
        }
        return remember(path, digests)
    }

    /// Writes a tag file whole.
    @discardableResult
    public func addTag(_ path: String, _ bytes: [UInt8]) throws -> FileDigests {
        try zip.add(root + "/" + path, bytes)
        return remember(path, FileDigests(of: bytes))
    }

    /// `bagit.txt`, `bag-info.txt` (with `Payload-Oxum` counted from the payload) and the payload
    /// manifests, one per algorithm.
    public func addDeclarationAndManifests(info: [(String, String)]) throws {
        try addTag(BundleLayout.bagDeclaration, Array("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n".utf8))
        let payload = digests.filter { $0.key.hasPrefix("data/") }
        let oxum = "\(payload.values.map(\.size).reduce(0, +)).\(payload.count)"
        let lines = info + [("Payload-Oxum", oxum)]
        try addTag(BundleLayout.bagInfo, Array(lines.map { "\($0.0): \($0.1)\n" }.joined().utf8))
        for algorithm in BundleLayout.algorithms {
            try addTag(BundleLayout.payloadManifest(algorithm), Self.manifest(payload, algorithm))
        }
    }

    /// The tag manifests over every tag file written; nothing may be added after them.
    public func addTagManifests() throws {
        let tags = digests.filter { !$0.key.hasPrefix("data/") }
        for algorithm in BundleLayout.algorithms {
            try zip.add(root + "/" + BundleLayout.tagManifest(algorithm), Self.manifest(tags, algorithm))
        }
    }

    /// `<hex>  <path>` lines sorted by path, as BagIt manifests and `sha512sum -c` read them.
    public static func manifest(_ files: [String: FileDigests], _ algorithm: String) -> [UInt8] {
        Array(files.sorted { $0.key < $1.key }.map { "\($0.value[algorithm])  \($0.key)\n" }.joined().utf8)
    }

    private func remember(_ path: String, _ file: FileDigests) -> FileDigests {
        digests[path] = file
        return file
    }
}
