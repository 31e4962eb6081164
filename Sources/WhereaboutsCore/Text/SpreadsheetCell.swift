/// The one rule for text cells in the CSV files Whereabouts writes and reads, so that a value typed by
/// anyone (a victim's name, an event title, an identifier in a linkage file) never runs as a formula
/// when the file is opened in a spreadsheet (CSV or "formula" injection, OWASP).
///
/// Writing: a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return (or their
/// full-width forms `＝ ＋ － ＠`, which spreadsheets in East Asian locales also take as a formula)
/// gets a single quote in front. So does a cell that already is one or more single quotes followed by
/// one of those characters, so that reading can tell the two apart.
///
/// Reading: a cell that is one or more single quotes followed by one of those characters loses its
/// first quote; every other cell is read as it is. Reading a written cell gives back what was written.
public enum SpreadsheetCell {
    /// The cell as it may be written to a CSV file.
    public static func neutralised(_ text: String) -> String {
        startsAsFormula(text) || isQuotedFormula(text) ? "'" + text : text
    }

    /// The value of a cell read from a CSV file: the quote ``neutralised(_:)`` added is taken off.
    public static func restored(_ cell: String) -> String {
        isQuotedFormula(cell) ? String(cell.dropFirst()) : cell
    }

    /// Whether `text` would begin a formula in a spreadsheet.
    public static func startsAsFormula(_ text: Substring) -> Bool {
        guard let first = text.unicodeScalars.first else { return false }
        return triggers.contains(first)
    }

    public static func startsAsFormula(_ text: String) -> Bool { startsAsFormula(text[...]) }

    /// One or more single quotes, then a character that begins a formula.
    private static func isQuotedFormula(_ text: String) -> Bool {
        let rest = text.drop { $0 == "'" }
        return rest.startIndex != text.startIndex && startsAsFormula(rest)
    }

    /// The first characters that make a spreadsheet read a cell as a formula. Scalars, not
    /// characters: a carriage return followed by a line feed is one `Character` but begins with `\r`.
    private static let triggers: Set<Unicode.Scalar> = [
        "=", "+", "-", "@", "\t", "\r", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}",
    ]
}
