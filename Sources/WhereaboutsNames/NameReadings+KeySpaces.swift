extension NameReadings {
    /// A family of keys of one name: `start` followed by one option for each position, run together
    /// (`yokota|` then `sachiko`; `s:` then 김, 대, 혁). The keys a name is given
    /// (``NameReadings/wholeNameKeys``, ``NameReadings/givenNameKeys``) are the first of these, up to
    /// a limit; a kanji name has more readings than that.
    public struct KeySpace: Sendable, Hashable {
        public let start: String
        public let choices: [[String]]

        /// How many keys the space holds (saturating at `Int.max`).
        public var count: Int {
            choices.reduce(1) { total, options in
                let (product, overflow) = total.multipliedReportingOverflow(by: options.count)
                return overflow ? Int.max : product
            }
        }
    }

    /// The spaces ``wholeNameKeys`` takes its keys from: each split's family readings then given
    /// readings (at most 64 keyed per split), each syllable form of two or more syllables (at most
    /// ``limit`` keyed).
    public var wholeNameKeySpaces: [KeySpace] {
        splits.map { KeySpace(start: "", choices: [$0.family.map { $0 + "|" }, $0.given]) }
            + syllableForms.filter { $0.count >= 2 }.map { KeySpace(start: "s:", choices: $0) }
    }

    /// The spaces ``givenNameKeys`` takes its keys from (at most 64 keyed per space).
    public var givenNameKeySpaces: [KeySpace] {
        splits.map { KeySpace(start: "g:", choices: [$0.given.filter { !$0.isEmpty }]) }
            + syllableForms.filter { $0.count >= 2 }.map { KeySpace(start: "t:", choices: Array($0.dropFirst())) }
    }
}
