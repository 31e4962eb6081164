import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import WhereaboutsCore
import WhereaboutsEvidence
import WhereaboutsOperations
import WhereaboutsStore

/// Evidence items over the API (issue 15, decision 0022): upload to a record (the body streamed,
/// never collected), list a record's items, read an item's description and custody, download its
/// content (streamed, every frame checked before it is sent). An item the caller may not see is
/// "not found", exactly as an id that does not exist.
struct EvidenceController {
    let operations: EvidenceOperations

    func register(on routes: inout DocumentedRoutes) {
        for kind in RecordKind.carryingEvidence {
            registerRecordRoutes(kind: kind, on: &routes)
            registerBundleRoute(kind: kind, on: &routes)
        }
        registerItemRoutes(on: &routes)
    }

    private func registerRecordRoutes(kind: RecordKind, on routes: inout DocumentedRoutes) {
        let base = "/api/v1/\(kind.collection)/{id}/evidence"
        let name = Schema.schemaName(kind)
        let id = APIOperation.Parameter.path("id", "The record's id.", schema: Schema.uuid)
        routes.add(
            APIOperation(
                method: .get, path: base, operationID: "list\(name)Evidence",
                summary: "The evidence items of a \(kind.rawValue), oldest first", tag: "Evidence", parameters: [id],
                requestSchema: nil, requestExample: nil,
                replies: [.json(200, "The items", Schema.ref("EvidenceList")), .problem(404, "No such record")]),
            requires: CanRead.self
        ) { _, context in
            let record = try await Self.record(context, kind: kind, operations.store)
            return try .json(
                ["items": try await operations.list(on: record, access: context.access).map(EvidenceItemView.init)])
        }

        routes.add(
            APIOperation(
                method: .post, path: base, operationID: "add\(name)Evidence",
                summary: "Take a file in as evidence on a \(kind.rawValue) (send the file's bytes as the body)",
                tag: "Evidence",
                parameters: [
                    id, .query("name", "The file's original name (kept as stated)."),
                    .query("note", "A note for the custody log: how the file was obtained."),
                    .header("Content-Type", "The file's type as stated (kept, never trusted).", required: false),
                ], requestSchema: nil, requestExample: nil,
                replies: [
                    .json(201, "Taken in; its hashes, size and sniffed media type", Schema.ref("EvidenceItem")),
                    .problem(404, "No such record"), .problem(413, "Larger than the server's evidence limit"),
                ]
            ).takingFile(), requires: CanWrite.self
        ) { request, context in
            let record = try await Self.record(context, kind: kind, operations.store)
            let item = try await operations.add(
                Self.bytes(of: request), stated: Self.stated(request), to: record,
                note: request.uri.queryParameters.get("note") ?? "", by: try context.writer(compartments: []),
                from: Self.origin)
            return try .json(EvidenceItemView(item), status: .created)
        }
    }

    /// `GET …/{id}/evidence/bundle`: the record's court bundle (decision 0025), signed, without a timestamp.
    private func registerBundleRoute(kind: RecordKind, on routes: inout DocumentedRoutes) {
        routes.add(
            APIOperation(
                method: .get, path: "/api/v1/\(kind.collection)/{id}/evidence/bundle",
                operationID: "bundle\(Schema.schemaName(kind))Evidence",
                summary:
                    "A court bundle of the \(kind.rawValue)'s evidence (BagIt in a ZIP, signed; logged in each item's custody)",
                tag: "Evidence", parameters: [.path("id", "The record's id.", schema: Schema.uuid)], requestSchema: nil,
                requestExample: nil,
                replies: [
                    .file(
                        200, "The bundle: a ZIP holding a BagIt bag; its README.txt says how to check it offline",
                        contentType: "application/zip"),
                    .problem(403, "Withheld: a source's consent does not cover it"), .problem(404, "No such record"),
                ]), requires: CanRead.self
        ) { _, context in
            let record = try await Self.record(context, kind: kind, operations.store)
            return try await EvidenceBundleDownload.response(
                record, access: context.access, actor: context.account.username, operations, origin: Self.origin)
        }
    }

