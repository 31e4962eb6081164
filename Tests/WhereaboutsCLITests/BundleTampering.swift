import Foundation
import WhereaboutsEvidence

/// Rewrites a court bundle as someone who altered it would: files changed, and, for a careful
/// forger, the BagIt manifests and tag manifests recomputed so that only the signed parts can tell.
enum BundleTampering {
    /// Every file of the bundle at `url`, by path in the bag, and the bag's folder.
    static func files(_ url: URL) throws -> (root: String, files: [String: [UInt8]]) {
        let zip = try ZipReader(url: url)
        let root = String(zip.entries[0].name.split(separator: "/")[0])
        var files: [String: [UInt8]] = [:]
        for entry in zip.entries where !entry.name.hasSuffix("/") {
            files[String(entry.name.dropFirst(root.count + 1))] = try zip.data(entry)
        }
        return (root, files)
    }

    /// A copy of the bundle at `url` with `change` applied to its files, written to `target`;
    /// `recomputeBag` rewrites both payload manifests and both tag manifests to match.
    static func rewrite(
        _ url: URL, to target: URL, recomputeBag: Bool, _ change: (inout [String: [UInt8]]) throws -> Void
    ) throws {
        var (root, files) = try files(url)
        try change(&files)
        if recomputeBag {
            let digests = files.mapValues { BagItWriter.FileDigests(of: $0) }
            for algorithm in BundleLayout.algorithms {
                files[BundleLayout.payloadManifest(algorithm)] = BagItWriter.manifest(
                    digests.filter { $0.key.hasPrefix("data/") }, algorithm)
            }
            let tagManifests = Set(BundleLayout.algorithms.map(BundleLayout.tagManifest))
            var tags = digests.filter { !$0.key.hasPrefix("data/") && !tagManifests.contains($0.key) }
            for algorithm in BundleLayout.algorithms {
                for manifest in BundleLayout.algorithms.map(BundleLayout.payloadManifest) {
                    tags[manifest] = BagItWriter.FileDigests(of: files[manifest] ?? [])
                }
                files[BundleLayout.tagManifest(algorithm)] = BagItWriter.manifest(tags, algorithm)
            }
        }
        FileManager.default.createFile(atPath: target.path, contents: nil)
        let handle = try FileHandle(forWritingTo: target)
        let zip = ZipWriter(handle: handle, date: Date())
        try zip.addFolder(root + "/data")
        for (path, bytes) in files.sorted(by: { $0.key < $1.key }) { try zip.add(root + "/" + path, bytes) }
        try zip.finish()
        try handle.close()
    }
}
