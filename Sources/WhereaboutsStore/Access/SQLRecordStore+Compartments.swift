import Foundation
import SQLKit
import WhereaboutsCore

extension SQLRecordStore {
    /// How a refresh treats shared records (persons, organisations, sources).
    enum CompartmentRefresh {
        /// Only records were created: shared records referred to can only gain compartments, so the
        /// new ones are added without re-reading every record that refers to them.
        case additive
        /// Records changed or were deleted: shared records affected are recomputed from all their referrers.
        case full
    }

    /// The compartments a record is in (visible or not to the caller; used to check a writer's rights).
    public func compartments(of id: RecordID) async throws -> Set<String> {
        try await database.read { db in
            Set(
                try await db.raw(
                    "SELECT compartment_id FROM record_compartments WHERE record_id = \(bind: id.description)"
                ).all(decodingColumn: "compartment_id", as: String.self))
        }
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

    /// Recomputes the compartments of `seeds` and, round by round, of everything whose compartments
    /// follow from a record that changed (decision 0004). Rounds stop when nothing changes; a cycle of
    /// references through shared records cannot loop for ever because sets only settle or grow.
    func refreshCompartments(_ seeds: Set<String>, mode: CompartmentRefresh, in db: any SQLDatabase) async throws {
        var queue = seeds
        var rounds = 0
        while !queue.isEmpty, rounds < 16 {
            rounds += 1
            let ids = queue.sorted()
            let kinds = try await liveKinds(ids, in: db)
            let homes = try await homes(ids, in: db)
            let outgoing = try await outgoingReferences(ids, in: db)
            let current = try await placements(ids, in: db)
            var parentIDs: Set<String> = []
            for (id, references) in outgoing {
                guard let kind = kinds[id] else { continue }
                for reference in references where CompartmentRules.isParent(kind, path: reference.path) {
                    parentIDs.insert(reference.to)
                }
            }
            let parents = try await placements(Array(parentIDs), in: db)
            let sharedIDs = ids.filter { kinds[$0].map(CompartmentRules.isShared) ?? false }
            let referrers = mode == .full ? try await referrerPlacements(sharedIDs, in: db) : [:]

            var updated: [String: Set<String>] = [:]
            for id in ids {
                guard let kind = kinds[id] else { continue }
                var placement = homes[id] ?? []
                if CompartmentRules.isShared(kind) {
                    placement.formUnion(mode == .full ? referrers[id] ?? [] : current[id] ?? [])
                } else {
                    let parentSets = (outgoing[id] ?? []).filter { CompartmentRules.isParent(kind, path: $0.path) }
                        .map { parents[$0.to] ?? [] }
                    if let first = parentSets.first {
                        switch CompartmentRules.combination(kind) {
                        case .union: placement.formUnion(parentSets.reduce(first) { $0.union($1) })
                        case .intersection: placement.formUnion(parentSets.reduce(first) { $0.intersection($1) })
                        }
                    }
                }
                if placement != current[id] ?? [] { updated[id] = placement }
            }
            try await replacePlacements(updated, in: db)

            // Next round: records hanging from a changed record, and shared records a changed
            // (non-shared) record refers to. In additive mode their gain is added straight away.
            var next = Set(try await children(of: Array(updated.keys), in: db))
            var gains: [String: Set<String>] = [:]
            for (id, placement) in updated {
                guard let kind = kinds[id], !CompartmentRules.isShared(kind) else { continue }
                for reference in outgoing[id] ?? [] where !CompartmentRules.isParent(kind, path: reference.path) {
                    gains[reference.to, default: []].formUnion(placement)
                    if mode == .full { next.insert(reference.to) }
                }
            }
            if mode == .additive, !gains.isEmpty {
                let targets = try await liveKinds(Array(gains.keys), in: db).filter {
                    CompartmentRules.isShared($0.value)
                }
                let existing = try await placements(Array(targets.keys), in: db)
                var grown: [String: Set<String>] = [:]
                for id in targets.keys {
                    let union = (existing[id] ?? []).union(gains[id] ?? [])
                    if union != existing[id] ?? [] { grown[id] = union }
                }
                try await replacePlacements(grown, in: db)
                // Shared records have no children, and in additive mode they contribute to nothing further.
            }
            queue = next
        }
    }

    private func liveKinds(_ ids: [String], in db: any SQLDatabase) async throws -> [String: RecordKind] {
        var result: [String: RecordKind] = [:]
        for chunk in ids.chunked(Self.batchSize * 2) {
            for row in try await db.raw(
                "SELECT id, kind FROM records WHERE deleted = 0 AND id IN (\(binds: Array(chunk)))"
            ).all() {
                if let kind = RecordKind(rawValue: try row.decode(column: "kind", as: String.self)) {
                    result[try row.decode(column: "id", as: String.self)] = kind
                }
            }
        }
        return result
    }

    private func homes(_ ids: [String], in db: any SQLDatabase) async throws -> [String: Set<String>] {
        try await pairs(
            ids, "SELECT record_id AS a, compartment_id AS b FROM record_home_compartments WHERE record_id", db)
    }

    func placements(_ ids: [String], in db: any SQLDatabase) async throws -> [String: Set<String>] {
        try await pairs(ids, "SELECT record_id AS a, compartment_id AS b FROM record_compartments WHERE record_id", db)
    }

    private func outgoingReferences(
        _ ids: [String], in db: any SQLDatabase
    ) async throws -> [String: [(path: String, to: String)]] {
        var result: [String: [(path: String, to: String)]] = [:]
        for chunk in ids.chunked(Self.batchSize * 2) {
            for row in try await db.raw(
                "SELECT from_id, path, to_id FROM record_refs WHERE from_id IN (\(binds: Array(chunk)))"
            ).all() {
                result[try row.decode(column: "from_id", as: String.self), default: []].append(
                    (try row.decode(column: "path", as: String.self), try row.decode(column: "to_id", as: String.self)))
            }
        }
        return result
    }

    /// For shared records: the compartments of every live non-shared record that refers to them
    /// other than as its parent.
    private func referrerPlacements(_ ids: [String], in db: any SQLDatabase) async throws -> [String: Set<String>] {
        var result: [String: Set<String>] = [:]
        for chunk in ids.chunked(Self.batchSize * 2) {
            for row in try await db.raw(
                """
                SELECT f.to_id, f.path, r.kind, c.compartment_id FROM record_refs f
                JOIN records r ON r.id = f.from_id AND r.deleted = 0
                JOIN record_compartments c ON c.record_id = f.from_id
                WHERE f.to_id IN (\(binds: Array(chunk)))
                """
            ).all() {
                guard let kind = RecordKind(rawValue: try row.decode(column: "kind", as: String.self)),
                    !CompartmentRules.isShared(kind),
                    !CompartmentRules.isParent(kind, path: try row.decode(column: "path", as: String.self))
                else { continue }
                result[try row.decode(column: "to_id", as: String.self), default: []].insert(
                    try row.decode(column: "compartment_id", as: String.self))
            }
        }
        return result
    }

    /// Live records that hang from any of `ids`.
    private func children(of ids: [String], in db: any SQLDatabase) async throws -> [String] {
        var result: [String] = []
        for chunk in ids.chunked(Self.batchSize * 2) {
            for row in try await db.raw(
                """
                SELECT f.from_id, f.path, r.kind FROM record_refs f JOIN records r ON r.id = f.from_id AND r.deleted = 0
                WHERE f.to_id IN (\(binds: Array(chunk)))
                """
            ).all() {
                if let kind = RecordKind(rawValue: try row.decode(column: "kind", as: String.self)),
                    CompartmentRules.isParent(kind, path: try row.decode(column: "path", as: String.self))
                {
                    result.append(try row.decode(column: "from_id", as: String.self))
                }
            }
        }
        return result
    }

    private func replacePlacements(_ placements: [String: Set<String>], in db: any SQLDatabase) async throws {
        guard !placements.isEmpty else { return }
        for chunk in placements.keys.sorted().chunked(Self.batchSize * 2) {
            try await db.raw("DELETE FROM record_compartments WHERE record_id IN (\(binds: Array(chunk)))").run()
        }
        let rows = placements.flatMap { id, set in set.sorted().map { (id, $0) } }
        for chunk in rows.chunked(Self.batchSize * 2) {
            let values: [SQLQueryString] = chunk.map { "(\(bind: $0.0), \(bind: $0.1))" }
            try await db.raw(
                "INSERT INTO record_compartments (record_id, compartment_id) VALUES \(values.joined(separator: ", "))"
            ).run()
        }
    }

    private func pairs(
        _ ids: [String], _ select: String, _ db: any SQLDatabase
    ) async throws -> [String: Set<String>] {
        var result: [String: Set<String>] = [:]
        for chunk in ids.chunked(Self.batchSize * 2) {
            for row in try await db.raw("\(unsafeRaw: select) IN (\(binds: Array(chunk)))").all() {
                result[try row.decode(column: "a", as: String.self), default: []].insert(
                    try row.decode(column: "b", as: String.self))
            }
        }
        return result
    }
}
