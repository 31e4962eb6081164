import Foundation
import SQLKit
import WhereaboutsCore

/// Keeping `record_compartments` true to the kinds' placement rules (``Placement``, decision 0016),
/// in the transaction of every write.
extension SQLRecordStore {
    /// How a refresh treats shared records (persons, organisations, sources).
    enum CompartmentRefresh {
        /// Only records were created: shared records referred to can only gain compartments, so the
        /// new ones are added without re-reading every record that refers to them.
        case additive
        /// Records changed or were deleted: shared records affected are recomputed from all their referrers.
        case full
    }

    /// A stored reference as placement reads it.
    struct PlacementReference {
        let to: String
        let parent: Bool
    }

    /// Recomputes the compartments of `seeds` and, round by round, of everything whose compartments
    /// follow from a record that changed. Rounds stop when nothing changes; sets only settle or grow
    /// along the references, so a cycle cannot loop for ever (and rounds are bounded besides).
    ///
    /// The rule, whatever the write (create, update, delete, restore, import): a case record is in
    /// its homes and in the compartments of the *case* records it hangs from (combined as its kind
    /// declares); a shared record is in its homes and in those of every live case record that refers
    /// to it; a shared record passes nothing on.
    func refreshCompartments(_ seeds: Set<String>, mode: CompartmentRefresh, in db: any SQLDatabase) async throws {
        var queue = seeds
        var rounds = 0
        while !queue.isEmpty, rounds < 32 {
            rounds += 1
            let ids = queue.sorted()
            let kinds = try await liveKinds(ids, in: db)
            let homes = try await homes(ids, in: db)
            let outgoing = try await outgoingReferences(ids, in: db)
            let current = try await placements(ids, in: db)
            let parentIDs = Set(outgoing.values.flatMap { $0.filter(\.parent).map(\.to) })
            let parentKinds = try await liveKinds(Array(parentIDs), in: db)
            let caseParentIDs = Set(parentKinds.filter { !$0.value.placement.isShared }.map(\.key))
            let parents = try await placements(Array(caseParentIDs), in: db)
            let sharedIDs = ids.filter { kinds[$0]?.placement.isShared ?? false }
            let referrers = mode == .full ? try await referrerPlacements(sharedIDs, in: db) : [:]

            var updated: [String: Set<String>] = [:]
            for id in ids {
                guard let kind = kinds[id] else { continue }
                var placement = homes[id] ?? []
                switch kind.placement {
                case .shared:
                    placement.formUnion(mode == .full ? referrers[id] ?? [] : current[id] ?? [])
                case .caseRecord(let combination):
                    let parentSets = (outgoing[id] ?? []).filter { $0.parent && caseParentIDs.contains($0.to) }
                        .map { parents[$0.to] ?? [] }
                    if let first = parentSets.first {
                        switch combination {
                        case .union: placement.formUnion(parentSets.reduce(first) { $0.union($1) })
                        case .intersection: placement.formUnion(parentSets.reduce(first) { $0.intersection($1) })
                        }
                    }
                }
                if placement != current[id] ?? [] { updated[id] = placement }
            }
            // A record that was somewhere must stay somewhere (a link whose events no longer share a
            // compartment): the write is refused rather than leave it visible to nobody but the operator.
            if let orphan = updated.filter({ $0.value.isEmpty }).keys.sorted().first {
                throw StoreError.invalid([
                    FieldIssue(
                        path: "/compartments",
                        message: "record \(orphan) would be in no compartment: move or change it first")
                ])
            }
            try await replacePlacements(updated, in: db)

            // Next round: case records hanging from a changed case record, and the records a changed
            // case record refers to (only shared ones can take anything from it). In additive mode
            // shared records' gains are added straight away.
            let changedCases = updated.keys.filter { kinds[$0].map { !$0.placement.isShared } ?? false }
            var next = Set(try await children(of: changedCases, in: db))
            var gains: [String: Set<String>] = [:]
            // (A case parent takes nothing from its children: only the other records referred to.)
            for id in changedCases {
                for reference in outgoing[id] ?? [] where !caseParentIDs.contains(reference.to) {
                    gains[reference.to, default: []].formUnion(updated[id] ?? [])
                    if mode == .full { next.insert(reference.to) }
                }
            }
            if mode == .additive, !gains.isEmpty {
                let targets = try await liveKinds(Array(gains.keys), in: db).filter { $0.value.placement.isShared }
                let existing = try await placements(Array(targets.keys), in: db)
                var grown: [String: Set<String>] = [:]
                for id in targets.keys {
                    let union = (existing[id] ?? []).union(gains[id] ?? [])
                    if union != existing[id] ?? [] { grown[id] = union }
                }
                try await replacePlacements(grown, in: db)
                // Shared records pass nothing on, so their gain ends here.
            }
            queue = next
        }
        if !queue.isEmpty { throw StoreError.damaged("placement did not settle after \(rounds) rounds") }
    }

