import Foundation
import HTTPTypes
import Testing
import WhereaboutsCore
import WhereaboutsDocuments
import WhereaboutsSecurity
import WhereaboutsServer
import WhereaboutsStore

/// The UN documents pages, as a documenter of the desk whose case shows a recommendation is not
/// implemented, and as every role of another desk that must not learn of that case.
@Suite("UN documents pages")
struct UNPageTests {
    static let symbol = UNSymbol("A/HRC/99/7")!
    static let secretTitle = "Taken from the harbour at Niigata"

    /// A short UPR report: three recommendations to be examined.
    static func document() -> UNDocument {
        let text = """
            A/HRC/99/7 Distr.: General 3 March 2031 Report of the Working Group on the Universal Periodic Review*
            Democratic People’s Republic of Korea
            1. The Working Group held its review on 1 February 2031.
            2. The following recommendations will be examined by the Democratic People’s Republic of Korea:
            2.1 Return every abducted foreign national (Japan);
            2.2 Allow separated families to meet (Republic of Korea);
            2.3 Ratify the Convention on Enforced Disappearance (France);
            3. All conclusions and/or recommendations contained in the present report reflect the position of the submitting State(s).
            """
        return UNDocumentReader.read(text, symbol: symbol)
    }

    /// The report held, the Japan and Russia desks, and an event of the Japan desk (made through the
    /// API of a Japan documenter, which is returned with the event's id).
    static func twoDesks(_ api: APIClient, _ store: SQLRecordStore, _ accounts: AccountStore) async throws
        -> (APIClient, String)
    {
        _ = try await store.saveUNDocument(document(), contentSHA256: "test", by: "cli", at: Date())
        _ = try await accounts.createCompartment(id: "japan", name: "Japan")
        _ = try await accounts.createCompartment(id: "russia", name: "Russia")
        let japanAPI = api.with(
            token: try await accounts.token(for: "japan-api", role: .documenter, compartments: ["japan"]))
        let event = try #require(
            try await japanAPI.json(.post, "/api/v1/events?compartment=japan", #"{"title": "\#(secretTitle)"}"#)
                .body?["id"]?.string)
        return (japanAPI, event)
    }

