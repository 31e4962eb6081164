import Foundation

/// The cycle of the Universal Periodic Review a working-group report belongs to.
///
/// A report's cycle is read, in this order, from the Working Group's session: its document was first
/// issued as `A/HRC/WG.6/<session>/L.<n>` (an alias the reader keeps), and sessions 1–12 made the
/// first cycle, 13–26 the second, 27–40 the third, 41–54 the fourth (14 sessions a cycle since the
/// second, which is assumed of the later ones). Failing that, from the report's issue date: the
/// reports of a cycle are issued between its first session and a few months after its last, and no
/// cycle's reports were issued in the gap before the next one — first cycle before April 2012,
/// second before May 2017, third before October 2022, fourth before July 2027. Later dates give no
/// cycle until its calendar is known (the session still gives one). Other reports have no cycle.
public enum UPRCycle {
    /// The cycle of Working Group session `session`.
    public static func of(session: Int) -> Int? {
        guard session >= 1 else { return nil }
        return session <= 12 ? 1 : (session - 13) / 14 + 2
    }

    /// The last day (exclusive) on which each cycle's reports were issued, in order.
    static let issuedBefore = ["2012-04-01", "2017-05-01", "2022-10-01", "2027-07-01"]

    /// The cycle of a report issued on `day` (ISO date), when the calendar says.
    public static func of(issued day: String) -> Int? {
        guard day >= "2008-04-01" else { return nil }
        return issuedBefore.firstIndex { day < $0 }.map { $0 + 1 }
    }

    /// The Working Group session a symbol names (`A/HRC/WG.6/6/L.12` → 6), if it is one of its.
    public static func session(in symbol: UNSymbol) -> Int? {
        guard let index = symbol.components.firstIndex(where: { $0.uppercased() == "WG.6" }),
            symbol.components.indices.contains(index + 1)
        else { return nil }
        return Int(symbol.components[index + 1])
    }

    /// The cycle of a document: nil unless it is a UPR working-group report.
    public static func of(kind: UNDocument.Kind, symbol: UNSymbol, aliases: [UNSymbol], issued: String?) -> Int? {
        guard kind == .uprWorkingGroupReport else { return nil }
        if let session = ([symbol] + aliases).lazy.compactMap(session(in:)).first { return of(session: session) }
        return issued.flatMap(of(issued:))
    }
}
