import WhereaboutsCore
import WhereaboutsSecurity

/// Opens the sealed values a reader is entitled to, with the keyring's data keys, and gives the
/// installation's pseudonyms to readers who are not. Values written before sealing existed (plain
/// JSON, plain titles) are returned as they are until sealed.
struct IdentityOpener: Sendable {
    let keyring: Keyring?

    func open(_ stored: String, record: String, field: String) throws -> String {
        guard SealedValue.isSealed(stored) else { return stored }
        guard let keyring else { throw KeyError.unknownKey(SealedValue.keyID(of: stored) ?? "") }
        return try SealedValue.open(stored, record: record, field: field, key: keyring.key)
    }

    /// The identifying fields' JSON of a record or of one of its versions.
    func identity(_ stored: String?, record: String) throws -> String? {
        try stored.map { try open($0, record: record, field: "identity") }
    }

    /// The identifying fields' JSON of a record as `access` may see them (none without identity
    /// access), noting the read.
    func identity(_ stored: String?, record: String, for access: RecordAccess) throws -> String? {
        guard access.seesIdentities, let stored else { return nil }
        access.reads?.note(record)
        return try open(stored, record: record, field: "identity")
    }

    /// A title as `access` may see it: a person's sealed name opened (and the read noted), or their pseudonym.
    func title(kind: RecordKind, stored: String, id: RecordID, access: RecordAccess) throws -> String {
        guard access.seesIdentities else { return Redaction.title(kind, stored, id: id, pseudonyms: try pseudonyms()) }
        if kind.bodyType.summaryIdentifies { access.reads?.note(id.description) }
        return try open(stored, record: id.description, field: "title")
    }

    /// A body as a reader without identity access sees it (``Redaction/pseudonymised(_:id:pseudonyms:)``).
    func pseudonymised(_ body: any RecordBody, id: RecordID) throws -> any RecordBody {
        Redaction.pseudonymised(body, id: id, pseudonyms: try pseudonyms())
    }

    /// The installation's pseudonyms: keyed by its pseudonym key. A store without sealing (only the
    /// benchmark's clear-text baseline) has no keys, and gets a key of this process only.
    func pseudonyms() throws -> Pseudonym {
        guard let keyring else { return Self.unsealedBaseline }
        return try keyring.pseudonyms()
    }

    private static let unsealedBaseline = Pseudonym.ephemeral()
}
