import Foundation
import WhereaboutsCore
import WhereaboutsDocuments
import WhereaboutsStore

/// The application layer for UN documents (`whereabouts un …`): reading a document into the store
/// and recording a State's response on a recommendation, each with its audit entry in the same
/// transaction.
public struct UNDocumentOperations: Sendable {
    public let store: SQLRecordStore
    public let audit: AuditLog
    let clock: @Sendable () -> Date

    public init(store: SQLRecordStore, audit: AuditLog, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.audit = audit
        self.clock = clock
    }

    /// Saves `document` (read from a file whose bytes hash to `contentSHA256`), atomically with the
    /// entry saying who imported which symbol with how many paragraphs and recommendations.
    public func importDocument(
        _ document: UNDocument, contentSHA256: String, file: String, by actor: String, from origin: OperationOrigin
    ) async throws -> UNImportOutcome {
        try await audit.recording { entries in
            try await store.saveUNDocument(document, contentSHA256: contentSHA256, by: actor, at: clock()) {
                outcome, db in
                let event = AuditEvent(
                    actor: actor, action: .unDocumentImported, target: "un/\(document.symbol)", address: origin.address,
                    details: [
                        "file": file, "sha256": contentSHA256, "outcome": outcome.rawValue,
                        "paragraphs": String(document.paragraphs.count),
                        "recommendations": String(document.recommendations.count), "via": origin.via,
                    ])
                try await entries.append([event], in: db)
            }
        }
    }

    /// Appends `response` to recommendation `number` of `symbol`, atomically with its entry. Only a
    /// writer records responses.
    public func recordResponse(
        _ response: UNResponse, symbol: UNSymbol, number: String, by writer: Writer, from origin: OperationOrigin
    ) async throws {
        try await audit.recording { entries in
            try await store.recordUNResponse(response, symbol: symbol, number: number, by: writer.actor, at: clock()) {
                db in
                let event = AuditEvent(
                    actor: writer.actor, action: .unResponseRecorded, target: "un/\(symbol)/\(number)",
                    address: origin.address,
                    details: [
                        "stage": response.stage.rawValue, "position": response.position.rawValue,
                        "date": response.date, "via": origin.via,
                    ])
                try await entries.append([event], in: db)
            }
        }
    }

    /// Appends `assessment` to recommendation `number` of `symbol`, atomically with its entry (which
    /// names the evidence by id only). Only a writer assesses, on evidence it may see.
    public func recordAssessment(
        _ assessment: UNAssessment, symbol: UNSymbol, number: String, by writer: Writer, from origin: OperationOrigin
    ) async throws {
        try await audit.recording { entries in
            try await store.recordUNAssessment(
                assessment, symbol: symbol, number: number, by: writer.actor, access: writer.access, at: clock()
            ) { db in
                let event = AuditEvent(
                    actor: writer.actor, action: .unAssessmentRecorded, target: "un/\(symbol)/\(number)",
                    address: origin.address,
                    details: [
                        "implementation": assessment.implementation.rawValue, "date": assessment.date,
                        "evidence": assessment.evidence.sorted().joined(separator: " "), "via": origin.via,
                    ])
                try await entries.append([event], in: db)
            }
        }
    }

    /// Links recommendation `number` of `symbol` as repeating `earlierNumber` of `earlierSymbol`,
    /// atomically with its entry. Only a writer links.
    public func linkRepeat(
        symbol: UNSymbol, number: String, repeats earlierSymbol: UNSymbol, _ earlierNumber: String, by writer: Writer,
        from origin: OperationOrigin
    ) async throws {
        try await audit.recording { entries in
            try await store.linkUNRepeat(
                symbol: symbol, number: number, repeats: earlierSymbol, earlierNumber, by: writer.actor, at: clock()
            ) { db in
                let event = AuditEvent(
                    actor: writer.actor, action: .unRepeatLinked, target: "un/\(symbol)/\(number)",
                    address: origin.address,
                    details: ["repeats": "\(earlierSymbol)/\(earlierNumber)", "via": origin.via])
                try await entries.append([event], in: db)
            }
        }
    }

    /// Imports the rows of another database's export (`file`, from `source`), atomically with the
    /// entry saying how many rows matched, were added or were already held.
    public func importExport(
        _ rows: [ExternalUNRecommendation], source: UNExternalSource, file: String, by writer: Writer,
        from origin: OperationOrigin
    ) async throws -> UNExternalImportOutcome {
        try await audit.recording { entries in
            try await store.importUNExport(rows, by: writer.actor, at: clock()) { outcome, db in
                let event = AuditEvent(
                    actor: writer.actor, action: .unRecommendationsImported, target: "un/\(source.rawValue)",
                    address: origin.address,
                    details: [
                        "file": file, "rows": String(rows.count), "matched": String(outcome.matched),
                        "added": String(outcome.added), "unchanged": String(outcome.unchanged), "via": origin.via,
                    ])
                try await entries.append([event], in: db)
            }
        }
    }

    /// Links recommendation `number` of `symbol` to `record`, which the writer must see, atomically
    /// with the entry (which names the record by id only).
    public func link(
        symbol: UNSymbol, number: String, to record: RecordID, note: String?, by writer: Writer,
        from origin: OperationOrigin
    ) async throws {
        try await audit.recording { entries in
            try await store.linkUNRecommendation(
                symbol: symbol, number: number, to: record, note: note, by: writer.actor, access: writer.access,
                at: clock()
            ) { db in
                let event = AuditEvent(
                    actor: writer.actor, action: .unRecommendationLinked, target: "un/\(symbol)/\(number)",
                    address: origin.address, details: ["record": record.description, "via": origin.via])
                try await entries.append([event], in: db)
            }
        }
    }
}
