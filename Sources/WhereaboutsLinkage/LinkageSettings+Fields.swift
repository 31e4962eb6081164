extension LinkageSettings {
    /// Comparators and blocking rules for `fields` over `table`.
    ///
    /// Unless `blocks` lists rules (`surname+date_of_birth`), candidates are pairs that agree exactly on
    /// any two fields of reasonable variety (together), or on one field that nearly identifies a person
    /// by itself (a code typed by hand, a person's name key): a record with one or two fields mistyped
    /// still shares two others with its match.
    public static func forFields(
        _ fields: [FieldSpec], blocks: [String] = [], table: LinkTable
    ) throws(LinkageError) -> LinkageSettings {
        guard !fields.isEmpty else { throw .badInput("no field to compare: give --field column:kind") }
        for field in fields where table.columns[field.column] == nil {
            throw .badInput(
                "no column '\(field.column)' in the input (columns: \(table.columns.keys.sorted().joined(separator: ", ")))"
            )
        }
        let names = fields.filter { $0.kind == .name }.map(\.column)
        var comparators: [any Comparator] = []
        // Rules used alone, and rules paired with each other (two fields agreeing).
        var keyed: [(rule: BlockingRule, variety: Int, alone: Bool)] = []
        var aloneOnly: [BlockingRule] = []
        for field in fields {
            let column = field.column
            switch field.kind {
            case .name:
                let other = names.count == 2 ? names.first { $0 != column } : nil
                comparators.append(NameStringComparator(table, column: column, swappedWith: other))
            case .personName:
                let comparator = PersonNameComparator(table, column: column)
                comparators.append(comparator)
                aloneOnly.append(comparator.blockingRule)
                keyed.append((comparator.partRule, Int.max, false))
                continue
            case .date:
                let comparator = DateComparator(table, column: column)
                comparators.append(comparator)
                keyed.append((comparator.blockingRule, Int.max, false))
                continue
            case .code: comparators.append(EditDistanceComparator(table, column: column))
            case .codeTF: comparators.append(EditDistanceComparator(table, column: column, termFrequency: true))
            case .exact: comparators.append(ExactComparator(table, column: column))
            case .exactTF: comparators.append(ExactComparator(table, column: column, termFrequency: true))
            case .text: comparators.append(TextComparator(table, column: column))
            case .place:
                let comparator = PlaceComparator(table, column: column)
                comparators.append(comparator)
                keyed.append((comparator.blockingRule, comparator.variety, false))
                continue
            }
            let variety = Set(table.column(column).compactMap { $0 }).count
            keyed.append((.columns([column], in: table), variety, field.kind == .code))
        }
        var rules: [BlockingRule] = []
        if blocks.isEmpty {
            // Fields with few values (sex, state) pair up too coarsely to block on.
            let usable = keyed.filter { $0.variety >= 20 }
            rules += aloneOnly
            for entry in usable where entry.alone { rules.append(entry.rule) }
            for i in usable.indices {
                for j in (i + 1)..<usable.count { rules.append(.both(usable[i].rule, usable[j].rule)) }
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
        return LinkageSettings(comparators: comparators, rules: rules)
    }
}
