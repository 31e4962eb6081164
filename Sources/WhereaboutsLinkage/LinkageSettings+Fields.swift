extension LinkageSettings {
    /// Comparators and blocking rules for `fields` over `table`.
    ///
    /// Unless `blocks` lists rules (`surname+date_of_birth`), candidates are pairs that agree exactly on
    /// any two fields that random records rarely share together, or on one field that nearly
    /// identifies a person by itself (a code typed by hand, a person's name reading): a record with one
    /// or two fields mistyped still shares two others with its match.
    public static func forFields(
        _ fields: [FieldSpec], blocks: [String] = [], table: LinkTable
    ) throws(LinkageError) -> LinkageSettings {
        guard fields.contains(where: { $0.kind != .list }) else {
            throw .badInput("no field to compare: give --field column:kind")
        }
        for field in fields where table.columns[field.column] == nil {
            throw .badInput(
                "no column '\(field.column)' in the input (columns: \(table.columns.keys.sorted().joined(separator: ", ")))"
            )
        }
        let names = fields.filter { $0.kind == .name }.map(\.column)
        var comparators: [any Comparator] = []
        // Rules used alone, and rules paired with each other (two fields agreeing).
        var keyed: [(rule: BlockingRule, alone: Bool)] = []
        var aloneOnly: [BlockingRule] = []
        var personNameParts: [BlockingRule] = []
        // Finer keys for groups too large to pair whole (a birth year), tried after a rule's own.
        var refinements: [Refinement] = []
        var lists: RecordLists?
        for field in fields {
            let column = field.column
            switch field.kind {
            case .list:
                guard lists == nil else { throw .badInput("only one column can name the list a record comes from") }
                lists = RecordLists(table, column: column)
                continue
            case .name:
                let other = names.count == 2 ? names.first { $0 != column } : nil
                comparators.append(NameStringComparator(table, column: column, swappedWith: other))
            case .personName:
                let comparator = PersonNameComparator(table, column: column)
                comparators.append(comparator)
                aloneOnly.append(comparator.blockingRule)
                keyed.append((comparator.partRule, false))
                personNameParts.append(comparator.partRule)
                continue
            case .date:
                let comparator = DateComparator(table, column: column)
                comparators.append(comparator)
                refinements.append(comparator.yearRefinement)
                keyed.append((comparator.blockingRule, false))
                continue
            case .code: comparators.append(EditDistanceComparator(table, column: column))
            case .codeTF: comparators.append(EditDistanceComparator(table, column: column, termFrequency: true))
            case .exact: comparators.append(ExactComparator(table, column: column))
            case .exactTF: comparators.append(ExactComparator(table, column: column, termFrequency: true))
            case .text: comparators.append(TextComparator(table, column: column))
            case .place:
                let comparator = PlaceComparator(table, column: column)
                comparators.append(comparator)
                keyed.append((comparator.blockingRule, false))
                continue
            }
            keyed.append((.columns([column], in: table), field.kind == .code))
        }
        var rules: [BlockingRule] = []
        if blocks.isEmpty {
            // Two fields are paired when two random records would rarely agree on both: the chance
            // of agreeing on each (the sum of squared key frequencies) multiplied, times the number
            // of pairs, stays within two chance pairs per record. A handful of values (sex, state)
            // pairs with little; pairs of fields that say the same thing (a suburb and its postcode)
            // are caught later by the blocking budget.
            rules += aloneOnly
            for entry in keyed where entry.alone { rules.append(entry.rule) }
            // A person's name in any script gives a key for every reading of each part, most of
            // which no other record's name meets: its chance agreement is overstated, and a pair
            // with it is allowed ten times the rate (the blocking budget still holds).
            let collision = keyed.map { Self.collisionProbability($0.rule, count: table.count) }
            let allowed = 4 / Double(max(table.count, 1))
            let readings = Set(personNameParts.map(\.name))
            for i in keyed.indices {
                for j in (i + 1)..<keyed.count {
                    let manyReadings = readings.contains(keyed[i].rule.name) || readings.contains(keyed[j].rule.name)
                    guard collision[i] * collision[j] <= allowed * (manyReadings ? 10 : 1) else { continue }
                    rules.append(.both(keyed[i].rule, keyed[j].rule))
                }
            }
        } else {
            for block in blocks {
                let columns = block.split(separator: "+").map(String.init)
                for column in columns where table.columns[column] == nil {
                    throw .badInput("blocking rule '\(block)' names no column '\(column)'")
                }
                rules.append(.columns(columns, in: table))
            }
        }
        guard !rules.isEmpty else { throw .badInput("no field varied enough to find candidate pairs; give --block") }
        var settings = LinkageSettings(comparators: comparators, rules: rules.map { $0.refined(by: refinements) })
        settings.lists = lists
        // A person's name in any script and a birth date: the model is trained in two sessions.
        // First on the pairs sharing a birth day, which says nothing of their names, sex or places:
        // m of every field but the date. Then on the pairs sharing a name reading that few records
        // share (at most four: namesakes would pass for matches whose dates disagree): m of the date,
        // with m of the other fields kept and their u learned (namesakes share a sex and a country).
        let nameIndex = comparators.firstIndex { $0 is PersonNameComparator }
        let dateIndex = comparators.firstIndex { $0 is DateComparator }
        let placeIndex = comparators.firstIndex { $0 is PlaceComparator }
        if blocks.isEmpty, let nameIndex, let dateIndex,
            let name = comparators[nameIndex] as? PersonNameComparator,
            let date = comparators[dateIndex] as? DateComparator
        {
            let others = Set(comparators.indices).subtracting([nameIndex, dateIndex])
            let second: TrainingSession
            if let placeIndex, let place = comparators[placeIndex] as? PlaceComparator {
                // Pairs sharing a family or given name and a place: the whole name still tells
                // matches apart (namesakes in the strict sense are few), and no group is split by
                // year, which would favour dates that agree.
                second = TrainingSession(
                    rule: .both(name.partRule, place.blockingRule), ignored: [placeIndex], estimateM: [dateIndex],
                    estimateU: Set(comparators.indices).subtracting([dateIndex, placeIndex]))
            } else {
                second = TrainingSession(
                    rule: name.blockingRule.refined(by: refinements), ignored: [nameIndex], estimateM: [dateIndex],
                    estimateU: others)
            }
            settings.trainingRules = [
                TrainingSession(
                    rule: date.sameDayRule, ignored: [dateIndex],
                    estimateM: Set(comparators.indices).subtracting([dateIndex])),
                second,
            ]
        }
        return settings
    }

    /// Blocking proposes at most this many pairs per record and rule.
    public static let pairsPerRecord = 10

    /// The chance that two random records share a key under `rule`: the sum over keys of the squared
    /// share of records holding it.
    static func collisionProbability(_ rule: BlockingRule, count: Int) -> Double {
        guard count > 0 else { return 1 }
        var counts: [UInt64: Int] = [:]
        for record in 0..<count { for key in Set(rule.keys(record)) { counts[key, default: 0] += 1 } }
        let total = Double(count)
        return counts.values.reduce(0) { $0 + (Double($1) / total) * (Double($1) / total) }
    }
}