    private func registerItemRoutes(on routes: inout DocumentedRoutes) {
        let id = APIOperation.Parameter.path("id", "The evidence item's id.", schema: Schema.evidenceID)
        routes.add(
            APIOperation(
                method: .get, path: "/api/v1/evidence/{id}", operationID: "getEvidence",
                summary: "An evidence item's description", tag: "Evidence", parameters: [id], requestSchema: nil,
                requestExample: nil,
                replies: [.json(200, "The item", Schema.ref("EvidenceItem")), .problem(404, "No such item")]),
            requires: CanRead.self
        ) { _, context in
            try .json(
                EvidenceItemView(try await operations.store.evidenceItem(try Self.id(context), access: context.access)))
        }

        routes.add(
            APIOperation(
                method: .get, path: "/api/v1/evidence/{id}/custody", operationID: "getEvidenceCustody",
                summary: "An evidence item's chain of custody", tag: "Evidence", parameters: [id],
                requestSchema: nil, requestExample: nil,
                replies: [
                    .json(200, "The item and its custody entries", Schema.ref("Custody")),
                    .problem(404, "No such item"),
                ]),
            requires: CanRead.self
        ) { _, context in
            let shown = try await operations.show(try Self.id(context), access: context.access)
            return try .json(CustodyView(shown))
        }

        routes.add(
            APIOperation(
                method: .get, path: "/api/v1/evidence/{id}/content", operationID: "downloadEvidence",
                summary: "Download an evidence item's content (logged in its custody; always as an attachment)",
                tag: "Evidence", parameters: [id], requestSchema: nil, requestExample: nil,
                replies: [
                    .file(200, "The file's bytes, exactly as taken in"),
                    .problem(403, "Withheld: the source's consent no longer covers it"), .problem(404, "No such item"),
                    .problem(500, "The stored file is damaged; nothing altered is sent"),
                ]), requires: CanRead.self
        ) { _, context in
            try await Self.download(
                try Self.id(context), access: context.access, actor: context.account.username, operations,
                origin: Self.origin)
        }

        routes.add(
            APIOperation(
                method: .post, path: "/api/v1/evidence/{id}/derived", operationID: "deriveEvidence",
                summary: "Add a derived copy of an item (redacted, transcribed, re-encoded); the original is kept",
                tag: "Evidence",
                parameters: [
                    id, .query("transformation", "What was done to the original (required).", schema: Schema.nonBlank),
                    .query("name", "The copy's file name."), .query("note", "A note for the custody log."),
                ], requestSchema: nil, requestExample: nil,
                replies: [
                    .json(201, "The new item", Schema.ref("EvidenceItem")), .problem(404, "No such item"),
                    .problem(413, "Larger than the server's evidence limit"), .problem(422, "No transformation named"),
                ]
            ).takingFile(), requires: CanWrite.self
        ) { request, context in
            let query = request.uri.queryParameters
            // The item first: for one out of reach the answer is "not found", whatever else is wrong.
            _ = try await operations.store.evidenceItem(try Self.id(context), access: context.access)
            guard let transformation = query.get("transformation"), !transformation.isEmpty else {
                throw Problem.invalid([
                    FieldIssue(path: "/transformation", message: "name what was done to the original")
                ])
            }
            let item = try await operations.derive(
                from: try Self.id(context), Self.bytes(of: request), stated: Self.stated(request),
                transformation: transformation, note: query.get("note") ?? "", by: try context.writer(compartments: []),
                from: Self.origin)
            return try .json(EvidenceItemView(item), status: .created)
        }
    }

    /// The content of an item as a download: every frame is checked before it is sent, the first
    /// one before any header goes out, so a damaged file fails with an error (or, past the first
    /// frame, a cut connection) and never with altered bytes. Always an attachment, never rendered.
    static func download(
        _ id: String, access: RecordAccess, actor: String, _ operations: EvidenceOperations, origin: OperationOrigin
    ) async throws -> Response {
        let (item, reader) = try await operations.open(id, access: access, actor: actor, from: origin)
        return try await content(of: item, reader, headers: attachmentHeaders(name: item.name))
    }

    /// An item's bytes as a response with `headers`, checked frame by frame as they go out.
    static func content(of item: EvidenceItem, _ reader: EvidenceReader, headers: HTTPFields) async throws -> Response {
        let first = try await reader.frame(0)
        let body = ResponseBody(contentLength: item.size) { writer in
            var frames = 0
            try await reader.read { bytes in
                // The first frame was opened already; sending it again keeps the digests whole.
                frames += 1
                try await writer.write(ByteBuffer(bytes: frames == 1 ? first : bytes))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    /// Headers that make a browser save the file and never render or sniff it.
    static func attachmentHeaders(name: String) -> HTTPFields {
        let ascii = String(
            name.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" ? Character($0) : "_" }
        )
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return [
            .contentType: "application/octet-stream",
            .contentDisposition: "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)",
            .xContentTypeOptions: "nosniff",
            .contentSecurityPolicy: "default-src 'none'; sandbox",
            .cacheControl: "no-store",
        ]
    }

    private static func id(_ context: some RequestContext) throws -> String {
        guard let id = context.parameters.get("id") else { throw Problem.notFound("There is no such evidence item.") }
        return id
    }

    /// API calls, for the audit entries of custody.
    static let origin = OperationOrigin(via: "api")

    private static func record<Requirement: RequiredPermission>(
        _ context: AuthorizedContext<Requirement>, kind: RecordKind, _ store: SQLRecordStore
    ) async throws -> RecordID {
        guard let text = context.parameters.get("id"), let id = RecordID(text),
            try await store.kind(of: id, access: context.access) == kind
        else { throw Problem.notFound() }
        return id
    }

    /// The request's body as it arrives, piece by piece.
    static func bytes(of request: Request) -> EvidenceOperations.NextBytes {
        var iterator = request.body.makeAsyncIterator()
        return { try await iterator.next().map { Array($0.readableBytesView) } }
    }

    static func stated(_ request: Request) -> StatedFile {
        StatedFile(
            name: request.uri.queryParameters.get("name").map { String($0) } ?? "upload",
            type: request.headers[.contentType])
    }
}
