import Foundation
import WhereaboutsCore
import WhereaboutsEstimation
import WhereaboutsStore

/// The application layer for statistics that count what no single list can count: the overlap
/// tables of the lists as the store holds them (persons as reviewers linked them) and multiple
/// systems estimates from them (decision 0028). Everything is read through the store's access layer
/// with the reader's access, so a reader's tables and estimates are made of what they may see and
/// nothing else; each estimate is audited as a read of statistics, each table handed out as an export.
public struct EstimateOperations: Sendable {
    public let store: SQLRecordStore
    public let audit: AuditLog
    let cache: EstimateCache?

    public init(store: SQLRecordStore, audit: AuditLog, cache: EstimateCache? = nil) {
        self.store = store
        self.audit = audit
        self.cache = cache
    }

    /// The overlap tables of what `access` may see. Persons and acts are read without their
    /// identities (none is needed, so none is opened); sources are read as the reader may see them, so
    /// a list named after a source carries its title only for readers who see identities (else its
    /// pseudonym).
    public func overlap(_ query: OverlapQuery, access: RecordAccess) async throws -> StoreOverlap {
        let anonymous = RecordAccess(compartments: access.compartments, seesIdentities: false)
        let collected = RecordsCollector()
        try await store.stream([.source], access: access) { batch in
            await collected.sources(
                batch.compactMap { record in
                    record.body(as: Source.self).map { (record.id, $0.title, $0.type.rawValue) }
                })
        }
        try await store.stream([.person, .act], access: anonymous, batchSize: 2_000) { batch in
            await collected.add(
                persons: batch.compactMap { record in record.body(as: Person.self).map { (record.id, $0) } },
                acts: batch.compactMap { $0.body(as: Act.self) })
        }
        var records = await collected.records(grouping: query.lists)
        records.decisions = try await store.judgedPairs(access: anonymous)
        return StoreOverlap(records, query: query, vocabulary: store.vocabularyIndex)
    }

    /// The estimate from the overlap tables of what `access` may see, per stratum when asked,
    /// audited as a read of statistics by `actor` (the entry names the grouping, the stratification,
    /// the method, the seed and the whole table's hash, never a count). Fewer than three lists in a
    /// part is "not estimable", as is a part with more lists than a table can have.
    public func estimate(
        _ query: OverlapQuery, _ request: EstimationRequest, by actor: String, access: RecordAccess,
        from origin: OperationOrigin
    ) async throws -> StoreEstimate {
        let overlap = try await overlap(query, access: access)
        let whole = try estimate(overlap.whole, request)
        let strata = try overlap.strata.map { try estimate($0, request) }
        try await audit.record(
            AuditEvent(
                actor: actor, action: .statisticsRead, target: "estimate", address: origin.address,
                details: [
                    "lists": query.lists.rawValue, "strata": query.strata?.rawValue ?? "none",
                    "method": request.method.rawValue, "seed": String(request.latentClass.seed),
                    "table": whole.estimate.tableHash, "via": origin.via,
                ]))
        return StoreEstimate(
            query: query, request: request, whole: whole, strata: strata,
            decisionsApplied: overlap.decisionsApplied, decisionsInConflict: overlap.decisionsInConflict,
            personsListedTwice: overlap.personsListedTwice)
    }

    /// The overlap table (CSV, as `estimate --table` and R read it: a 0/1 column per list, the count
    /// last) of what `access` may see, with the stratum as a first column when stratified; handed out
    /// as an export by `actor`, its audit entry written before it is returned.
    public func exportOverlap(
        _ query: OverlapQuery, by actor: String, access: RecordAccess, from origin: OperationOrigin
    ) async throws -> String {
        let overlap = try await overlap(query, access: access)
        let csv = Self.csv(overlap)
        try await audit.record(
            AuditEvent(
                actor: actor, action: .export, target: "overlap-table", address: origin.address,
                details: [
                    "format": "csv", "lists": query.lists.rawValue, "strata": query.strata?.rawValue ?? "none",
                    "table": (try? overlap.whole.table.get().hash) ?? "", "via": origin.via,
                ]))
        return csv
    }

