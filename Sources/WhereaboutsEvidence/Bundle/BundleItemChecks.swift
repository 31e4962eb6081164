import Foundation

/// The checks of each item in a bundle: its content is the one `items.json` describes, and its chain
/// of custody holds, begins with the intake of that content, and ends where the audit log pinned it.
struct ItemChecks {
    let contents: BagContents

    func problems(_ report: inout BundleVerifier.Report) -> [BundleProblem] {
        guard let bytes = contents.tags[BundleLayout.items],
            let items = try? JSONDecoder().decode([BundledItem].self, from: Data(bytes))
        else { return [BundleProblem(BundleLayout.items, "missing or not a list of items")] }
        report.items = items.count
        var problems: [BundleProblem] = []
        for item in items {
            problems += contentProblems(item) + custodyProblems(item)
        }
        let described = Set(items.map(\.path))
        for path in contents.digests.keys.sorted() where path.hasPrefix("data/") && !described.contains(path) {
            problems.append(BundleProblem(path, "is no item of \(BundleLayout.items)"))
        }
        return problems
    }

    private func contentProblems(_ item: BundledItem) -> [BundleProblem] {
        guard item.path == BundleLayout.payload(record: item.record, item: item.id, name: item.statedName) else {
            return [BundleProblem(BundleLayout.items, "item \(item.id) points at \(item.path), not its own place")]
        }
        guard let found = contents.digests[item.path] else { return [BundleProblem(item.path, "missing")] }
        var problems: [BundleProblem] = []
        if found.size != item.size {
            problems.append(BundleProblem(item.path, "is \(found.size) bytes, not \(item.size)"))
        }
        if found.sha256 != item.sha256 || found.sha512 != item.sha512 {
            problems.append(BundleProblem(item.path, "its content differs from the hashes taken at intake"))
        }
        return problems
    }

    private func custodyProblems(_ item: BundledItem) -> [BundleProblem] {
        let file = BundleLayout.custody(item.id)
        guard let text = contents.text(file) else { return [BundleProblem(file, "missing")] }
        var lines: [BundledCustodyLine] = []
        var problems: [BundleProblem] = []
        for (number, line) in text.split(separator: "\n").enumerated() {
            guard let decoded = try? JSONDecoder().decode(BundledCustodyLine.self, from: Data(line.utf8)),
                decoded.entry != nil
            else {
                problems.append(BundleProblem(file, "line \(number + 1) is not a custody entry"))
                continue
            }
            lines.append(decoded)
        }
        let pinned = (index: item.custodyEnd.index, hash: item.custodyEnd.hash)
        problems += CustodyChain.problems(lines.compactMap(\.entry), item: item.id, pinned: pinned).map {
            BundleProblem(file, $0)
        }
        if let first = lines.first, first.to != item.sha256 {
            problems.append(BundleProblem(file, "its first entry names another content than \(item.path)"))
        }
        if let last = lines.last, last.event != CustodyEntry.Event.export.rawValue {
            problems.append(BundleProblem(file, "its last entry is not this bundle's export"))
        }
        return problems
    }
}
