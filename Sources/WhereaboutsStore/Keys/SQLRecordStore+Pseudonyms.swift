import Foundation
import SQLKit
import WhereaboutsCore

extension SQLRecordStore {
    /// The pseudonym readers without identity access see for the person with `id` in this
    /// installation (keyed by its pseudonym key: another installation gives another one).
    public func pseudonym(of id: RecordID) throws -> String {
        try opener.pseudonyms().of(recordID: id.description)
    }

    /// The live record, among those `access` sees whose summary would name someone (persons,
    /// sources), whose pseudonym is `pseudonym` — so a reader who sees only pseudonyms can name a
    /// person. Anything else, including a record `access` may not see, is "not found". A pseudonym
    /// cannot be inverted: each visible record's pseudonym is computed and compared.
    public func record(withPseudonym pseudonym: String, access: RecordAccess) async throws -> RecordID {
        let wanted = pseudonym.trimmingCharacters(in: .whitespaces).uppercased()
        let kinds = RecordKind.allCases.filter { $0.bodyType.summaryIdentifies }.map(\.rawValue)
        let rows = try await database.read { db in
            try await db.raw(
                """
                SELECT r.id FROM records r WHERE r.kind IN (\(binds: kinds)) AND r.deleted = 0
                    \(access.visibleRecordClause)
                """
            ).all()
        }
        let keyed = try opener.pseudonyms()
        for row in rows {
            let id = try row.decode(column: "id", as: String.self)
            if keyed.of(recordID: id) == wanted, let record = RecordID(id) { return record }
        }
        throw StoreError.notFound(RecordID())
    }

    /// Whether `text` is written as a pseudonym (`P-7K2QX-M4D9R-Z8TWA`).
    public static func isPseudonym(_ text: String) -> Bool {
        text.trimmingCharacters(in: .whitespaces).uppercased().range(
            of: #"^P-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}$"#, options: .regularExpression) != nil
    }
}
