import WhereaboutsNames

/// Places of birth or origin in any script: the same province or city, the same country, or
/// different.
public struct PlaceComparator: Comparator {
    public let name: String
    public let levelNames = ["same place", "same country", "different"]
    private let places: InternedColumn<PlaceNames.Place?>

    public init(_ table: LinkTable, column: String) {
        name = column
        places = InternedColumn(table.column(column), transform: PlaceNames.place)
    }

    public var blockingRule: BlockingRule {
        let places = self.places
        return BlockingRule(name: name) { record in (places[record] ?? nil).map { [StableHash.of($0.key)] } ?? [] }
    }

    public func level(_ a: Int, _ b: Int) -> Int {
        guard let x = places[a] ?? nil, let y = places[b] ?? nil else { return -1 }
        if x.key == y.key { return 0 }
        if let country = x.country, country == y.country { return 1 }
        return 2
    }
}
