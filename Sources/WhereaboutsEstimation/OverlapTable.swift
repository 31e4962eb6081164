import Crypto
import Foundation

/// How many persons each combination of lists holds: the input of every multiple systems estimate.
/// A capture pattern is a bit set over the lists (bit `i` set when the person is on list `i`); the
/// pattern with no bit set, the persons no list holds, is what the estimate is about and never part
/// of the table.
public struct OverlapTable: Sendable, Equatable {
    /// The lists' names, in column order.
    public let lists: [String]
    /// Persons per capture pattern, indexed by the pattern (entry 0, the unobserved cell, is always 0).
    public let counts: [Int]

    /// The table of `counts` by pattern; patterns not given hold nobody.
    public init(lists: [String], counts: [Int: Int]) throws(EstimationError) {
        guard !lists.isEmpty else { throw .invalidTable("a table needs at least one list") }
        guard lists.count <= Self.maximumLists else {
            throw .invalidTable("at most \(Self.maximumLists) lists can be estimated from")
        }
        guard Set(lists).count == lists.count else { throw .invalidTable("two lists have the same name") }
        var cells = [Int](repeating: 0, count: 1 << lists.count)
        for (pattern, count) in counts {
            guard pattern > 0, pattern < cells.count else {
                throw .invalidTable("a capture pattern must name at least one of the lists")
            }
            guard count >= 0 else { throw .invalidTable("a count cannot be negative") }
            cells[pattern] += count
        }
        self.lists = lists
        self.counts = cells
    }

    /// The table of persons given by the lists each is on (lists named in `lists`, in that order;
    /// persons on none of them are not counted).
    public init(lists: [String], persons: some Sequence<Set<String>>) throws(EstimationError) {
        let index = Dictionary(lists.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var counts: [Int: Int] = [:]
        for on in persons {
            let pattern = on.reduce(0) { pattern, list in index[list].map { pattern | 1 << $0 } ?? pattern }
            if pattern > 0 { counts[pattern, default: 0] += 1 }
        }
        try self.init(lists: lists, counts: counts)
    }

    /// The most lists a table may have (2^12 − 1 capture patterns).
    public static let maximumLists = 12

    /// The number of capture patterns a person can be observed with (2^lists − 1).
    public var patternCount: Int { counts.count - 1 }

    /// Persons on at least one list.
    public var observed: Int { counts.reduce(0, +) }

    /// Persons on list `index`.
    public func listSize(_ index: Int) -> Int {
        counts.indices.reduce(0) { $1 & (1 << index) != 0 ? $0 + counts[$1] : $0 }
    }

    /// Persons on list `index` and on no other.
    public func onlyOn(_ index: Int) -> Int { counts[1 << index] }

    /// Observed capture patterns that hold nobody.
    public var emptyPatterns: Int { counts.dropFirst().filter { $0 == 0 }.count }

    /// A hash of the lists and counts that does not depend on how the table was read (SHA-256 of a
    /// canonical text, hexadecimal): estimates are recorded and cached by it.
    public var hash: String {
        var text =
            "whereabouts-overlap-table-v1\n"
            + lists.map { $0.replacingOccurrences(of: "\n", with: " ") }
            .joined(separator: "\t") + "\n"
        for pattern in counts.indices.dropFirst() where counts[pattern] > 0 {
            text += "\(pattern)\t\(counts[pattern])\n"
        }
        return SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// Why an estimate could not be made at all (as opposed to ``Estimate/Status/notEstimable``, which
/// is an answer).
public enum EstimationError: Error, Equatable, CustomStringConvertible {
    /// The table could not be read or makes no sense.
    case invalidTable(String)
    /// The settings asked for cannot be honoured (too many models, bad sampler settings).
    case invalidSettings(String)

    public var description: String {
        switch self {
        case .invalidTable(let reason): "invalid overlap table: \(reason)"
        case .invalidSettings(let reason): "invalid settings: \(reason)"
        }
    }
}
