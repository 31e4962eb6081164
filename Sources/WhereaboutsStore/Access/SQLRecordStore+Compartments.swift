import Foundation
import SQLKit
import WhereaboutsCore

extension SQLRecordStore {
    /// The compartments a record is in (visible or not to the caller; used to check a writer's rights).
    public func compartments(of id: RecordID) async throws -> Set<String> {
        try await database.read { db in
            Set(
                try await db.raw(
                    "SELECT compartment_id FROM record_compartments WHERE record_id = \(bind: id.description)"
                ).all(decodingColumn: "compartment_id", as: String.self))
        }
    }

    /// The compartments each of `ids` was placed in directly (its homes; placement follows from them
    /// and the references), for exports that keep placement. Records without homes are left out.
    public func homeCompartments(of ids: [RecordID]) async throws -> [RecordID: Set<String>] {
        let found = try await database.read { db in try await self.homes(ids.map(\.description), in: db) }
        return Dictionary(uniqueKeysWithValues: found.compactMap { key, value in RecordID(key).map { ($0, value) } })
    }

    /// Places a record directly in `compartments` (replacing its home compartments) and updates
    /// everything whose compartments follow from it, in one transaction.
    public func setHomeCompartments(
        _ id: RecordID, to compartments: Set<String>, access: RecordAccess
    ) async throws {
        try await changingWrite { db in
            let row = try await self.visibleRow(id, access: access, in: db)
            guard row.deleted == 0 else { throw StoreError.notFound(id) }
            try await self.requireCompartmentsExist(compartments, in: db)
            try await db.raw("DELETE FROM record_home_compartments WHERE record_id = \(bind: id.description)").run()
            try await self.insertHomes(of: [id.description], in: compartments.sorted(), db: db)
            try await self.refreshCompartments([id.description], mode: .full, in: db)
            try await self.requireVisibleSomewhere([id.description], in: db)
        }
    }

    // MARK: - Inside a transaction

    /// Places every one of `records` in every one of `compartments` directly (their homes).
    func insertHomes(of records: [String], in compartments: [String], db: any SQLDatabase) async throws {
        try await insertEvery(records, in: compartments, into: "record_home_compartments", in: db)
    }

    /// Writes placements of every one of `records` (which have none yet) in every one of `compartments`.
    func insertPlacements(of records: [String], in compartments: [String], db: any SQLDatabase) async throws {
        try await insertEvery(records, in: compartments, into: "record_compartments", in: db)
    }

    /// Every record in every compartment, into one of the two placement tables (a name fixed here,
    /// never input): on SQLite as two bound flat JSON arrays that SQLite crosses (``JSONRows``), on
    /// PostgreSQL as multi-row VALUES.
    private func insertEvery(
        _ records: [String], in compartments: [String], into table: StaticString, in db: any SQLDatabase
    ) async throws {
        guard !compartments.isEmpty else { return }
        let placed = JSONRows.row(compartments.map { .text($0) })
        // At most as many pairs a statement as before: PostgreSQL binds each pair's two values.
        for chunk in records.chunked(max(1, Self.batchSize * 2 / compartments.count)) {
            switch database.dialect {
            case .sqlite:
                try await db.raw(
                    """
                    INSERT INTO \(unsafeRaw: table.description) (record_id, compartment_id)
                    SELECT r.value, c.value FROM json_each(\(bind: JSONRows.row(chunk.map { .text($0) }))) r
                        CROSS JOIN json_each(\(bind: placed)) c
                    """
                ).run()
            case .postgres:
                let values: [SQLQueryString] = chunk.flatMap { record in
                    compartments.map { "(\(bind: record), \(bind: $0))" }
                }
                try await db.raw(
                    "INSERT INTO \(unsafeRaw: table.description) (record_id, compartment_id) VALUES \(values.joined(separator: ", "))"
                ).run()
            }
        }
    }

    func requireCompartmentsExist(_ compartments: Set<String>, in db: any SQLDatabase) async throws {
        guard !compartments.isEmpty else { return }
        let known = try await db.raw(
            "SELECT id FROM compartments WHERE id IN (\(binds: compartments.sorted()))"
        ).all(decodingColumn: "id", as: String.self)
        if let unknown = compartments.subtracting(known).sorted().first {
            throw StoreError.invalid([FieldIssue(path: "/compartments", message: "no compartment '\(unknown)'")])
        }
    }

    /// Refuses records that would be in no compartment at all (visible to nobody but the operator).
    func requireVisibleSomewhere(_ ids: [String], in db: any SQLDatabase) async throws {
        for chunk in ids.chunked(Self.batchSize * 2) {
            let placed = Set(
                try await db.raw(
                    "SELECT DISTINCT record_id FROM record_compartments WHERE record_id IN (\(binds: Array(chunk)))"
                ).all(decodingColumn: "record_id", as: String.self))
            if let orphan = chunk.first(where: { !placed.contains($0) }) {
                throw StoreError.invalid([
                    FieldIssue(
                        path: "/compartments",
                        message: "record \(orphan) would be in no compartment: choose one, or link it to an event")
                ])
            }
        }
    }
}
