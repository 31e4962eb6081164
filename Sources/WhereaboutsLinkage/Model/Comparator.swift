/// One field (or group of fields) compared between two records, giving an agreement level.
///
/// Level 0 is the closest agreement, the last level is disagreement; `-1` means a value is missing on
/// either side, which weighs nothing either way. Comparators are built over a whole `LinkTable` and
/// precompute what they need per record, so that comparing a pair is cheap.
public protocol Comparator: Sendable {
    /// A short name, shown when a match explains itself.
    var name: String { get }
    /// What each level means, closest first ("exact", "one edit", …, "different").
    var levelNames: [String] { get }
    /// The agreement level of records `a` and `b`, or `-1` when either value is missing.
    func level(_ a: Int, _ b: Int) -> Int
    /// For term-frequency adjustment: the relative frequency (0…1) of record `a`'s value when the pair
    /// agrees exactly at `level`, or `nil` when the comparator does not adjust that level.
    func termFrequency(_ a: Int, level: Int) -> Double?
    /// For term-frequency adjustment of a pair: how common what records `a` and `b` agree on at
    /// `level` is (0…1), or `nil` when the comparator does not adjust that level. By default the
    /// frequency of the more common of the two records' values, to stay conservative.
    func termFrequency(_ a: Int, _ b: Int, level: Int) -> Double?
}

extension Comparator {
    public func termFrequency(_ a: Int, level: Int) -> Double? { nil }

    public func termFrequency(_ a: Int, _ b: Int, level: Int) -> Double? {
        guard let frequency = termFrequency(a, level: level) else { return nil }
        return max(frequency, termFrequency(b, level: level) ?? frequency)
    }
}