    @Test("a documenter links a recommendation to the desk's event; another desk never learns of it")
    func linkAcrossDesks() async throws {
        try await withAuditedServer { api, store, accounts, audit in
            let (japanAPI, event) = try await Self.twoDesks(api, store, accounts)
            let recommendation = SiteURL.unRecommendation(Self.symbol, "2.1").path

            let (japan, _, _) = try await signedInBrowser(
                api, accounts, username: "japan-documenter", role: .documenter, compartments: ["japan"])
            let tracker = try await japan.get("/un")
            #expect(tracker.status == .ok && tracker.html.contains("A/HRC/99/7"))
            #expect(tracker.html.contains("<svg"))
            let filtered = try await japan.get("/un?state=France")
            #expect(filtered.html.contains("Ratify the Convention") && !filtered.html.contains("separated families"))
            let document = try await japan.get(SiteURL.unDocument(Self.symbol).path)
            #expect(document.status == .ok && document.html.contains("A/HRC/99/7, para. 2"))
            let page = try await japan.get(recommendation)
            #expect(page.status == .ok && page.html.contains("Return every abducted foreign national"))
            let csrf = try #require(page.input("csrf"))

            // Without the session's token nothing is linked.
            let forged = try await japan.post(
                SiteURL.unLink.path,
                [("csrf", "forged"), ("symbol", "A/HRC/99/7"), ("number", "2.1"), ("record", event)])
            #expect(forged.status != .seeOther)
            let linked = try await japan.post(
                SiteURL.unLink.path,
                [
                    ("csrf", csrf), ("symbol", "A/HRC/99/7"), ("number", "2.1"), ("record", "/events/" + event),
                    ("note", "no return since 2031"),
                ])
            #expect(linked.status == .seeOther)
            let after = try await japan.get(recommendation)
            #expect(after.html.contains(Self.secretTitle) && after.html.contains("no return since 2031"))
            let eventPage = try await japan.get("/events/\(event)")
            #expect(eventPage.html.contains("Return every abducted foreign national"))
            #expect(eventPage.html.contains(HTML.escape(SiteURL.unRecommendation(Self.symbol, "2.1").path)))

            // Every role of the other desk: the recommendation shows no trace of the Japan desk's case,
            // and linking to that case answers exactly as linking to a record that does not exist.
            for role in [Role.documenter, .analyst, .viewer, .administrator] {
                let (russia, _, _) = try await signedInBrowser(
                    api, accounts, username: "russia-\(role.rawValue)", role: role, compartments: ["russia"])
                let seen = try await russia.get(recommendation)
                #expect(seen.status == .ok, "\(role)")
                #expect(!seen.html.contains(event) && !seen.html.contains(Self.secretTitle), "\(role)")
                #expect(!seen.html.contains("no return since 2031"), "\(role)")
                guard role.defaultPermissions.contains(.writeRecords) else {
                    #expect(seen.input("record") == nil, "\(role) is offered the link form")
                    let refused = try await russia.post(
                        SiteURL.unLink.path,
                        [
                            ("csrf", seen.input("csrf") ?? ""), ("symbol", "A/HRC/99/7"), ("number", "2.1"),
                            ("record", event),
                        ])
                    #expect(refused.status == .forbidden, "\(role)")
                    continue
                }
                let token = try #require(seen.input("csrf"))
                let hidden = try await russia.post(
                    SiteURL.unLink.path,
                    [("csrf", token), ("symbol", "A/HRC/99/7"), ("number", "2.1"), ("record", event)])
                let missing = try await russia.post(
                    SiteURL.unLink.path,
                    [("csrf", token), ("symbol", "A/HRC/99/7"), ("number", "2.1"), ("record", RecordID().description)])
                #expect(hidden.status == missing.status, "\(role)")
                #expect(hidden.status == .unprocessableContent, "\(role)")
                #expect(hidden.html == missing.html, "\(role): the refusal differs from a missing record's")
            }
            #expect(
                try await store.unLinkedRecords(symbol: Self.symbol, number: "2.1", access: .operatorAccess).count == 1)
            let entries = try await audit.entries(action: .unRecommendationLinked)
            #expect(entries.count == 1)
            #expect(entries.first?.event.details["record"] == event && entries.first?.event.actor == "japan-documenter")
        }
    }

    @Test("a documenter appends responses and assessments; a viewer cannot; evidence of another desk stays unseen")
    func responsesAndAssessments() async throws {
        try await withAuditedServer { api, store, accounts, audit in
            let (japanAPI, event) = try await Self.twoDesks(api, store, accounts)
            let recommendation = SiteURL.unRecommendation(Self.symbol, "2.1").path
            let (japan, _, _) = try await signedInBrowser(
                api, accounts, username: "japan-documenter", role: .documenter, compartments: ["japan"])
            let csrf = try #require(try await japan.get(recommendation).input("csrf"))
            let key = [("csrf", csrf), ("symbol", "A/HRC/99/7"), ("number", "2.1")]

            let responded = try await japan.post(
                SiteURL.unRespond.path,
                key + [
                    ("position", "supported"), ("stage", "addendum"), ("date", "2031-06-10"),
                    ("source", "A/HRC/99/7/Add.1, para. 3"),
                ])
            #expect(responded.status == .seeOther)
            let badDay = try await japan.post(
                SiteURL.unRespond.path, key + [("position", "noted"), ("stage", "plenary"), ("date", "June 2031")])
            #expect(badDay.status == .unprocessableContent && badDay.html.contains("YYYY-MM-DD"))
            let assessed = try await japan.post(
                SiteURL.unAssess.path,
                key + [
                    ("implementation", "none"), ("date", "2033-05-01"), ("assessed-by", "Families' association"),
                    ("evidence", "/events/\(event)"), ("note", "no one returned"),
                ])
            #expect(assessed.status == .seeOther)
            let eventPage = try await japan.get("/events/\(event)")
            #expect(eventPage.html.contains("Implementation assessments resting on this record"))
            #expect(eventPage.html.contains("no one returned") && eventPage.html.contains("A/HRC/99/7 2.1"))
            let page = try await japan.get(recommendation)
            #expect(page.html.contains("A/HRC/99/7/Add.1, para. 3") && page.html.contains("Families&#39; association"))
            #expect(page.html.contains("/events/\(event)") && page.html.contains("not implemented"))

            let tracker = try await japan.get("/un?implementation=none")
            #expect(tracker.html.contains("1 recommendations selected"))
            #expect(tracker.html.contains("Return every abducted") && !tracker.html.contains("separated families"))
            let csv = try await japan.get(SiteURL.unExport("csv").path + "?symbol=A/HRC/99/7")
            let lines = csv.html.split(separator: "\n")
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true && lines.count == 4)
            #expect(lines[0].hasPrefix("symbol,number,paragraph,recommending_states,addressee,position"))
            #expect(lines[1].contains(",supported,") && lines[1].contains(",none,2033-05-01,"))
            #expect(lines[1].contains("\"A/HRC/99/7, para. 2.1\"") || lines[1].hasSuffix("A/HRC/99/7, para. 2.1"))
            #expect(!csv.html.contains(event) && !csv.html.contains(Self.secretTitle))
            let apiJSON = try await japanAPI.json(.get, "/api/v1/un/recommendations?implementation=none")
            #expect(apiJSON.status == .ok)
            let items = apiJSON.body?.items ?? []
            #expect(items.count == 1 && items.first?["citation"]?.string == "A/HRC/99/7, para. 2.1")
            #expect(items.first?["responses"]?.items.last?["source"]?.string == "A/HRC/99/7/Add.1, para. 3")
            let description = try #require(try await japanAPI.json(.get, "/api/v1/openapi.json").body)
            let schema = try #require(
                description["paths"]?["/api/v1/un/recommendations"]?["get"]?["responses"]?["200"]?["content"]?[
                    "application/json"]?["schema"])
            #expect(SchemaValidator(document: description).errors(apiJSON.body ?? .null, schema) == [])
            let apiCSV = try await japanAPI.send(.get, "/api/v1/un/recommendations?format=csv&cycle=1", nil)
            #expect(apiCSV.status == .ok && apiCSV.headers[.contentType]?.hasPrefix("text/csv") == true)

            // The other desk sees the assessment, never the evidence from the Japan desk, nor a count of it.
            for role in [Role.documenter, .analyst, .viewer] {
                let (russia, _, _) = try await signedInBrowser(
                    api, accounts, username: "russia-\(role.rawValue)", role: role, compartments: ["russia"])
                let seen = try await russia.get(recommendation)
                #expect(seen.html.contains("not implemented"), "\(role)")
                #expect(!seen.html.contains(event) && !seen.html.contains(Self.secretTitle), "\(role)")
                // The note may describe the Japan desk's case: it is not read by those who cannot see it.
                #expect(!seen.html.contains("no one returned"), "\(role)")
                let token = seen.input("csrf") ?? ""
                let russiaKey = [("csrf", token), ("symbol", "A/HRC/99/7"), ("number", "2.1")]
                let assess: [(String, String)] = [
                    ("implementation", "full"), ("date", "2034-01-01"), ("assessed-by", "someone"),
                ]
                guard role.defaultPermissions.contains(.writeRecords) else {
                    #expect(seen.input("implementation") == nil && seen.input("position") == nil, "\(role)")
                    let refusedAssessment = try await russia.post(SiteURL.unAssess.path, russiaKey + assess)
                    let refusedResponse = try await russia.post(
                        SiteURL.unRespond.path,
                        russiaKey + [("position", "rejected"), ("stage", "plenary"), ("date", "2031-09-01")])
                    #expect(refusedAssessment.status == .forbidden && refusedResponse.status == .forbidden, "\(role)")
                    continue
                }
                // Resting an assessment on the other desk's event answers as resting it on nothing that exists.
                let hidden = try await russia.post(SiteURL.unAssess.path, russiaKey + assess + [("evidence", event)])
                let missing = try await russia.post(
                    SiteURL.unAssess.path, russiaKey + assess + [("evidence", RecordID().description)])
                let missingItem = try await russia.post(
                    SiteURL.unAssess.path, russiaKey + assess + [("evidence", "/evidence/ev00112233445566778899aabb")])
                #expect(hidden.status == .unprocessableContent && hidden.status == missing.status, "\(role)")
                #expect(hidden.html == missing.html && hidden.html == missingItem.html, "\(role)")
            }
            let assessments = try await store.unAssessments(
                symbol: Self.symbol, number: "2.1", access: .operatorAccess)
            #expect(assessments.count == 1 && assessments.first?.evidence.count == 1)
            let entries = try await audit.entries(action: .unAssessmentRecorded)
            #expect(entries.count == 1 && entries.first?.event.details["evidence"] == event)
            #expect(try await audit.entries(action: .unResponseRecorded).count == 1)
        }
    }

    /// The next cycle's report, in the later form, repeating 2.1 in other words.
    @Test(
        "an assessment resting on two desks' records: each desk's record page shows it, its note only those who see both read"
    )
    func assessmentOnTwoDesks() async throws {
        try await withServer { api, store, accounts in
            let (_, japanEvent) = try await Self.twoDesks(api, store, accounts)
            let russiaAPI = api.with(
                token: try await accounts.token(for: "russia-api", role: .documenter, compartments: ["russia"]))
            let russiaEvent = try #require(
                try await russiaAPI.json(.post, "/api/v1/events?compartment=russia", #"{"title": "Sent to the front"}"#)
                    .body?["id"]?.string)
            let recommendation = SiteURL.unRecommendation(Self.symbol, "2.3").path
            let (both, _, _) = try await signedInBrowser(
                api, accounts, username: "both-documenter", role: .documenter, compartments: ["japan", "russia"])
            let csrf = try #require(try await both.get(recommendation).input("csrf"))
            let assessed = try await both.post(
                SiteURL.unAssess.path,
                [
                    ("csrf", csrf), ("symbol", "A/HRC/99/7"), ("number", "2.3"), ("implementation", "partial"),
                    ("date", "2034-02-02"), ("assessed-by", "Coalition"), ("evidence", "\(japanEvent) \(russiaEvent)"),
                    ("note", "seen by both desks only"),
                ])
            #expect(assessed.status == .seeOther)
            #expect(try await both.get(recommendation).html.contains("seen by both desks only"))
            #expect(try await both.get("/events/\(russiaEvent)").html.contains("seen by both desks only"))
            for desk in ["japan", "russia"] {
                let (reader, _, _) = try await signedInBrowser(
                    api, accounts, username: "\(desk)-analyst", role: .analyst, compartments: [desk])
                let own = desk == "japan" ? japanEvent : russiaEvent
                let other = desk == "japan" ? russiaEvent : japanEvent
                let page = try await reader.get("/events/\(own)")
                #expect(page.status == .ok && page.html.contains("Implementation assessments resting on this record"))
                #expect(page.html.contains("Coalition") && page.html.contains("A/HRC/99/7 2.3"), "\(desk)")
                #expect(!page.html.contains("seen by both desks only") && !page.html.contains(other), "\(desk)")
                let shown = try await reader.get(recommendation)
                #expect(shown.html.contains("Coalition") && !shown.html.contains("seen by both desks only"), "\(desk)")
                #expect(shown.html.contains(own) && !shown.html.contains(other), "\(desk)")
            }
        }
    }

    static func laterDocument() -> UNDocument {
        let text = """
            A/HRC/99/50 Distr.: General 2 December 2014 Report of the Working Group on the Universal Periodic Review*
            Democratic People’s Republic of Korea
            1. The Working Group held its review on 1 November 2014.
            2. The following recommendations will be examined by the Democratic People’s Republic of Korea:
            2.1 Return every abducted foreign national without delay (Japan);
            2.2 Improve the quality of health services (Cuba);
            3. All conclusions and/or recommendations contained in the present report reflect the position of the submitting State(s).
            """
        return UNDocumentReader.read(text, symbol: UNSymbol("A/HRC/99/50")!)
    }

    @Test("a documenter links a later cycle's recommendation as repeating an earlier one, from a suggestion or by hand")
    func repeatsAcrossCycles() async throws {
        try await withAuditedServer { api, store, accounts, audit in
            _ = try await store.saveUNDocument(Self.document(), contentSHA256: "test", by: "cli", at: Date())
            _ = try await store.saveUNDocument(Self.laterDocument(), contentSHA256: "later", by: "cli", at: Date())
            let later = SiteURL.unRecommendation(UNSymbol("A/HRC/99/50")!, "2.1").path
            let (viewer, _, _) = try await signedInBrowser(api, accounts, username: "reader", role: .viewer)
            let (documenter, _, _) = try await signedInBrowser(api, accounts, username: "writer", role: .documenter)
            // Suggestions are for writers, and only suggestions: nothing is linked by them.
            let suggested = try await documenter.get(later)
            #expect(suggested.html.contains("Link: it repeats A/HRC/99/7 2.1"))
            #expect(!suggested.html.contains("Link: it repeats A/HRC/99/7 2.2"))
            #expect(!(try await viewer.get(later)).html.contains("it repeats"))
            #expect(try await store.unRepeats(of: 1).repeatedBy.isEmpty)
            let csrf = try #require(suggested.input("csrf"))
            let key = [("csrf", csrf), ("symbol", "A/HRC/99/50"), ("number", "2.1")]
            let refused = try await viewer.post(
                SiteURL.unRepeat.path,
                [
                    ("csrf", (try await viewer.get(later)).input("csrf") ?? ""), ("symbol", "A/HRC/99/50"),
                    ("number", "2.1"), ("earlier-symbol", "A/HRC/99/7"), ("earlier-number", "2.1"),
                ])
            #expect(refused.status == .forbidden)
            let linked = try await documenter.post(
                SiteURL.unRepeat.path, key + [("earlier-symbol", "A/HRC/99/7"), ("earlier-number", "2.1")])
            #expect(linked.status == .seeOther)
            let after = try await viewer.get(later)
            #expect(after.html.contains("It repeats") && after.html.contains("A/HRC/99/7 2.1"))
            let earlier = try await viewer.get(SiteURL.unRecommendation(Self.symbol, "2.1").path)
            #expect(earlier.html.contains("Repeated by") && earlier.html.contains("A/HRC/99/50 2.1"))
            // Within one document, backwards, or to a recommendation that is not held: refused with the form.
            for (symbol, number) in [("A/HRC/99/50", "2.2"), ("A/HRC/99/7", "2.9"), ("A/HRC/99/8", "2.1")] {
                let wrong = try await documenter.post(
                    SiteURL.unRepeat.path, key + [("earlier-symbol", symbol), ("earlier-number", number)])
                #expect(wrong.status == .unprocessableContent && wrong.html.contains("No such recommendation"))
            }
            let backwards = try await documenter.post(
                SiteURL.unRepeat.path,
                [
                    ("csrf", csrf), ("symbol", "A/HRC/99/7"), ("number", "2.1"), ("earlier-symbol", "A/HRC/99/50"),
                    ("earlier-number", "2.1"),
                ])
            #expect(backwards.status == .unprocessableContent)
            #expect(try await audit.entries(action: .unRepeatLinked).count == 1)
            // The report issued in 2014 is of the second cycle (the one of 2031 has none known yet).
            let second = try await viewer.get("/un?cycle=2")
            #expect(second.html.contains("2 recommendations selected"))
        }
    }

    @Test("a writer who sees only pseudonyms links a person by pseudonym; another desk's person is not found")
    func linkByPseudonym() async throws {
        try await withServer { api, store, accounts in
            _ = try await store.saveUNDocument(Self.document(), contentSHA256: "test", by: "cli", at: Date())
            _ = try await accounts.createCompartment(id: "japan", name: "Japan")
            _ = try await accounts.createCompartment(id: "russia", name: "Russia")
            let japanAPI = api.with(
                token: try await accounts.token(for: "japan-api", role: .documenter, compartments: ["japan"]))
            let russiaAPI = api.with(
                token: try await accounts.token(for: "russia-api", role: .documenter, compartments: ["russia"]))
            let person = #"{"names": [{"full": "Yokota Megumi", "script": "latin"}]}"#
            let ours = try #require(
                try await japanAPI.json(.post, "/api/v1/persons?compartment=japan", person).body?["id"]?.string)
            let theirs = try #require(
                try await russiaAPI.json(.post, "/api/v1/persons?compartment=russia", person).body?["id"]?.string)
            // A documenter of the Japan desk who may write but not see identities.
            let (account, setupToken) = try await accounts.createAccount(
                username: "japan-pseudonymous", role: .documenter, compartments: ["japan"])
            _ = try await accounts.updateAccess(
                userID: account.id, role: .documenter, permissions: [.readRecords, .writeRecords],
                compartments: ["japan"])
            let writer = WebBrowser(api.client)
            let setup = try await writer.get("/setup/" + setupToken)
            let signedIn = try await writer.post(
                "/setup/" + setupToken,
                [
                    ("csrf", try #require(setup.input("csrf"))), ("password", WebTests.password),
                    ("confirm", WebTests.password),
                ])
            #expect(signedIn.location == "/")
            let recommendation = SiteURL.unRecommendation(Self.symbol, "2.1").path
            let csrf = try #require(try await writer.get(recommendation).input("csrf"))
            let ourPseudonym = try store.pseudonym(of: RecordID(ours)!)
            let theirPseudonym = try store.pseudonym(of: RecordID(theirs)!)
            let key = [("csrf", csrf), ("symbol", "A/HRC/99/7"), ("number", "2.1")]
            let hidden = try await writer.post(SiteURL.unLink.path, key + [("record", theirPseudonym)])
            let missing = try await writer.post(SiteURL.unLink.path, key + [("record", "P-00000-00000-00000")])
            #expect(hidden.status == .unprocessableContent && hidden.html == missing.html)
            let linked = try await writer.post(SiteURL.unLink.path, key + [("record", ourPseudonym.lowercased())])
            #expect(linked.status == .seeOther)
            let page = try await writer.get(recommendation)
            #expect(page.html.contains(ourPseudonym) && !page.html.contains("Yokota"))
            #expect(
                try await store.unLinkedRecords(symbol: Self.symbol, number: "2.1", access: .operatorAccess).map(
                    \.id.description) == [ours])
        }
    }

    @Test("how UHRI lists a recommendation is shown on its page, as text")
    func listedByUHRI() async throws {
        try await withServer { api, store, accounts in
            _ = try await store.saveUNDocument(Self.document(), contentSHA256: "test", by: "cli", at: Date())
            let csv = """
                Link,Recommendation,Symbol,Recommending State,UPR position,Themes,Affected persons
                https://uhri.example/r/00000000-0000-4000-8000-000000000009,"2.2 Allow separated families to meet (Republic of Korea);",A/HRC/99/7,Republic of Korea,Supported,<script>alert(1)</script>,Families
                """
            let rows = try UNDatabaseExport.read(Data(csv.utf8), source: .uhri, symbol: nil)
            let outcome = try await store.importUNExport(rows, by: "cli", at: Date())
            #expect(outcome.matched == 1 && outcome.added == 0)
            let (browser, _, _) = try await signedInBrowser(api, accounts, username: "reader", role: .viewer)
            let page = try await browser.get(SiteURL.unRecommendation(Self.symbol, "2.2").path)
            #expect(
                page.html.contains("As UHRI lists it") && page.html.contains("00000000-0000-4000-8000-000000000009"))
            #expect(page.html.contains("Affected persons</dt><dd>Families"))
            #expect(!page.html.contains("<script>alert") && page.html.contains("&lt;script&gt;"))
            #expect(page.html.contains("supported"))
        }
    }

    @Test("a recommendation or document that is not held is not found; a malformed symbol too")
    func notFound() async throws {
        try await withServer { api, store, accounts in
            _ = try await store.saveUNDocument(Self.document(), contentSHA256: "test", by: "cli", at: Date())
            let (browser, _, _) = try await signedInBrowser(api, accounts, username: "reader", role: .viewer)
            for path in [
                "/un/recommendation?symbol=A/HRC/99/7&number=2.9", "/un/recommendation?symbol=A/HRC/99/8&number=2.1",
                "/un/document?symbol=A/HRC/99/8", "/un/document?symbol=%3Cscript%3E", "/un/recommendation",
            ] {
                #expect(try await browser.get(path).status == .notFound, "\(path)")
            }
            let tracker = try await browser.get("/un?symbol=%3Cscript%3E&on=not-a-day&position=nonsense")
            #expect(tracker.status == .ok && !tracker.html.contains("<script>"))
        }
    }
}
