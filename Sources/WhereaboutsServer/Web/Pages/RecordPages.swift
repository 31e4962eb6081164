import Foundation
import HTTPTypes
import Hummingbird
import WhereaboutsCore
import WhereaboutsOperations
import WhereaboutsStore

extension WebController {
    func registerRecordPages(on router: Router<AppRequestContext>) {
        let readers = router.group(context: SignedInPage<CanRead>.self)

        readers.get(RouterPath(SiteURL.dashboard.path)) { request, context in
            let model = try await DashboardModel.load(
                store, access: context.access, estimate: latestEstimates.latest(for: context.access))
            return context.render(
                context.text[.dashboardTitle], DashboardView.render(model, text: context.text), request: request)
        }

        readers.get(RouterPath(SiteURL.search.path)) { request, context in
            let query: SearchQuery
            do {
                query = try SearchController.query(from: request, statedDates: true)
            } catch let problem as Problem {
                let issues = (problem.errors ?? []).map { "<li>\($0.path): \($0.message)</li>" as HTML }
                let body: HTML =
                    "<h1>\(context.text[.searchTitle])</h1><div class=\"alert\" role=\"alert\"><p>\(context.text[.errorInvalid])</p><ul>\(issues)</ul></div><p><a href=\"\(SiteURL.search.path)\">\(context.text[.searchTitle])</a></p>"
                return context.render(context.text[.searchTitle], body, request: request, status: .badRequest)
            }
            let model = try await SearchModel.load(store, query: query, access: context.access)
            return context.render(
                context.text[.searchTitle], SearchView.render(model, text: context.text, request: request),
                request: request)
        }

        for kind in RecordKind.allCases {
            readers.get(RouterPath("/\(kind.collection)/:id")) { request, context in
                let id = try Self.recordID(context)
                let canWrite = context.account.permissions.contains(.writeRecords)
                let generation = try await store.generation()
                let key = PageCache.key(
                    request.uri.path, language: context.language, access: context.access, canWrite: canWrite)
                // The upload form holds the session's CSRF token, so it is drawn after the kept page.
                let upload =
                    "\(evidenceUploadForm(kind, id, context))\(try await reparationForms(kind, id, context))" as HTML
                let forms = canWrite ? RecordFormLinks.render(kind, id, text: context.text) : HTML.empty
                if let cached = pages.get(key, generation: generation) {
                    context.caller.identityReads.replay(cached.identityReads)
                    return context.render(cached.title, "\(cached.body)\(forms)\(upload)", request: request)
                }
                let reads = IdentityReads()
                let model: RecordPageModel
                do {
                    model = try await RecordPageModel.load(
                        id, kind: kind, store: store, access: context.access.noting(into: reads))
                } catch {
                    // A probe of a record the reader may not see is audited as a refused read.
                    context.caller.identityReads.noteLookup()
                    throw error
                }
                let body = RecordPageView.render(model, text: context.text, canWrite: canWrite)
                pages.put(
                    key, .init(generation: generation, title: model.heading, body: body, identityReads: reads.count))
                context.caller.identityReads.replay(reads.count)
                return context.render(model.heading, "\(body)\(forms)\(upload)", request: request)
            }
            readers.get(RouterPath("/\(kind.collection)/:id/history")) { request, context in
                let id = try Self.recordID(context)
                guard try await store.kind(of: id, access: context.access) == kind else {
                    throw PageError.status(404, context.language)
                }
                let model = try await HistoryModel.load(id, kind: kind, store: store, access: context.access)
                let body = HistoryView.render(
                    model, text: context.text, csrf: context.session.csrfToken,
                    canRestore: context.account.permissions.contains(.writeRecords))
                return context.render(context.text[.historyTitle], body, request: request)
            }
        }
    }

    /// An evidence item's content, for a signed-in reader who may see it: always an attachment,
    /// logged in the item's custody.
    func registerEvidenceDownload(on router: Router<AppRequestContext>) {
        router.group(context: SignedInPage<CanRead>.self).get(RouterPath("/evidence/:id/download")) { _, context in
            guard let id = context.parameters.get("id") else { throw PageError.status(404, context.language) }
            return try await EvidenceController.download(
                id, access: context.access, actor: context.account.username,
                evidenceOperations, origin: Self.origin(context))
        }
    }

    static func recordID(_ context: some RequestContext) throws -> RecordID {
        guard let text = context.parameters.get("id"), let id = RecordID(text) else { throw Problem.notFound() }
        return id
    }
}

/// A record with what the page shows around it: the records it refers to and that refer to it,
/// each by title, as far as the reader may see them.
struct RecordPageModel: Sendable {
    let record: StoredRecord
    /// Titles of the records this page links to, by id (absent: not visible to the reader).
    let titles: [RecordID: (kind: RecordKind, title: String)]
    /// Records that refer to this one, by kind.
    let referrers: [RecordKind: [StoredRecord]]
    let compartments: Set<String>
    let vocabulary: VocabularyIndex
    /// For a person: the records reviewers judged to be the same person.
    var samePerson: [StoredRecord] = []
    /// The UN recommendations this record is linked to (it shows their implementation or not).
    var unRecommendations: [UNRecommendationLink] = []
    /// The implementation assessments resting on this record (or on its evidence items).
    var unAssessments: [UNAssessmentOfRecord] = []
    /// The record's evidence items, when its kind carries evidence and the reader may see them.
    var evidence: [EvidenceItem]?

    var heading: String { record.metadata.title }

    /// Reads the record of `kind` and its surroundings in one go (see ``SQLRecordStore/neighbourhood(of:kind:referrers:secondKinds:access:)``).
    static func load(
        _ id: RecordID, kind: RecordKind, store: SQLRecordStore, access: RecordAccess
    ) async throws -> RecordPageModel {
        let around: [RecordKind]
        var second: [RecordKind] = []
        switch kind {
        case .event:
            around = [.act, .eventLink, .information, .intervention]
            second = [.involvement]  // perpetrators: the involvements of the event's acts
        case .act: around = [.involvement, .information]
        case .person:
            around = [.act, .involvement, .source, .intervention, .information, .claim]
            second = [.reparationDecision, .reparationMeasure]  // what came of the claims
        case .claim: around = [.reparationDecision, .reparationMeasure]
        case .organisation: around = [.involvement, .organisation, .intervention]
        case .source: around = [.information, .event, .act]
        case .cyberIncident, .indicator: around = [.sighting]
        default: around = []
        }
        let found = try await store.neighbourhood(
            of: id, kind: kind, referrers: around, secondKinds: second, access: access)
        var referrers: [RecordKind: [StoredRecord]] = [:]
        for item in found.referrers { referrers[item.metadata.kind, default: []].append(item) }
        var model = RecordPageModel(
            record: found.record, titles: found.titles, referrers: referrers, compartments: found.compartments,
            vocabulary: store.vocabularyIndex)
        if kind == .person { model.samePerson = try await store.samePersonRecords(as: id, access: access) }
        model.unRecommendations = try await store.unRecommendations(linkedTo: id)
        model.unAssessments = try await store.unAssessments(restingOn: id, access: access)
        model.evidence = try await EvidenceSection.load(id, kind: kind, store: store, access: access)
        return model
    }
}
