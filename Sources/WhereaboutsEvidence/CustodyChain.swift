/// Checks of an item's chain of custody.
public enum CustodyChain {
    /// What is wrong with `entries` (in index order) as the chain of `item`, given the chain's end the
    /// audit log pins (`pinned`: the index and hash of the last custody entry it recorded); empty
    /// when the chain holds.
    public static func problems(
        _ entries: [CustodyEntry], item: String, pinned: (index: Int, hash: String)?
    ) -> [String] {
        var problems: [String] = []
        var previous = CustodyEntry.genesis(item)
        for (position, entry) in entries.enumerated() {
            if entry.item != item { problems.append("custody entry \(position) belongs to another item") }
            if entry.index != position { problems.append("custody entry \(position) is numbered \(entry.index)") }
            if entry.previous != previous {
                problems.append("custody entry \(position) does not follow the one before")
            }
            if entry.hash != entry.expectedHash { problems.append("custody entry \(position) was altered") }
            previous = entry.hash
        }
        if let first = entries.first?.event, first != .intake, first != .derivedFrom {
            problems.append("the custody chain does not begin with the intake")
        } else if entries.isEmpty {
            problems.append("the custody chain is empty")
        }
        if let pinned {
            let last = entries.last
            let matches = last?.index == pinned.index && last?.hash == pinned.hash
            if matches {
                // The chain ends where the audit log says it does.
            } else if entries.count <= pinned.index {
                problems.append(
                    "the custody chain is cut short: the audit log records entry \(pinned.index), the chain ends at \(entries.count - 1)"
                )
            } else {
                problems.append("the custody chain's end differs from the one the audit log records")
            }
        } else {
            problems.append("the audit log records no custody entry for this item")
        }
        return problems
    }
}
