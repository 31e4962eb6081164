import Foundation
import HTTPTypes
import Hummingbird
import WhereaboutsCore
import WhereaboutsEvidence
import WhereaboutsOperations
import WhereaboutsSecurity
import WhereaboutsStore

/// A request's multipart body as the events of ``MultipartFormReader``, read from the body as they
/// are asked for: never more than one piece of the body at a time.
struct UploadStream {
    private var body: RequestBody.AsyncIterator
    private var reader: MultipartFormReader
    private var events: [MultipartFormReader.Event] = []
    private var position = 0
    private var ended = false

    init(_ request: Request) throws {
        reader = try MultipartFormReader(contentType: request.headers[.contentType])
        body = request.body.makeAsyncIterator()
    }

    /// The next event; nil once the body ended whole (else the reader's refusal is thrown).
    mutating func next() async throws -> MultipartFormReader.Event? {
        while position == events.count {
            guard !ended else { return nil }
            guard let piece = try await body.next() else {
                try reader.finish()
                ended = true
                return nil
            }
            events = try reader.read(piece)
            position = 0
        }
        defer { position += 1 }
        return events[position]
    }
}

/// Why an upload was not taken in, beyond what the multipart reader refuses.
enum UploadRefusal: Error {
    /// No file, or a file of no bytes.
    case emptyFile
}

extension WebController {
    /// Evidence from the browser: a file posted on a record of a kind that carries evidence, and a
    /// derived copy posted on an item's page. Both stream the file to intake as it arrives.
    func registerEvidenceUpload(on router: Router<AppRequestContext>) {
        let writers = router.group(context: SignedInPage<CanWrite>.self)
        for kind in RecordKind.carryingEvidence {
            writers.post(RouterPath("/\(kind.collection)/:id/evidence")) { request, context in
                let id = try Self.recordID(context)
                // A record the writer may not take evidence in on is "not found", as a missing one is.
                guard context.access.seesIdentities, try await store.kind(of: id, access: context.access) == kind
                else { throw PageError.status(404, context.language) }
                return try await receiveUpload(request, context, target: .record(kind, id))
            }
        }
        writers.post(RouterPath("/evidence/:id/derived")) { request, context in
            guard let id = context.parameters.get("id") else { throw PageError.status(404, context.language) }
            let parent = try await store.evidenceItem(id, access: context.access)
            return try await receiveUpload(request, context, target: .derived(parent))
        }
    }

    /// The upload form under a record's evidence, for a writer who may take evidence in on it.
    func evidenceUploadForm(_ kind: RecordKind, _ id: RecordID, _ context: SignedInPage<CanRead>) -> HTML {
        guard kind.bodyType.carriesEvidence, context.access.seesIdentities,
            context.account.permissions.contains(.writeRecords)
        else { return .empty }
        return EvidenceUploadForm.render(
            .record(kind, id), csrf: context.session.csrfToken, limit: evidenceLimit, text: context.text)
    }

    /// Reads the form's fields, checks its CSRF token before the file's first byte is taken in,
    /// then streams the file to intake and sends the browser to the new item's page. Everything the
    /// sender got wrong comes back as the form with an error summary, never as a server error.
    func receiveUpload(
        _ request: Request, _ context: SignedInPage<CanWrite>, target: EvidenceUploadTarget
    ) async throws -> Response {
        let text = context.text
        func refused(_ input: EvidenceUploadInput, _ field: String, _ message: String, _ status: HTTPResponse.Status)
            -> Response
        {
            let form = EvidenceUploadForm.render(
                target, input: input, errors: [(field, message)], csrf: context.session.csrfToken,
                limit: evidenceLimit, text: text, headingLevel: 1)
            let back: HTML = "<p><a href=\"\(target.page.path)\">\(text[target.page.link])</a></p>"
            return context.render(
                text[.errorSummaryTitle], "\(form)\(back)", request: request, status: status)
        }
        let tooLarge = text.format(.evidenceErrorTooLarge, String(evidenceLimit >> 20))
        let malformed = text[.evidenceErrorMalformed]
        // A body that cannot fit is refused before any of it is read.
        if let length = request.headers[.contentLength].flatMap(Int.init),
            length > evidenceLimit + MultipartFormReader.defaultOverheadLimit
        {
            return refused(EvidenceUploadInput(), "evidence-file", tooLarge, .contentTooLarge)
        }
        var stream: UploadStream
        var fields: [String: String] = [:]
        var file: MultipartFormReader.FilePart?
        do {
            stream = try UploadStream(request)
            reading: while let event = try await stream.next() {
                switch event {
                case .field(let name, let value): if fields[name] == nil { fields[name] = value }
                case .fileStart(let part):
                    file = part
                    break reading
                case .fileBytes, .fileEnd: throw MultipartFormReader.Refusal.malformed
                }
            }
        } catch is MultipartFormReader.Refusal {
            return refused(EvidenceUploadInput(fields), "evidence-file", malformed, .badRequest)
        }
        try context.requireCSRF(token: fields["csrf"])
        let input = EvidenceUploadInput(fields)
        guard let file else { return refused(input, "evidence-file", text[.evidenceErrorEmpty], .unprocessableContent) }
        if case .derived = target, input.transformation.isEmpty {
            return refused(
                input, "evidence-transformation", text[.evidenceErrorTransformation], .unprocessableContent)
        }
        guard let writer = Writer(account: context.account, compartments: [], noting: context.caller.identityReads)
        else { throw PageError.status(403, context.language) }

        var received = 0
        var done = false
        let next: EvidenceOperations.NextBytes = {
            while !done, let event = try await stream.next() {
                switch event {
                case .fileBytes(let bytes):
                    received += bytes.count
                    return bytes
                case .fileEnd:
                    guard received > 0 else { throw UploadRefusal.emptyFile }
                    // Only the close delimiter may follow; the reader refuses any other part.
                    while try await stream.next() != nil {}
                    done = true
                case .field, .fileStart: throw MultipartFormReader.Refusal.unexpectedPart
                }
            }
            // The body ended before the file did: the reader has thrown already, unless it was whole.
            guard done else { throw MultipartFormReader.Refusal.incomplete }
            return nil
        }
        let stated = StatedFile(
            name: file.filename.isEmpty ? "upload" : file.filename, type: file.contentType, capture: input.capture)
        let operations = evidenceOperations
        do {
            let item: EvidenceItem
            switch target {
            case .record(_, let id):
                item = try await operations.add(
                    next, stated: stated, to: id, note: input.note, by: writer, from: Self.origin(context))
            case .derived(let parent):
                item = try await operations.derive(
                    from: parent.id, next, stated: stated, transformation: input.transformation, note: input.note,
                    by: writer, from: Self.origin(context))
            }
            return Response.seeOther(to: SiteURL.evidence(item.id).path)
        } catch UploadRefusal.emptyFile {
            return refused(input, "evidence-file", text[.evidenceErrorEmpty], .unprocessableContent)
        } catch EvidenceError.tooLarge {
            return refused(input, "evidence-file", tooLarge, .contentTooLarge)
        } catch is MultipartFormReader.Refusal {
            return refused(input, "evidence-file", malformed, .badRequest)
        }
    }
}
