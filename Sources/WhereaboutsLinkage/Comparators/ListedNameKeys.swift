import Foundation
import WhereaboutsNames

/// Blocking keys for the names of one list: each name's own keys (its first readings, up to a
/// limit) and, for a name with more readings than that — a kanji name has hundreds of family ×
/// given readings — every further reading that a name of the list with few readings is keyed by:
/// the romanised or kana form of the same name. Without them 横田 幸子 and Yokota Sachiko agree in
/// some reading (``NameReadings/agrees(with:)``) and share no key, and a pair of them is proposed
/// only when another field agrees too.
enum ListedNameKeys {
    /// A space of at most this many keys is keyed in full by the name itself.
    static let fullSpace = 64

    /// Per name (`nil`: no name), its keys, sorted: `own` keys, and those of its `spaces` larger
    /// than ``fullSpace`` that the names with only small spaces hold.
    static func keys(
        _ names: [NameReadings?], own: @Sendable (NameReadings) -> [String],
        spaces: @Sendable (NameReadings) -> [NameReadings.KeySpace]
    ) -> [[UInt64]] {
        var known = Set<UInt64>()
        var prefixes = Set<UInt64>()
        for readings in names {
            guard let readings else { continue }
            for space in spaces(readings) where space.count <= fullSpace {
                walk(space) { hash, complete in
                    if complete { known.insert(hash) } else { prefixes.insert(hash) }
                    return true
                }
            }
        }
        let (listed, listedPrefixes) = (known, prefixes)
        // Names are keyed on every core, each worker writing its own slots.
        var result = [[UInt64]](repeating: [], count: names.count)
        let chunk = 256
        result.withUnsafeMutableBufferPointer { buffer in
            let slots = UnsafeMutableSendablePointer(buffer.baseAddress)
            DispatchQueue.concurrentPerform(iterations: (names.count + chunk - 1) / chunk) { index in
                for position in index * chunk..<min((index + 1) * chunk, names.count) {
                    guard let readings = names[position] else { continue }
                    var keys = Set(own(readings).map(StableHash.of))
                    for space in spaces(readings) where space.count > fullSpace {
                        walk(space) { hash, complete in
                            guard complete else { return listedPrefixes.contains(hash) }
                            if listed.contains(hash) { keys.insert(hash) }
                            return false
                        }
                    }
                    slots.pointer?[position] = keys.sorted()
                }
            }
        }
        return result
    }

    /// Visits a space's keys depth first, hashing as it goes (the hash of a key is
    /// `StableHash.of(start + options)`): `visit` is given each prefix and each complete key, and
    /// returns whether to go deeper after a prefix.
    private static func walk(_ space: NameReadings.KeySpace, _ visit: (UInt64, Bool) -> Bool) {
        guard !space.choices.isEmpty, space.choices.allSatisfy({ !$0.isEmpty }) else { return }
        var start = StableHash()
        start.combine(space.start)
        func step(_ position: Int, _ hasher: StableHash) {
            let complete = position == space.choices.count - 1
            for option in space.choices[position] {
                var next = hasher
                next.combine(option)
                if visit(next.value, complete), !complete { step(position + 1, next) }
            }
        }
        step(0, start)
    }
}
