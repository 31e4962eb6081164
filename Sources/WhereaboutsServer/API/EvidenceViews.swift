import WhereaboutsEvidence
import WhereaboutsStore

/// An evidence item as the API shows it (schema `EvidenceItem`).
struct EvidenceItemView: Encodable {
    let id: String
    let recordID: String
    let parentID: String?
    let name: String
    let statedType: String?
    let mediaType: String
    let size: Int
    let sha256: String
    let sha512: String
    let capture: [String: String]
    let transformation: String?
    let createdAt: String
    let createdBy: String

    init(_ item: EvidenceItem) {
        id = item.id
        recordID = item.recordID.description
        parentID = item.parentID
        name = item.name
        statedType = item.description.stated.type
        mediaType = item.mediaType
        size = item.size
        sha256 = item.sha256
        sha512 = item.description.intake.sha512
        capture = item.description.stated.capture
        transformation = item.description.transformation
        createdAt = item.createdAt
        createdBy = item.createdBy
    }
}

/// An item with its chain of custody (schema `Custody`).
struct CustodyView: Encodable {
    struct Entry: Encodable {
        let index: Int
        let event: String
        let actor: String
        let at: String
        let fromHash: String
        let toHash: String
        let note: String
        let previous: String
        let hash: String
    }

    let item: EvidenceItemView
    let entries: [Entry]

    init(_ shown: EvidenceItemWithCustody) {
        item = EvidenceItemView(shown.item)
        entries = shown.custody.map { record in
            let entry = record.entry
            return Entry(
                index: entry.index, event: entry.event.rawValue, actor: entry.actor, at: entry.at,
                fromHash: record.fromHash, toHash: record.toHash, note: record.note, previous: entry.previous,
                hash: entry.hash)
        }
    }
}
