import Foundation
import HTTPTypes
import Hummingbird
import WhereaboutsCore
import WhereaboutsOperations
import WhereaboutsStore

/// Create, read, update, delete, list and the history of every kind of record, at
/// `/api/v1/{collection}`. Reads return the version as an ETag; writes require it as If-Match.
struct RecordController {
    let store: SQLRecordStore
    let audit: AuditLog

    private var operations: RecordOperations { RecordOperations(store: store, audit: audit) }

    func register(kind: RecordKind, on routes: inout DocumentedRoutes) {
        let base = "/api/v1/" + kind.collection
        let name = Schema.schemaName(kind)
        let tag = name
        let id = APIOperation.Parameter.path("id", "The record's id.", schema: Schema.uuid)
        let ifMatch = APIOperation.Parameter.header(
            "If-Match", "The version you read, as \"<version>\" (the record's ETag); without it, 428.", required: true,
            schema: Schema.version)
        let stored = Schema.ref("Stored" + name)
        let example = APIExamples.request(for: kind)
        let compartment = APIOperation.Parameter.query(
            "compartment",
            "Compartment to place a new record in (repeat for several). Records that hang from another (an act "
                + "from its event) follow it; others go to your only compartment, or must name one.",
            schema: Schema.array(Schema.compartment))

        routes.add(
            APIOperation(
                method: .get, path: base, operationID: "list\(name)", summary: "List \(kind.collection), newest first",
                tag: tag,
                parameters: [
                    .query("cursor", "The nextCursor of the previous page.", schema: Schema.matching(Cursor.pattern)),
                    .query("limit", "Page size, 1–500 (default 50).", schema: Schema.integer(1...500)),
                ], requestSchema: nil, requestExample: nil,
                replies: [
                    .json(200, "A page of records", Schema.ref(name + "Page")), .problem(400, "Bad cursor or limit"),
                ]), requires: CanRead.self
        ) { request, context in
            let limit = try request.integerQuery("limit", default: 50, range: 1...500)
            return try .json(
                try await store.list(
                    kind, access: context.access, cursor: request.uri.queryParameters.get("cursor"), limit: limit))
        }

        routes.add(
            APIOperation(
                method: .post, path: base, operationID: "create\(name)", summary: "Create a \(kind.rawValue)", tag: tag,
                parameters: [compartment], requestSchema: Schema.ref(name), requestExample: example,
                replies: [
                    .json(201, "Created; Location and ETag name it", stored),
                    .problem(400, "Not JSON"), .problem(413, "Body over 1 MiB"), .problem(422, "Invalid fields"),
                ]), requires: CanWrite.self
        ) { request, context in
            let data = try await request.bodyData(context: context)
            try UndeclaredFields.refuse(data, schema: Schema.ref(name))
            let body = try kind.bodyType.decoded(from: data)
            let writer = try context.writer(compartments: request.uri.queryParameters.getAll("compartment"))
            let record = try await operations.create(body, by: writer)
            return try .json(record, status: .created, headers: Self.headers(record, base: base))
        }

        routes.add(
            APIOperation(
                method: .get, path: base + "/{id}", operationID: "get\(name)", summary: "Read a \(kind.rawValue)",
                tag: tag,
                parameters: [id], requestSchema: nil, requestExample: nil,
                replies: [.json(200, "The record; ETag is its version", stored), .problem(404, "No such record")]),
            requires: CanRead.self
        ) { _, context in
            let record = try await store.get(try Self.id(context), kind: kind, access: context.access)
            return try .json(record, headers: Self.headers(record, base: base))
        }

        routes.add(
            APIOperation(
                method: .put, path: base + "/{id}", operationID: "update\(name)",
                summary: "Replace a \(kind.rawValue), if it is still at the version you read", tag: tag,
                parameters: [id, ifMatch], requestSchema: Schema.ref(name), requestExample: example,
                replies: [
                    .json(200, "Updated", stored), .problem(404, "No such record"),
                    .problem(409, "Changed since you read it"), .problem(422, "Invalid fields"),
                    .problem(428, "If-Match missing"),
                ]), requires: CanWrite.self
        ) { request, context in
            let recordID = try Self.id(context)
            let version = try request.expectedVersion()
            let data = try await request.bodyData(context: context)
            try UndeclaredFields.refuse(data, schema: Schema.ref(name))
            let body = try kind.bodyType.decoded(from: data)
            let record = try await operations.update(
                recordID, with: body, expectedVersion: version, by: try context.writer(compartments: []))
            return try .json(record, headers: Self.headers(record, base: base))
        }

        routes.add(
            APIOperation(
                method: .delete, path: base + "/{id}", operationID: "delete\(name)",
                summary: "Delete a \(kind.rawValue) (kept in history; restore brings it back)", tag: tag,
                parameters: [id, ifMatch], requestSchema: nil, requestExample: nil,
                replies: [
                    .json(200, "Deleted", stored), .problem(404, "No such record"),
                    .problem(409, "Changed since read, or still referred to"), .problem(428, "If-Match missing"),
                ]), requires: CanWrite.self
        ) { request, context in
            let recordID = try Self.id(context)
            let version = try request.expectedVersion()
            return try .json(
                try await operations.delete(
                    recordID, kind: kind, expectedVersion: version, by: try context.writer(compartments: [])))
        }

        routes.add(
            APIOperation(
                method: .get, path: base + "/{id}/versions", operationID: "history\(name)",
                summary: "Every version of a \(kind.rawValue), newest first", tag: tag,
                parameters: [id], requestSchema: nil, requestExample: nil,
                replies: [.json(200, "The history", Schema.ref(name + "Versions")), .problem(404, "No such record")]),
            requires: CanRead.self
        ) { _, context in
            let recordID = try Self.id(context)
            try await Self.requireKind(store, recordID, kind, context.access)
            return try .json(["versions": try await store.history(recordID, access: context.access)])
        }

        let versionParameter = APIOperation.Parameter.path(
            "version", "A version number.", schema: Schema.integer(1...Int(Int32.max)))
        routes.add(
            APIOperation(
                method: .get, path: base + "/{id}/versions/{version}", operationID: "version\(name)",
                summary: "A \(kind.rawValue) as it was at one version", tag: tag,
                parameters: [id, versionParameter], requestSchema: nil, requestExample: nil,
                replies: [.json(200, "The version", Schema.ref(name + "AtVersion")), .problem(404, "No such version")]),
            requires: CanRead.self
        ) { _, context in
            let recordID = try Self.id(context)
            try await Self.requireKind(store, recordID, kind, context.access)
            let (version, body) = try await store.version(recordID, try Self.version(context), access: context.access)
            return try .json(VersionedBody(version: version, data: body))
        }

        routes.add(
            APIOperation(
                method: .post, path: base + "/{id}/versions/{version}/restore", operationID: "restore\(name)",
                summary: "Make an earlier version current again (as a new version)", tag: tag,
                parameters: [id, versionParameter, ifMatch], requestSchema: nil, requestExample: nil,
                replies: [
                    .json(200, "Restored", stored), .problem(404, "No such version"),
                    .problem(409, "Changed since you read it"), .problem(422, "The old version is no longer valid"),
                    .problem(428, "If-Match missing"),
                ]), requires: CanWrite.self
        ) { request, context in
            let recordID = try Self.id(context)
            let expected = try request.expectedVersion()
            let version = try Self.version(context)
            let record = try await operations.restore(
                recordID, kind: kind, version: version, expectedVersion: expected,
                by: try context.writer(compartments: []), from: .init(via: "api"))
            return try .json(record, headers: Self.headers(record, base: base))
        }
    }

    private static func id(_ context: some RequestContext) throws -> RecordID {
        guard let text = context.parameters.get("id"), let id = RecordID(text) else { throw Problem.notFound() }
        return id
    }

    private static func version(_ context: some RequestContext) throws -> Int {
        guard let version = context.parameters.get("version", as: Int.self), version > 0 else {
            throw Problem.notFound("Versions are numbered from 1.")
        }
        return version
    }

    /// A record of another kind (or none) under this collection is not found; deleted ones keep their history.
    private static func requireKind(
        _ store: SQLRecordStore, _ id: RecordID, _ kind: RecordKind, _ access: RecordAccess
    ) async throws {
        guard try await store.kind(of: id, access: access) == kind else { throw Problem.notFound() }
    }

    private static func headers(_ record: StoredRecord, base: String) -> HTTPFields {
        [.eTag: "\"\(record.version)\"", .location: "\(base)/\(record.id)"]
    }
}

/// A record's body at one version.
struct VersionedBody: Encodable {
    let version: RecordVersion
    let data: any RecordBody

    private enum CodingKeys: String, CodingKey { case version, data }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(version, forKey: .version)
        try data.encode(to: container.superEncoder(forKey: .data))
    }
}
