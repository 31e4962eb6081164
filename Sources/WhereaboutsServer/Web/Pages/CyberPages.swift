import Foundation
import HTTPTypes
import Hummingbird
import WhereaboutsCore
import WhereaboutsCyber
import WhereaboutsOperations
import WhereaboutsStore

extension WebController {
    var cyberOperations: CyberOperations {
        CyberOperations(store: store, audit: audit, evidence: evidenceOperations)
    }

    /// The cyber page, its lure upload and its STIX downloads (issue 20). Everything is made of what
    /// the reader sees; a named incident out of reach is "not found".
    func registerCyberPages(on router: Router<AppRequestContext>) {
        let readers = router.group(context: SignedInPage<CanRead>.self)
        readers.get(RouterPath(SiteURL.cyber.path)) { request, context in
            let model = try await CyberPageModel.load(cyberOperations, access: context.access)
            let mayWrite = context.account.permissions.contains(.writeRecords) && context.access.seesIdentities
            let form =
                mayWrite
                ? CyberPageView.form(
                    csrf: context.session.csrfToken, compartments: try await writableCompartments(context.account),
                    text: context.text) : .empty
            return context.render(
                context.text[.cyberTitle],
                CyberPageView.render(
                    model, text: context.text, form: form,
                    mayExport: context.account.permissions.contains(.export)), request: request)
        }

        let exporters = router.group(context: SignedInPage<CanExport>.self)
        exporters.get(RouterPath("/cyber/stix")) { request, context in
            guard let tlp = TrafficLightProtocol(rawValue: request.uri.queryParameters.get("tlp") ?? "amber") else {
                throw PageError.status(400, context.language)
            }
            let (data, _) = try await cyberOperations.exportSTIX(
                tlp: tlp, access: context.access, actor: context.account.username, from: Self.origin(context))
            return Self.download(data, name: "whereabouts-cyber.stix.json", type: "application/json")
        }

        let writers = router.group(context: SignedInPage<CanWrite>.self)
        writers.post(RouterPath(SiteURL.cyberLures.path)) { request, context in
            try await receiveLure(request, context)
        }
    }

    /// The account's compartments, by id and name, for the form's choice.
    func writableCompartments(_ account: Account) async throws -> [(id: String, name: String)] {
        try await accounts.compartments().filter { account.compartments.contains($0.id) }.map { ($0.id, $0.name) }
    }

    /// Reads the form (fields before the file), checks its CSRF token, takes the message in and
    /// sends the browser to the incident. A refused form comes back with its message, never a 500.
    func receiveLure(_ request: Request, _ context: SignedInPage<CanWrite>) async throws -> Response {
        let text = context.text
        let compartments = try await writableCompartments(context.account)
        func refused(_ message: String, _ status: HTTPResponse.Status) -> Response {
            context.render(
                text[.cyberIngestTitle],
                CyberPageView.form(
                    csrf: context.session.csrfToken, compartments: compartments, text: text, error: message,
                    headingLevel: 1),
                request: request, status: status)
        }
        var fields: [String: String] = [:]
        var bytes: [UInt8] = []
        var name = "lure.eml"
        var sawFile = false
        do {
            var stream = try UploadStream(request)
            while let event = try await stream.next() {
                switch event {
                case .field(let field, let value): if fields[field] == nil, !sawFile { fields[field] = value }
                case .fileStart(let part):
                    try context.requireCSRF(token: fields["csrf"])
                    sawFile = true
                    name = part.filename.isEmpty ? name : part.filename
                case .fileBytes(let piece):
                    guard bytes.count + piece.count <= CyberController.messageLimit else {
                        return refused(text[.cyberErrorTooLarge], .contentTooLarge)
                    }
                    bytes += piece
                case .fileEnd: break
                }
            }
        } catch is MultipartFormReader.Refusal {
            return refused(text[.evidenceErrorMalformed], .badRequest)
        }
        try context.requireCSRF(token: fields["csrf"])
        guard !bytes.isEmpty else { return refused(text[.cyberErrorEmpty], .unprocessableContent) }
        // A new incident goes where the form says, among the writer's own compartments.
        let chosen = fields["compartment"] ?? compartments.first?.id ?? ""
        guard context.access.seesIdentities, context.account.compartments.contains(chosen),
            let writer = Writer(account: context.account, compartments: [chosen], noting: context.caller.identityReads)
        else { throw PageError.status(403, context.language) }
        let target = CyberIncident.Target.Classification(rawValue: fields["target"] ?? "") ?? .escapee
        var incident: RecordID?
        if let typed = fields["incident"]?.trimmingCharacters(in: .whitespaces), !typed.isEmpty {
            guard let id = RecordID(typed) else { throw PageError.status(404, context.language) }
            incident = id
        }
        do {
            let ingested = try await cyberOperations.ingestEmail(
                bytes, name: name, into: incident, target: CyberIncident.Target(classification: target), by: writer,
                from: Self.origin(context))
            return Response.seeOther(to: SiteURL.record(.cyberIncident, ingested.incident.id).path)
        } catch StoreError.notFound {
            throw PageError.status(404, context.language)
        }
    }
}
