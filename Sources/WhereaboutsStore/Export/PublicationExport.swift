import Foundation
import WhereaboutsCore
import WhereaboutsSecurity

/// The records of one export that leaves the installation — for publication, or for a UN mechanism —
/// written so that nothing in them links them to the installation, to the staff, or to another export,
/// and, for publication, nothing identifies a person beyond what a reader without identity access sees:
/// - each line is `{"kind", "id", "data"}` only: no title, version, times, nor the staff who created or
///   changed the record;
/// - every record id, the record's own and every reference in its data, is replaced by a stand-in id
///   keyed by a random key of this export alone (``RecordIDSubstitution``), the same for the same
///   record throughout the export, so references still resolve and `import jsonl` reads the file;
/// - for publication, persons are named by pseudonyms under the same throwaway key, not the
///   installation's; a UN submission names them (the mechanism needs the names to act on a case) but
///   carries no more than publication does about who holds them.
///
/// The key is never stored: not even the installation can tell which of its records a published
/// stand-in is.
public struct PublicationExport: Sendable {
    /// Whether the persons in the export are named or shown by pseudonym.
    public enum Identities: Sendable {
        /// Publication: records read without identity access, persons by this export's pseudonyms.
        case pseudonymised
        /// A UN submission: records read with identity access, persons by name.
        case named
    }

    private let keyed: Pseudonym
    private let identities: Identities

    /// An export under a new random key.
    public init(identities: Identities = .pseudonymised) {
        keyed = .ephemeral()
        self.identities = identities
    }

    /// The JSON lines of `records` (consent already applied; read without identity access for
    /// publication), each ending in a line feed.
    public func lines(_ records: [StoredRecord]) throws -> Data {
        let encoder = JSONEncoder.canonical
        encoder.userInfo[RecordIDSubstitution.key] = RecordIDSubstitution { [self] id in standIn(for: id) }
        var data = Data()
        for record in records {
            let body =
                identities == .named
                ? record.body : Redaction.pseudonymised(record.body, id: record.id, pseudonyms: keyed)
            data.append(try encoder.encode(Line(kind: record.metadata.kind, id: record.id, data: body)))
            data.append(0x0A)
        }
        return data
    }

    /// The stand-in id of the record with `id` in this export.
    public func standIn(for id: RecordID) -> RecordID { Self.recordID(keyed.standIn(recordID: id.description)) }

    /// The pseudonym of the person with `id` in this export.
    public func pseudonym(of id: RecordID) -> String { keyed.of(recordID: id.description) }

    /// A record id made of 16 keyed bytes, with the version 8 ("custom") and RFC 9562 variant bits of
    /// the ids the store makes.
    private static func recordID(_ bytes: [UInt8]) -> RecordID {
        var b = bytes
        b[6] = b[6] & 0x0F | 0x80
        b[8] = b[8] & 0x3F | 0x80
        return RecordID(
            UUID(
                uuid: (
                    b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]
                ))
        )
    }

    private struct Line: Encodable {
        let kind: RecordKind
        let id: RecordID
        let data: any RecordBody

        private enum CodingKeys: String, CodingKey { case kind, id, data }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(kind, forKey: .kind)
            try container.encode(id, forKey: .id)
            try data.encode(to: container.superEncoder(forKey: .data))
        }
    }
}
