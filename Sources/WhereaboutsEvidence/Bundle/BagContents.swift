import Foundation

/// A bag read from a ZIP for verification: every file's digests (computed over its whole content,
/// streamed), the tag files' bytes, and the BagIt checks of manifests and tag manifests.
struct BagContents {
    /// The ZIP's one top-level folder (empty when the ZIP has none).
    var root = ""
    var digests: [String: BagItWriter.FileDigests] = [:]
    /// Every file outside `data/`, whole.
    var tags: [String: [UInt8]] = [:]
    var bagInfo: [String: String] = [:]

    mutating func read(_ zip: ZipReader, into report: inout BundleVerifier.Report) {
        let roots = Set(zip.entries.map { $0.name.split(separator: "/").first.map(String.init) ?? "" })
        guard roots.count == 1, let root = roots.first,
            zip.entries.allSatisfy({ $0.name.hasPrefix(root + "/") && $0.name.count > root.count + 1 })
        else {
            report.problems.append(BundleProblem("(the ZIP)", "the files are not all in one bag folder"))
            return
        }
        self.root = root
        var keptBytes = 0
        for entry in zip.entries where !entry.name.hasSuffix("/") {
            let path = String(entry.name.dropFirst(root.count + 1))
            var hashes = ContentDigests()
            var kept: [UInt8] = []
            let keep = !path.hasPrefix("data/")
            do {
                // Tag files are read whole: 64 MiB each and 256 MiB together at most.
                guard !keep || (entry.size <= 64 << 20 && keptBytes + Int(entry.size) <= 256 << 20) else {
                    throw ZipWriter.Failure(description: "too large for a tag file")
                }
                try zip.read(entry, hashing: &hashes) { bytes in
                    if keep { kept += bytes }
                }
            } catch {
                report.problems.append(BundleProblem(path, "cannot be read: \(error)"))
                continue
            }
            digests[path] = BagItWriter.FileDigests(hashes)
            if keep {
                tags[path] = kept
                keptBytes += kept.count
            }
        }
        for line in (text(BundleLayout.bagInfo) ?? "").split(whereSeparator: \.isNewline) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            bagInfo[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
    }

    func text(_ path: String) -> String? { tags[path].map { String(decoding: $0, as: UTF8.self) } }

    func declarationProblems() -> [BundleProblem] {
        var problems: [BundleProblem] = []
        if text(BundleLayout.bagDeclaration) != "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n" {
            problems.append(BundleProblem(BundleLayout.bagDeclaration, "missing or not a BagIt 1.0 declaration"))
        }
        let payload = digests.filter { $0.key.hasPrefix("data/") }
        let oxum = "\(payload.values.map(\.size).reduce(0, +)).\(payload.count)"
        if bagInfo["Payload-Oxum"] != oxum {
            problems.append(
                BundleProblem(BundleLayout.bagInfo, "Payload-Oxum is not \(oxum), the payload's bytes.files"))
        }
        return problems
    }

    /// The entries of a `<hex>  <path>` manifest; problems for lines that are not.
    func entries(_ manifest: String) -> (entries: [String: String], problems: [BundleProblem]) {
        var entries: [String: String] = [:]
        var problems: [BundleProblem] = []
        for (number, line) in (text(manifest) ?? "").split(separator: "\n").enumerated() {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else {
                problems.append(BundleProblem(manifest, "line \(number + 1) is not '<hash> <path>'"))
                continue
            }
            let path = parts[1].drop(while: { $0 == " " || $0 == "*" })
            entries[String(path)] = String(parts[0]).lowercased()
        }
        return (entries, problems)
    }

    /// The files a manifest lists against their content; for a payload manifest, every payload
    /// file must be listed, for a tag manifest every tag file but the tag manifests.
    func manifestProblems(_ manifest: String, _ algorithm: String, payload: Bool) -> [BundleProblem] {
        guard tags[manifest] != nil else { return [BundleProblem(manifest, "missing")] }
        let (listed, malformed) = entries(manifest)
        var problems = malformed
        let name = algorithm == "sha256" ? "SHA-256" : "SHA-512"
        for (path, expected) in listed.sorted(by: { $0.key < $1.key }) {
            if path.hasPrefix("data/") != payload {
                problems.append(BundleProblem(manifest, "lists \(path), which belongs in the other manifest"))
            } else if let found = digests[path] {
                if found[algorithm] != expected {
                    problems.append(BundleProblem(path, "its \(name) differs from \(manifest)"))
                }
            } else {
                problems.append(BundleProblem(path, "listed in \(manifest) but missing"))
            }
        }
        let tagManifests = Set(BundleLayout.algorithms.map(BundleLayout.tagManifest))
        for path in digests.keys.sorted()
        where path.hasPrefix("data/") == payload && !tagManifests.contains(path) && listed[path] == nil {
            problems.append(BundleProblem(path, "not listed in \(manifest)"))
        }
        return problems
    }

    /// The signed bundle manifest must list every file made before it, with its SHA-512.
    func bundleManifestProblems() -> [BundleProblem] {
        guard tags[BundleLayout.bundleManifest] != nil else {
            return [BundleProblem(BundleLayout.bundleManifest, "missing")]
        }
        let (listed, malformed) = entries(BundleLayout.bundleManifest)
        var problems = malformed
        for (path, expected) in listed.sorted(by: { $0.key < $1.key }) {
            if let found = digests[path] {
                if found.sha512 != expected {
                    problems.append(
                        BundleProblem(path, "its SHA-512 differs from the signed \(BundleLayout.bundleManifest)"))
                }
            } else {
                problems.append(BundleProblem(path, "listed in the signed \(BundleLayout.bundleManifest) but missing"))
            }
        }
        for path in digests.keys.sorted() where !BundleLayout.madeAfterManifest.contains(path) && listed[path] == nil {
            problems.append(BundleProblem(path, "not in the signed \(BundleLayout.bundleManifest)"))
        }
        return problems
    }
}
