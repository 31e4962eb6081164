import WhereaboutsNames

/// Places of birth or origin in any script: the same province or city, the same country, or
/// different.
///
/// What agreement on a place is worth depends on the country: a prefecture of Japan is not a
/// province of Korea, and one list may note a place where another notes where a person lived. So
/// each country that holds enough of the table's places has its own "same place" and "same country"
/// levels, and the model learns each one's weight from the data; other countries share the plain
/// levels. A table with places in one country only has the three plain levels.
public struct PlaceComparator: Comparator {
    public let name: String
    public let levelNames: [String]
    private let places: InternedColumn<PlaceNames.Place?>
    /// Per distinct place, the position of its country among those with their own levels.
    private let countryLevels: [Int?]
    private let countries: Int

    /// A country has its own levels when at least this share of the table's places lie in it…
    static let countryShare = 0.02
    /// …and at least this many.
    static let countryRecords = 100

    public init(_ table: LinkTable, column: String) {
        name = column
        let places = InternedColumn(table.column(column), transform: PlaceNames.place)
        self.places = places
        var counts: [String: Int] = [:]
        var placed = 0
        for code in places.codes where code >= 0 {
            placed += 1
            if let country = places.values[Int(code)]?.country { counts[country, default: 0] += 1 }
        }
        // Own levels only when places lie in more than one country: otherwise they say nothing new.
        var own = counts.filter {
            Double($0.value) >= Self.countryShare * Double(placed) && $0.value >= Self.countryRecords
        }
        .keys.sorted()
        if own.count < 2 { own = [] }
        let position = Dictionary(uniqueKeysWithValues: own.enumerated().map { ($1, $0) })
        countryLevels = places.values.map { place in place?.country.flatMap { position[$0] } }
        countries = own.count
        levelNames =
            own.map { "same place in \($0)" } + ["same place"] + own.map { "same country, \($0)" } + [
                "same country", "different",
            ]
    }

    public var blockingRule: BlockingRule {
        let places = self.places
        return BlockingRule(name: name) { record in (places[record] ?? nil).map { [StableHash.of($0.key)] } ?? [] }
    }

    public func level(_ a: Int, _ b: Int) -> Int {
        let (x, y) = (places.codes[a], places.codes[b])
        guard x >= 0, y >= 0, let first = places.values[Int(x)], let second = places.values[Int(y)] else { return -1 }
        let country = countryLevels[Int(x)]
        if first.key == second.key { return country ?? countries }
        guard let shared = first.country, shared == second.country else { return 2 * countries + 2 }
        return country.map { countries + 1 + $0 } ?? 2 * countries + 1
    }
}
