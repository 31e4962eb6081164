/// How a column is compared, as written on the command line (`surname:name`, `dob:date`).
public struct FieldSpec: Sendable, Hashable {
    /// The kinds of comparison a column can have.
    public enum Kind: String, Sendable, CaseIterable {
        /// A given or family name in Latin letters (exact with term frequency, swapped, one edit,
        /// Jaro–Winkler bands).
        case name
        /// A whole person's name in any script: Hangul, hanja, kana, kanji, Latin in any
        /// romanisation or order.
        case personName = "person-name"
        /// A date of birth in any of the forms `LinkDate` reads.
        case date
        /// A code typed by hand: exact, one or two edits.
        case code
        /// A code typed by hand, exact agreement weighed by how rare the value is.
        case codeTF = "code-tf"
        /// Exact agreement only.
        case exact
        /// Exact agreement weighed by how rare the value is.
        case exactTF = "exact-tf"
        /// Free text: exact, Jaro–Winkler bands.
        case text
        /// A province, prefecture or city in any script or romanisation.
        case place
        /// The list (source) a record comes from: not compared, but pairs within one list and pairs
        /// across lists each get their own prior, learned from the data.
        case list
    }

    public let column: String
    public let kind: Kind

    public init(column: String, kind: Kind) {
        self.column = column
        self.kind = kind
    }

    /// Parses `column:kind`.
    public init(parsing text: String) throws(LinkageError) {
        guard let colon = text.lastIndex(of: ":") else {
            throw .badInput(
                "'\(text)' is not column:kind (kinds: \(Kind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let column = String(text[..<colon])
        let kindText = String(text[text.index(after: colon)...])
        guard !column.isEmpty, let kind = Kind(rawValue: kindText) else {
            throw .badInput(
                "'\(kindText)' in '\(text)' is not a kind of field (kinds: \(Kind.allCases.map(\.rawValue).joined(separator: ", ")))"
            )
        }
        self.init(column: column, kind: kind)
    }

    /// Fields of the FEBRL data sets.
    public static let febrl: [FieldSpec] = [
        .init(column: "given_name", kind: .name), .init(column: "surname", kind: .name),
        .init(column: "street_number", kind: .exactTF), .init(column: "address_1", kind: .text),
        .init(column: "address_2", kind: .text), .init(column: "suburb", kind: .text),
        .init(column: "postcode", kind: .codeTF), .init(column: "state", kind: .exact),
        .init(column: "date_of_birth", kind: .date), .init(column: "soc_sec_id", kind: .code),
    ]
}