    /// The table(s) as CSV (cells a spreadsheet would run as a formula neutralised, as in every CSV
    /// written): a row per capture pattern holding someone, a 0/1 column per list of the whole table,
    /// the count last; with strata, the stratum first and every stratum's rows.
    static func csv(_ overlap: StoreOverlap) -> String {
        let lists = overlap.whole.lists
        let stratified = overlap.query.strata != nil
        var rows: [[CSVRows.Cell]] = [
            (stratified ? [.text(overlap.query.strata?.rawValue ?? "")] : []) + lists.map { .text($0) }
                + [.text("count")]
        ]
        for part in stratified ? overlap.strata : [overlap.whole] {
            guard case .success(let table) = part.table else { continue }
            for pattern in table.counts.indices.dropFirst() where table.counts[pattern] > 0 {
                let on = Set(table.lists.indices.filter { pattern & (1 << $0) != 0 }.map { table.lists[$0] })
                rows.append(
                    (stratified ? [.text(part.stratum ?? "")] : []) + lists.map { .integer(on.contains($0) ? 1 : 0) }
                        + [.integer(table.counts[pattern])])
            }
        }
        return String(decoding: CSVRows.data(rows), as: UTF8.self)
    }

    private func estimate(_ part: StoreOverlap.Part, _ request: EstimationRequest) throws -> StratumEstimate {
        let table: OverlapTable
        switch part.table {
        case .success(let built): table = built
        case .failure(let error):
            let reason =
                part.observed == 0
                ? "nobody is on any list"
                : part.lists.count > OverlapTable.maximumLists
                    ? "\(part.lists.count) lists; at most \(OverlapTable.maximumLists) can be estimated from"
                    : error.description
            return StratumEstimate(
                stratum: part.stratum, table: nil,
                estimate: .notEstimable(reason, observed: part.observed, lists: part.lists, method: request.method))
        }
        do {
            let estimate =
                try cache?.estimate(table, request) { () throws(EstimationError) in
                    try Estimator.estimate(table, request)
                } ?? Estimator.estimate(table, request)
            return StratumEstimate(stratum: part.stratum, table: table, estimate: estimate)
        } catch {
            // Settings a table of this size cannot honour (too many models to search): an answer, not a failure.
            return StratumEstimate(
                stratum: part.stratum, table: table,
                estimate: .notEstimable(
                    String(describing: error), observed: part.observed, lists: part.lists, method: request.method))
        }
    }
}

/// Records gathered from the store's batches.
private actor RecordsCollector {
    private var persons: [(RecordID, Person)] = []
    private var acts: [Act] = []
    private var sources: [(id: RecordID, title: String, type: String)] = []

    func add(persons batch: [(RecordID, Person)], acts more: [Act]) {
        persons += batch
        acts += more.filter { !$0.sourceIDs.isEmpty }
    }

    func sources(_ batch: [(RecordID, String, String)]) { sources += batch.map { ($0.0, $0.1, $0.2) } }

    /// What was read, with the list of each source: its type, or its title (a title two sources share
    /// is told apart by the source's id).
    func records(grouping: ListGrouping) -> StoreOverlap.Records {
        var lists: [RecordID: String] = [:]
        switch grouping {
        case .sourceType:
            for source in sources { lists[source.id] = source.type }
        case .source:
            let shared = Dictionary(grouping: sources, by: \.title).filter { $0.value.count > 1 }
            for source in sources {
                let title = source.title.isEmpty ? source.id.description : source.title
                lists[source.id] = shared[source.title] == nil ? title : "\(title) (\(source.id))"
            }
        }
        return StoreOverlap.Records(persons: persons, acts: acts, lists: lists, decisions: [])
    }
}