    /// Recomputes every record's placement, when the rules changed (migration 12 leaves
    /// `placement_pending`); runs once, at open, in one transaction.
    func replaceAllIfPending() async throws {
        let pending = try await database.read { db in
            try await db.raw("SELECT id FROM placement_pending").first() != nil
        }
        guard pending else { return }
        try await changingWrite { db in
            let ids = try await db.raw("SELECT id FROM records WHERE deleted = 0").all(
                decodingColumn: "id", as: String.self)
            if !ids.isEmpty {
                self.logger.notice(
                    "placing every record again under the placement rules of decision 0016",
                    metadata: ["records": .stringConvertible(ids.count)])
            }
            try await self.refreshCompartments(Set(ids), mode: .full, in: db)
            try await db.raw("DELETE FROM placement_pending").run()
        }
    }

    /// The kinds of `ids` that are live.
    func liveKinds(_ ids: [String], in db: any SQLDatabase) async throws -> [String: RecordKind] {
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

    func homes(_ ids: [String], in db: any SQLDatabase) async throws -> [String: Set<String>] {
        try await pairs(
            ids, "SELECT record_id AS a, compartment_id AS b FROM record_home_compartments WHERE record_id", db)
    }

    func placements(_ ids: [String], in db: any SQLDatabase) async throws -> [String: Set<String>] {
        try await pairs(ids, "SELECT record_id AS a, compartment_id AS b FROM record_compartments WHERE record_id", db)
    }

    private func outgoingReferences(
        _ ids: [String], in db: any SQLDatabase
    ) async throws -> [String: [PlacementReference]] {
        var result: [String: [PlacementReference]] = [:]
        for chunk in ids.chunked(Self.batchSize * 2) {
            for row in try await db.raw(
                "SELECT from_id, to_id, parent FROM record_refs WHERE from_id IN (\(binds: Array(chunk)))"
            ).all() {
                result[try row.decode(column: "from_id", as: String.self), default: []].append(
                    PlacementReference(
                        to: try row.decode(column: "to_id", as: String.self),
                        parent: try row.decode(column: "parent", as: Int.self) == 1))
            }
        }
        return result
    }

    /// For shared records: the compartments of every live case record that refers to them.
    private func referrerPlacements(_ ids: [String], in db: any SQLDatabase) async throws -> [String: Set<String>] {
        var result: [String: Set<String>] = [:]
        for chunk in ids.chunked(Self.batchSize * 2) {
            for row in try await db.raw(
                """
                SELECT f.to_id, r.kind, c.compartment_id FROM record_refs f
                JOIN records r ON r.id = f.from_id AND r.deleted = 0
                JOIN record_compartments c ON c.record_id = f.from_id
                WHERE f.to_id IN (\(binds: Array(chunk)))
                """
            ).all() {
                guard let kind = RecordKind(rawValue: try row.decode(column: "kind", as: String.self)),
                    !kind.placement.isShared
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
            result += try await db.raw(
                """
                SELECT f.from_id FROM record_refs f JOIN records r ON r.id = f.from_id AND r.deleted = 0
                WHERE f.parent = 1 AND f.to_id IN (\(binds: Array(chunk)))
                """
            ).all(decodingColumn: "from_id", as: String.self)
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
