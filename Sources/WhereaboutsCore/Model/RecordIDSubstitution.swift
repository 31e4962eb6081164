import Foundation

/// Stand-in ids for every record id an encoder writes: given to a `JSONEncoder` in its `userInfo`
/// under ``key``, it replaces the id of the record itself and every reference to another record,
/// whichever kind declares them, so an export for publication carries no internal id while its
/// references still resolve within it.
public struct RecordIDSubstitution: Sendable {
    /// The `userInfo` key an encoder carries the substitution under.
    public static let key = CodingUserInfoKey(rawValue: "whereabouts.recordIDSubstitution")!

    /// The id written in place of an internal one; the same id must always give the same stand-in.
    public let standIn: @Sendable (RecordID) -> RecordID

    public init(standIn: @escaping @Sendable (RecordID) -> RecordID) { self.standIn = standIn }
}
