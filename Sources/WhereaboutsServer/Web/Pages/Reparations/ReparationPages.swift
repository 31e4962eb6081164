import Foundation
import Hummingbird
import WhereaboutsCore
import WhereaboutsOperations
import WhereaboutsStore

/// The reparations pages (decision 0032): the report for readers, its downloads for those who may
/// export, and a writer's claim, decision and measure forms. A record the writer may not see answers
/// as one that does not exist; everything is written through the same operations as the API's.
extension WebController {
    var reparationOperations: ReparationOperations { ReparationOperations(store: store, audit: audit) }

    func registerReparationPages(on router: Router<AppRequestContext>) {
        let readers = router.group(context: SignedInPage<CanRead>.self)
        readers.get(RouterPath(SiteURL.reparations(nil).path)) { request, context in
            let by = try Self.reparationsBreakdown(request, context.language)
            let report = try await reparationOperations.report(
                by: by, actor: context.account.username, access: context.access, from: Self.origin(context))
            let body = ReparationsReportView.render(
                report, vocabulary: store.vocabularyIndex, mayExport: context.account.permissions.contains(.export),
                text: context.text)
            return context.render(context.text[.repTitle], body, request: request)
        }
        let exporters = router.group(context: SignedInPage<CanExport>.self)
        for format in ["csv", "json"] {
            exporters.get(RouterPath("/reparations/report." + format)) { request, context in
                let by = try Self.reparationsBreakdown(request, context.language)
                let report = try await reparationOperations.report(
                    by: by, actor: context.account.username, access: context.access, from: Self.origin(context))
                let data =
                    format == "csv" ? ReparationsReportExport.csv(report) : try ReparationsReportExport.json(report)
                return Self.download(
                    data, name: "reparations-\(by.rawValue).\(format)",
                    type: format == "csv" ? "text/csv; charset=utf-8" : "application/json")
            }
        }

        let writers = router.group(context: SignedInPage<CanWrite>.self)
        writers.post("/persons/:id/claims") { request, context in
            let person = try Self.recordID(context)
            let form = try await Form.read(request, context: context)
            try context.requireCSRF(form)
            return try await reparationWrite(request, context, back: .record(.person, person), anchor: "reparations") {
                let seen = try await store.neighbourhood(
                    of: person, kind: .person, referrers: [], access: context.access)
                let home = seen.compartments.intersection(context.account.compartments)
                guard
                    let writer = Writer(
                        account: context.account,
                        compartments: home.isEmpty ? Set(context.account.compartments.prefix(1)) : home,
                        noting: context.caller.identityReads)
                else { throw PageError.status(403, context.language) }
                try await recordOperations.create(try Self.claimRecords(form, person: person), by: writer)
            }
        }
        writers.post("/claims/:id/decision") { request, context in
            let claim = try Self.recordID(context)
            let form = try await Form.read(request, context: context)
            try context.requireCSRF(form)
            return try await reparationWrite(request, context, back: .record(.claim, claim), anchor: "decisions") {
                guard let rules = form["rules"].flatMap(RecordID.init), let day = form["date"].flatMap(Day.init(iso:))
                else { throw StoreError.invalid([FieldIssue(path: "/date", message: "is a day")]) }
                _ = try await reparationOperations.decide(
                    claim: claim, rules: rules, on: day, by: try Self.pageWriter(context))
            }
        }
        writers.post("/claims/:id/measures") { request, context in
            let claim = try Self.recordID(context)
            let form = try await Form.read(request, context: context)
            try context.requireCSRF(form)
            return try await reparationWrite(request, context, back: .record(.claim, claim), anchor: "measures") {
                _ = try await recordOperations.create(
                    try Self.measure(form, claim: claim), by: try Self.pageWriter(context))
            }
        }
    }

    /// The writer's forms under a person's page (a claim) or a claim's page (decision, measure).
    func reparationForms(_ kind: RecordKind, _ id: RecordID, _ context: SignedInPage<CanRead>) async throws -> HTML {
        guard context.account.permissions.contains(.writeRecords) else { return .empty }
        let csrf = context.session.csrfToken
        switch kind {
        case .person:
            let acts = try await store.referrers(of: id, kinds: [.act], access: context.access).compactMap {
                record -> (RecordID, String)? in
                guard let act = record.body(as: Act.self), act.victimID == id else { return nil }
                let label = context.text.label(store.vocabularyIndex.term(.violationTypes, act.type), code: act.type)
                return (record.id, label + (act.date.map { " — " + context.text.date($0) } ?? ""))
            }
            return ReparationForms.claim(person: id, acts: acts, csrf: csrf, text: context.text, error: nil)
        case .claim:
            let rules = try await store.list(.eligibilityRules, access: context.access, limit: 100).items.map {
                ($0.id, "\($0.metadata.title) (\(context.text.format(.repRulesVersion, String($0.version))))")
            }
            return """
                \(ReparationForms.decide(claim: id, rules: rules, csrf: csrf, text: context.text))
                \(ReparationForms.measure(claim: id, csrf: csrf, text: context.text))
                """
        default:
            return .empty
        }
    }

