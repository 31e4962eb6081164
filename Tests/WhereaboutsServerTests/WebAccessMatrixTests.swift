import Foundation
import HTTPTypes
import NIOCore
import Testing
import WhereaboutsCore
import WhereaboutsSecurity
import WhereaboutsServer
import WhereaboutsStore

@Suite("web access matrix")
struct WebAccessMatrixTests {
    static let victim = "탁명순"

    @Test(
        "every page answers each role inside and outside the compartment as it should, and leaks nothing",
        arguments: MatrixCaller.all)
    func matrix(caller: MatrixCaller) async throws {
        try await withServer { api, store, accounts in
            _ = try await accounts.createCompartment(id: "other", name: "Another desk")
            let event = try #require(
                try await api.json(.post, "/api/v1/events", #"{"title": "Taken from a fishing boat"}"#).body?["id"]?
                    .string)
            let person = try #require(
                try await api.json(
                    .post, "/api/v1/persons",
                    #"{"names": [{"full": "\#(Self.victim)"}], "birthDate": {"text": "1951-03-02"}}"#
                )
                .body?["id"]?.string)
            let other = try #require(
                try await api.json(
                    .post, "/api/v1/persons",
                    #"{"names": [{"full": "Tak Myong Sun"}], "birthDate": {"text": "1951-03-02"}}"#
                )
                .body?["id"]?.string)
            _ = try await store.propose(
                [
                    NewMatch(
                        try #require(RecordID(person)), try #require(RecordID(other)), origin: .link, probability: 0.6,
                        weight: 0.6,
                        reasons: [MatchReason(field: "name", level: "same name in some reading", weight: 4)])
                ], at: Date())
            let act = try #require(
                try await api.json(
                    .post, "/api/v1/acts", #"{"eventID": "\#(event)", "victimID": "\#(person)", "type": "abduction"}"#
                ).body?["id"]?.string)
            let organisation = try #require(
                try await api.json(.post, "/api/v1/organisations", #"{"name": "A bureau", "type": "state-agency"}"#)
                    .body?["id"]?.string)

            // Reparations (decision 0032): the victim's own claim for the act, decided, with a measure.
            let rules = try #require(
                try await api.json(
                    .post, "/api/v1/eligibility-rules",
                    #"{"name": "Rules", "rules": [{"code": "r", "benefit": "consolation", "conditions": [{"test": "violation", "values": ["abduction"]}]}]}"#
                ).body?["id"]?.string)
            let claim = try #require(
                try await api.json(
                    .post, "/api/v1/claims",
                    #"{"claimantID": "\#(person)", "directVictimID": "\#(person)", "relationship": "self", "harms": [{"type": "detention", "actIDs": ["\#(act)"]}]}"#
                ).body?["id"]?.string)
            let decision = try #require(
                try await api.json(.post, "/api/v1/claims/\(claim)/decision", #"{"rulesID": "\#(rules)"}"#).body?["id"]?
                    .string)
            let measure = try #require(
                try await api.json(
                    .post, "/api/v1/reparation-measures",
                    #"{"claimID": "\#(claim)", "form": "rehabilitation", "providerType": "ngo", "provider": "A clinic", "acknowledgedResponsibility": false, "history": [{"status": "delivered"}]}"#
                ).body?["id"]?.string)

            let evidence = try #require(
                try await api.send(
                    .post, "/api/v1/events/\(event)/evidence?name=witness-photo.jpg", ByteBuffer(string: "a photo"),
                    headers: [.contentType: "image/jpeg"]
                ).body?["id"]?.string)

            // (path, permission needed, shows a record of the compartment)
            let pages: [(String, Permission?, Bool)] = [
                ("/", .readRecords, false), ("/search?q=fishing", .readRecords, false),
                ("/events/\(event)", .readRecords, true), ("/persons/\(person)", .readRecords, true),
                ("/acts/\(act)", .readRecords, true), ("/organisations/\(organisation)", .readRecords, true),
                ("/events/\(event)/history", .readRecords, true), ("/persons/\(person)/history", .readRecords, true),
                ("/events/new", .writeRecords, false), ("/events/\(event)/edit", .writeRecords, true),
                ("/persons/\(person)/edit", .writeRecords, true), ("/admin/users", .manageUsers, false),
                ("/admin/compartments", .manageUsers, false), ("/admin/audit", .manageUsers, false),
                ("/account", nil, false), ("/review", .reviewMatches, false), ("/un", .readRecords, false),
                ("/estimates?strata=sex", .readRecords, false), ("/estimates/overlap.csv", .export, false),
                ("/estimates/estimate.json?strata=year", .export, false),
                // The record forms (decision 0034): a form opened from a record offers what hangs from it.
                ("/forms", .writeRecords, false), ("/forms/events/new", .writeRecords, false),
                ("/forms/involvements/new?_context=\(event)", .writeRecords, false),
                ("/forms/events/\(event)", .writeRecords, true), ("/forms/persons/\(person)", .writeRecords, true),
                ("/forms/acts/\(act)", .writeRecords, true), ("/my-work", .writeRecords, false),
                ("/claims/\(claim)", .readRecords, true), ("/reparation-decisions/\(decision)", .readRecords, true),
                ("/reparation-measures/\(measure)", .readRecords, true),
                ("/claims/\(claim)/history", .readRecords, true),
                ("/reparations?by=form", .readRecords, false), ("/reparations/report.csv?by=year", .export, false),
                ("/reparations/report.json?by=violation", .export, false),
            ]
            let browser: WebBrowser
            if let role = caller.role {
                browser = try await signedInBrowser(
                    api, accounts, username: "caller", role: role, compartments: [caller.inside ? "general" : "other"]
                ).0
            } else {
                browser = WebBrowser(api.client)
            }
            for (path, permission, isRecord) in pages {
                let page = try await browser.get(path)
                let label = "\(caller.testDescription): GET \(path) → \(page.status.code)"
                guard let role = caller.role else {
                    #expect(page.status == .seeOther && page.location == "/sign-in", "\(label)")
                    continue
                }
                if let permission, !role.defaultPermissions.contains(permission) {
                    #expect(page.status == .forbidden, "\(label)")
                } else if isRecord && !caller.inside {
                    #expect(page.status == .notFound, "\(label)")
                } else {
                    #expect(page.status == .ok, "\(label)")
                }
                if !caller.seesIdentities {
                    #expect(!page.html.contains(Self.victim), "\(label) shows the name")
                    #expect(!page.html.contains("1951"), "\(label) shows the birth date")
                }
                if !caller.inside {
                    #expect(!page.html.contains("Taken from a fishing boat"), "\(label) shows the event")
                    #expect(!page.html.contains("A clinic"), "\(label) shows the measure")
                    #expect(!page.html.contains(Self.victim), "\(label) shows the name")
                }
                if path == "/events/\(event)" {
                    // The evidence section is there exactly for a reader who may see the item.
                    #expect(page.html.contains("witness-photo.jpg") == caller.seesIdentities, "\(label) evidence")
                }
            }
            // An item's download: for a reader who may see it, an attachment; for anyone else, not found.
            let download = try await browser.get("/evidence/\(evidence)/download")
            let label = "\(caller.testDescription): GET download → \(download.status.code)"
            if caller.role == nil {
                #expect(download.status == .seeOther, "\(label)")
            } else if caller.seesIdentities {
                #expect(download.status == .ok, "\(label)")
                #expect(download.html == "a photo", "\(label)")
            } else {
                #expect(download.status == .notFound, "\(label)")
            }
            // Its page likewise: shown with its hashes to a reader who may see it, else not found.
            let itemPage = try await browser.get("/evidence/\(evidence)")
            if caller.role == nil {
                #expect(itemPage.status == .seeOther)
            } else {
                #expect(
                    itemPage.status == (caller.seesIdentities ? .ok : .notFound), "\(caller.testDescription) item page")
                #expect(itemPage.html.contains("witness-photo.jpg") == caller.seesIdentities)
            }
        }
    }
}
