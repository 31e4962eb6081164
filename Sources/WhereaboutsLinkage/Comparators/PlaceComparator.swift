import WhereaboutsNames

/// Places of birth or origin in any script: the same province or city, the same country, or
/// different.
public struct PlaceComparator: Comparator {
    public let name: String
    public let levelNames = ["same place", "same country", "different"]
    private let places: [PlaceNames.Place?]
    /// How many different places the column holds.
    public let variety: Int

    public init(_ table: LinkTable, column: String) {
        name = column
        var cache: [String: PlaceNames.Place?] = [:]
        places = table.column(column).map { value in
            guard let value else { return nil }
            if let known = cache[value] { return known }
            let place = PlaceNames.place(value)
            cache[value] = place
            return place
        }
        variety = Set(places.compactMap { $0?.key }).count
    }

    public var blockingRule: BlockingRule {
        let places = self.places
        return BlockingRule(name: name) { record in places[record].map { [$0.key] } ?? [] }
    }

    public func level(_ a: Int, _ b: Int) -> Int {
        guard let x = places[a], let y = places[b] else { return -1 }
        if x.key == y.key { return 0 }
        if let country = x.country, country == y.country { return 1 }
        return 2
    }
}