    /// Runs a writer's reparations form: back to the page on success; a record the writer may not see
    /// is not found; anything refused comes back as a page saying so.
    private func reparationWrite(
        _ request: Request, _ context: SignedInPage<CanWrite>, back: SiteURL, anchor: String,
        _ action: () async throws -> Void
    ) async throws -> Response {
        do {
            try await action()
            return Response.seeOther(to: back.path + "#" + anchor)
        } catch StoreError.notFound, StoreError.wrongKind {
            throw PageError.status(404, context.language)
        } catch StoreError.invalid(let issues) {
            context.logger.notice(
                "reparations form refused", metadata: ["fields": .string(issues.map(\.path).joined(separator: ","))])
            let body: HTML = """
                <h1>\(context.text[.repTitle])</h1>\(Self.alert(context.text[.repRefused]))
                <p><a href="\(back.path)">\(context.text[.backToRecord])</a></p>
                """
            return context.render(context.text[.repTitle], body, request: request, status: .unprocessableContent)
        }
    }

    static func pageWriter(_ context: SignedInPage<CanWrite>) throws -> Writer {
        guard let writer = Writer(account: context.account, compartments: [], noting: context.caller.identityReads)
        else { throw PageError.status(403, context.language) }
        return writer
    }

    static func reparationsBreakdown(_ request: Request, _ language: Language) throws -> ReparationsReport.Breakdown {
        guard let by = ReparationsReport.Breakdown(rawValue: request.uri.queryParameters.get("by") ?? "year") else {
            throw PageError.status(400, language)
        }
        return by
    }

    /// The claim form's records: the relative named (a person of their own) when there is one, and the claim.
    static func claimRecords(_ form: Form, person: RecordID) throws -> SQLRecordStore.NewRecords {
        let relationship = form["relationship"].flatMap(ReparationClaim.Relationship.init(rawValue:)) ?? .child
        var records: SQLRecordStore.NewRecords = []
        var claimant = person
        if relationship != .self {
            guard let name = form["claimant"] else {
                throw StoreError.invalid([FieldIssue(path: "/claimantID", message: "names the relative")])
            }
            claimant = RecordID()
            records.append((claimant, Person(names: [NameForm(full: name)], roles: [.familyMember])))
        }
        let acts = form.all("act").compactMap(RecordID.init)
        let harms = form.all("harm").compactMap(ReparationClaim.HarmType.init(rawValue:)).map {
            ReparationClaim.Harm(type: $0, actIDs: acts)
        }
        let scopes = form.all("scope").compactMap(Consent.Scope.init(rawValue:))
        let filed = try form["filed"].map { text in
            do { return try FuzzyDate.parse(text) } catch {
                throw StoreError.invalid([FieldIssue(path: "/filedOn", message: "is not a date")])
            }
        }
        records.append(
            (
                RecordID(),
                ReparationClaim(
                    claimantID: claimant, directVictimID: person, relationship: relationship, harms: harms,
                    programme: form["programme"], filedOn: filed,
                    consent: .init(
                        consent: Consent(scopes: Array(Set(scopes)).sorted { $0.rawValue < $1.rawValue }),
                        sharedWith: form["shared-with"].map { [$0] } ?? []))
            ))
        return records
    }

    /// The measure form's record, with its first status.
    static func measure(_ form: Form, claim: RecordID) throws -> ReparationMeasure {
        guard let kind = form["form"].flatMap(ReparationMeasure.Form.init(rawValue:)),
            let providerType = form["provider-type"].flatMap(ReparationMeasure.ProviderType.init(rawValue:)),
            let status = form["status"].flatMap(ReparationMeasure.Status.init(rawValue:))
        else { throw StoreError.invalid([FieldIssue(path: "/form", message: "is one of the forms")]) }
        let amount = try form["amount"].map { text in
            guard let value = Double(text.replacingOccurrences(of: ",", with: "")) else {
                throw StoreError.invalid([FieldIssue(path: "/amount", message: "is a number")])
            }
            return value
        }
        let date = try form["date"].map { text in
            do { return try FuzzyDate.parse(text) } catch {
                throw StoreError.invalid([FieldIssue(path: "/history/0/date", message: "is not a date")])
            }
        }
        return ReparationMeasure(
            claimID: claim, form: kind, providerType: providerType, provider: form["provider"] ?? "",
            acknowledgedResponsibility: form["acknowledged"] == "yes", amount: amount, unit: form["unit"],
            history: [.init(status: status, date: date)])
    }
}
