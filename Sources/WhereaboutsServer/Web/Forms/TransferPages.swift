import Foundation
import HTTPTypes
import Hummingbird
import Synchronization
import WhereaboutsCore
import WhereaboutsOperations
import WhereaboutsStore

/// Import and export in the browser (decision 0034): a case list uploaded is checked whole as
/// `whereabouts import csv` checks it — on any problem nothing is written and every problem is shown
/// by line and column — and imported with its audit entry in one transaction; an export is the
/// CLI's, for a purpose whose consent rules it applies, within what the account may see, and is
/// handed over only once its audit entry is written. Importing needs the permission to write records;
/// exporting, the permission to export.
extension WebController {
    /// The largest case list taken from a browser.
    static let caseListLimit = 32 << 20

    func registerTransfers(on router: Router<AppRequestContext>) {
        router.group(context: SignedInPage<CanRead>.self).get(RouterPath(TransferPath.page)) { request, context in
            let permissions = context.account.permissions
            guard permissions.contains(.writeRecords) || permissions.contains(.export) else {
                throw PageError.status(403, context.language)
            }
            return try await transferPage(request: request, context: context, result: .empty, status: .ok)
        }

        let writers = router.group(context: SignedInPage<CanWrite>.self)
        writers.post(RouterPath(TransferPath.importCases)) { request, context in
            let text = context.text
            var fields: [String: String] = [:]
            var filename = "upload.csv"
            var bytes: [UInt8] = []
            do {
                var stream = try UploadStream(request)
                while let event = try await stream.next() {
                    switch event {
                    case .field(let name, let value): if fields[name] == nil { fields[name] = value }
                    case .fileStart(let part): filename = part.filename.isEmpty ? filename : part.filename
                    case .fileBytes(let piece):
                        bytes += piece
                        guard bytes.count <= Self.caseListLimit else { throw PageError.status(413, context.language) }
                    case .fileEnd: break
                    }
                }
            } catch is MultipartFormReader.Refusal {
                throw PageError.status(400, context.language)
            }
            try context.requireCSRF(token: fields["csrf"])
            let compartment =
                fields["compartment"]
                ?? (context.account.compartments.count == 1 ? context.account.compartments.first : nil) ?? ""
            guard context.account.compartments.contains(compartment),
                let writer = Writer(
                    account: context.account, compartments: [compartment], noting: context.caller.identityReads)
            else {
                return try await transferPage(
                    request: request, context: context,
                    result:
                        "<p class=\"alert\" role=\"alert\">\(text.fieldLabel("compartment")): \(text[.fieldRequired])</p>",
                    status: .unprocessableContent)
            }
            let name = MultipartFormReader.baseName(filename)
            let parsed: CaseList.Parsed
            do {
                parsed = try CaseList.read(InputStream(data: Data(bytes)), vocabulary: store.vocabularyIndex)
            } catch let error as CaseList.IssueList {
                return try await transferPage(
                    request: request, context: context,
                    result: Self.issues(error.issues.map { ($0.line, $0.column, $0.message) }, file: name, text: text),
                    status: .unprocessableContent)
            }
            do {
                try await TransferOperations(store: store, audit: audit).importRecords(
                    parsed.records, from: name,
                    details: ["rows": String(parsed.rows), "format": "csv", "compartment": compartment],
                    by: writer, actor: context.account.username, origin: Self.origin(context))
            } catch StoreError.invalid(let found) {
                let issues = found.map { (line: 0, column: Optional($0.path), message: $0.message) }
                return try await transferPage(
                    request: request, context: context, result: Self.issues(issues, file: name, text: text),
                    status: .unprocessableContent)
            }
            let done: HTML = """
                <p class="notice" role="status" id="import-result">\(text.format(.importDone, String(parsed.records.count)))
                (\(parsed.events) · \(parsed.persons) · \(parsed.acts) · \(parsed.sources))</p>
                """
            return try await transferPage(request: request, context: context, result: done, status: .ok)
        }

        let exporters = router.group(context: SignedInPage<CanExport>.self)
        for format in ["jsonl", "csv"] {
            exporters.post(RouterPath(TransferPath.export(format))) { request, context in
                let form = try await Form.read(request, context: context)
                try context.requireCSRF(form)
                guard let purpose = SharingPurpose(rawValue: form["purpose"] ?? "internal") else {
                    throw PageError.status(400, context.language)
                }
                // Publication never carries identities, whoever asks.
                let access =
                    purpose == .publication
                    ? RecordAccess(compartments: context.access.compartments, seesIdentities: false) : context.access
                let transfers = TransferOperations(store: store, audit: audit)
                let collected = ExportBuffer()
                let stamp = String(ISO8601DateFormatter().string(from: Date()).prefix(10))
                let file = "whereabouts-\(purpose.rawValue)-\(stamp).\(format)"
                try await transfers.export(
                    to: "browser:" + file, actor: context.account.username, origin: Self.origin(context),
                    discard: { collected.clear() }
                ) {
                    format == "csv"
                        ? try await transfers.writeCaseList(access: access, write: { collected.append($0) })
                        : try await transfers.writeJSONLines(
                            kinds: TransferOperations.exportOrder, access: access, purpose: purpose,
                            write: { collected.append($0) })
                }
                return Response(
                    status: .ok,
                    headers: [
                        .contentType: format == "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson",
                        .contentDisposition: "attachment; filename=\"\(file)\"", .cacheControl: "no-store",
                    ],
                    body: ResponseBody(byteBuffer: ByteBuffer(data: collected.data)))
            }
        }
    }

