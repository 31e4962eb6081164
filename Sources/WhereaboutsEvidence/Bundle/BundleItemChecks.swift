import Foundation

/// The checks of each item in a bundle: its content is the one `items.json` describes, its chain
/// of custody holds, begins with the intake of that content, and ends where the audit log pinned it,
/// and its own trusted timestamp, when `items.json` says it has one, is a timestamp of a statement
/// of that content (decision 0029).
struct ItemChecks {
    let contents: BagContents
    let checkTimestamp: BundleVerifier.CheckTimestamp
    /// Certificates (PEM) the recipient trusts for the authority, used instead of those in the bundle.
    let authorityCertificates: Data?

    func problems(_ report: inout BundleVerifier.Report) -> [BundleProblem] {
        guard let bytes = contents.tags[BundleLayout.items],
            let items = try? JSONDecoder().decode([BundledItem].self, from: Data(bytes))
        else { return [BundleProblem(BundleLayout.items, "missing or not a list of items")] }
        report.items = items.count
        var problems: [BundleProblem] = []
        for item in items {
            problems += contentProblems(item) + custodyProblems(item) + timestampProblems(item, &report)
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

    private func timestampProblems(_ item: BundledItem, _ report: inout BundleVerifier.Report) -> [BundleProblem] {
        guard item.timestamp != nil else { return [] }
        let statementFile = BundleLayout.itemTimestamp(item.id, "txt")
        let replyFile = BundleLayout.itemTimestamp(item.id, "tsr")
        guard let text = contents.text(statementFile), let statement = TimestampStatement(parsing: text) else {
            return [BundleProblem(statementFile, "missing or not a statement of item \(item.id)")]
        }
        guard statement.item == item.id, statement.sha256 == item.sha256, statement.sha512 == item.sha512,
            statement.size == item.size
        else { return [BundleProblem(statementFile, "does not state the content of item \(item.id) (\(item.path))")] }
        guard let reply = contents.tags[replyFile] else { return [BundleProblem(replyFile, "missing")] }
        let certificatesFile = BundleLayout.itemTimestamp(item.id, "pem")
        guard let certificates = authorityCertificates ?? contents.tags[certificatesFile].map({ Data($0) }) else {
            return [BundleProblem(certificatesFile, "missing")]
        }
        do {
            if let problem = try checkTimestamp(Data(reply), statement.digest, certificates) {
                return [BundleProblem(replyFile, "is not a timestamp of item \(item.id)'s statement (\(problem))")]
            }
        } catch {
            return [BundleProblem(replyFile, "cannot be checked: \(error)")]
        }
        report.itemTimestamps += 1
        return []
    }
}