    /// The problems of a refused case list, by line and column, in a table.
    static func issues(
        _ issues: [(line: Int, column: String?, message: String)], file: String, text: Localizer
    ) -> HTML {
        let rows = issues.map { issue -> HTML in
            "<tr><td>\(issue.line > 0 ? String(issue.line) : "—")</td><td>\(issue.column ?? "—")</td><td lang=\"en\">\(issue.message)</td></tr>"
        }
        return """
            <div class="error-summary" role="alert" aria-labelledby="import-problems" id="import-result">
            <h2 id="import-problems">\(text[.errorSummaryTitle])</h2>
            <p>\(file): \(text.format(.importFailed, String(issues.count)))</p>
            <table><thead><tr><th scope="col">\(text[.importLineHeader])</th>
            <th scope="col">\(text[.importColumn])</th><th scope="col">\(text[.importProblem])</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            """
    }

    /// The page: the import form for those who may write records, the export forms for those who may export.
    func transferPage<Requirement: RequiredPermission>(
        request: Request, context: SignedInPage<Requirement>, result: HTML, status: HTTPResponse.Status
    ) async throws -> Response {
        let (account, csrf, text) = (context.account, context.session.csrfToken, context.text)
        var sections: [HTML] = []
        if account.permissions.contains(.writeRecords) {
            let names = try await accounts.compartments().filter { account.compartments.contains($0.id) }
            let options = names.map { "<option value=\"\($0.id)\">\($0.name)</option>" as HTML }
            sections.append(
                """
                <section aria-labelledby="import-title"><h2 id="import-title">\(text[.importTitle])</h2>
                <p>\(text[.importIntro])</p>
                \(result)
                <form method="post" action="\(TransferPath.importCases)" enctype="multipart/form-data" class="stacked">
                <input type="hidden" name="csrf" value="\(csrf)">
                <div><label for="import-compartment">\(text.fieldLabel("compartment"))</label>
                <select id="import-compartment" name="compartment">\(options)</select></div>
                <div><label for="import-file">\(text[.importFile])</label>
                <input type="file" id="import-file" name="file" accept=".csv,text/csv" required></div>
                <div><button type="submit">\(text[.importButton])</button></div>
                </form></section>
                """)
        }
        if account.permissions.contains(.export) {
            let purposes = SharingPurpose.allCases.map { purpose -> HTML in
                "<option value=\"\(purpose.rawValue)\">\(text.formValue("purpose", purpose.rawValue))</option>"
            }
            let forms = ["jsonl", "csv"].map { format -> HTML in
                """
                <form method="post" action="\(TransferPath.export(format))" class="stacked">
                <input type="hidden" name="csrf" value="\(csrf)">
                \(format == "jsonl" ? "<div><label for=\"export-purpose\">\(text[.exportPurpose])</label><select id=\"export-purpose\" name=\"purpose\">\(purposes)</select></div>" as HTML : "<input type=\"hidden\" name=\"purpose\" value=\"internal\">" as HTML)
                <div><button type="submit">\(text[.exportButton]) (\(format == "jsonl" ? "JSON Lines" : "CSV"))</button></div>
                </form>
                """
            }
            sections.append(
                """
                <section aria-labelledby="export-title"><h2 id="export-title">\(text[.exportTitle])</h2>
                <p>\(text[.exportIntro])</p>\(forms)</section>
                """)
        }
        return context.render(
            text[.navImportExport], "<h1>\(text[.navImportExport])</h1>\(sections)", request: request, status: status)
    }
}

/// The paths of the import and export page.
enum TransferPath {
    static let page = "/transfers"
    static let importCases = "/transfers/import"
    static func export(_ format: String) -> String { "/transfers/export." + format }
}

/// An export's bytes, gathered before they are handed over (an export leaves only once audited).
final class ExportBuffer: Sendable {
    private let storage = Mutex(Data())
    func append(_ data: Data) { storage.withLock { $0.append(data) } }
    func clear() { storage.withLock { $0 = Data() } }
    var data: Data { storage.withLock { $0 } }
}
