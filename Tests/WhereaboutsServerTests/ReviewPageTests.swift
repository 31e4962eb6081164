import Foundation
import Testing
import WhereaboutsCore
import WhereaboutsSecurity
import WhereaboutsServer
import WhereaboutsStore

@Suite("review queue")
struct ReviewPageTests {
    @Test("a reviewer sees both records side by side, decides, and can change the decision; every step is audited")
    func decideAndReverse() async throws {
        try await withAuditedServer { api, store, accounts, audit in
            func person(_ body: String) async throws -> RecordID {
                let id = try #require(try await api.json(.post, "/api/v1/persons", body).body?["id"]?.string)
                return try #require(RecordID(id))
            }
            let first = try await person(#"{"names": [{"full": "박희순"}], "birthDate": {"text": "1936-03-03"}}"#)
            let second = try await person(#"{"names": [{"full": "Pak Hui-sun"}], "birthDate": {"text": "1936"}}"#)
            let outcome = try await store.propose(
                [
                    NewMatch(
                        first, second, origin: .link, probability: 0.55, weight: 0.3,
                        reasons: [
                            MatchReason(field: "name", level: "same name in some reading", weight: 4.2),
                            MatchReason(
                                field: "birth_date", level: "same year (one gives only the year)", weight: -1.5),
                        ])
                ], at: Date())
            #expect(outcome.added == 1 && outcome.refreshed == 0 && outcome.alreadyDecided == 0)

            let (browser, _, _) = try await signedInBrowser(api, accounts, username: "reviewer", role: .analyst)
            let queue = try await browser.get("/review")
            #expect(queue.status == .ok)
            #expect(queue.html.contains("박희순") && queue.html.contains("Pak Hui-sun"))
            #expect(queue.html.contains("same name in some reading or script"))
            #expect(queue.html.contains("55.0 %"))
            // Proposed by linkage, not for a tracing request: not on the tracing list.
            let tracing = try await browser.get("/review?list=tracing")
            #expect(tracing.status == .ok && !tracing.html.contains("Pak Hui-sun"))
            #expect(try await store.matchProposals(origin: .tracing, access: .operatorAccess).isEmpty)
            #expect(try await store.matchProposals(origin: .link, access: .operatorAccess).count == 1)
            let sought = try await person(#"{"names": [{"full": "Bak Huisun"}], "birthDate": {"text": "1936"}}"#)
            _ = try await store.propose(
                [NewMatch(sought, first, origin: .tracing, probability: 0.2, weight: -2, reasons: [])], at: Date())
            let traced = try await browser.get("/review?list=tracing")
            #expect(traced.html.contains("Bak Huisun") && traced.html.contains("tracing request"))
            let proposal = try #require(try await store.matchProposals(access: .operatorAccess).first)

            // No token, no decision.
            let forged = try await browser.post("/review/\(proposal.id)", [("csrf", "wrong"), ("decision", "same")])
            #expect(forged.status != .seeOther)
            #expect(try await store.matchProposal(proposal.id, access: .operatorAccess)?.status == .proposed)

            let csrf = try #require(queue.input("csrf"))
            let same = try await browser.post("/review/\(proposal.id)", [("csrf", csrf), ("decision", "same")])
            #expect(same.status == .seeOther)
            #expect(try await store.matchProposals(origin: .link, access: .operatorAccess).isEmpty)
            #expect(try await store.samePerson(as: first, access: .operatorAccess) == [second])
            // The person page links to the record judged the same; nothing was merged.
            let page = try await browser.get("/persons/\(first)")
            #expect(page.html.contains("The same person, recorded elsewhere"))
            #expect(page.html.contains("/persons/\(second)"))
            let decided = try await browser.get("/review?list=same")
            #expect(decided.html.contains("Pak Hui-sun") && decided.html.contains("Decision: same person, by reviewer"))

            // Reversible: the decision changes, the records never did, both decisions are kept.
            let different = try await browser.post(
                "/review/\(proposal.id)", [("csrf", csrf), ("decision", "different")])
            #expect(different.status == .seeOther)
            #expect(try await store.samePerson(as: first, access: .operatorAccess).isEmpty)
            #expect(!(try await browser.get("/persons/\(first)")).html.contains("/persons/\(second)"))
            let history = try await store.matchDecisions(proposal.id)
            #expect(history.map(\.status) == [.same, .different])
            #expect(history.allSatisfy { $0.decidedBy == "reviewer" })
            #expect(try await store.get(first, access: .operatorAccess).version == 1)

            // Refreshing proposals leaves a decided pair decided.
            let again = try await store.propose(
                [NewMatch(second, first, origin: .link, probability: 0.9, weight: 3, reasons: [])], at: Date())
            #expect(again.added == 0 && again.refreshed == 0 && again.alreadyDecided == 1)

            let entries = try await audit.entries(action: .matchDecided, limit: 10)
            #expect(entries.count == 2)
            #expect(entries.allSatisfy { $0.event.actor == "reviewer" && $0.event.target == "match/\(proposal.id)" })
            #expect(entries.allSatisfy { !$0.event.details.values.joined().contains("박희순") })

            // Bad decisions and unknown proposals change nothing.
            let bad = try await browser.post("/review/\(proposal.id)", [("csrf", csrf), ("decision", "merge")])
            #expect(bad.status == .badRequest)
            let missing = try await browser.post("/review/999999", [("csrf", csrf), ("decision", "same")])
            #expect(missing.status == .notFound)
            #expect(try await store.matchDecisions(proposal.id).count == 2)
        }
    }

    @Test("a pair that would put one person twice on one list is flagged before anyone decides; other pairs are not")
    func sameListFlagged() async throws {
        try await withServer { api, store, accounts in
            func create(_ collection: String, _ body: String) async throws -> RecordID {
                let id = try #require(try await api.json(.post, "/api/v1/\(collection)", body).body?["id"]?.string)
                return try #require(RecordID(id))
            }
            let list = try await create("sources", #"{"type": "government-list", "title": "Ministry list"}"#)
            let other = try await create("sources", #"{"type": "testimony", "title": "A neighbour"}"#)
            let event = try await create("events", #"{"title": "Taken at the border"}"#)
            let a = try await create("persons", #"{"names": [{"full": "김영수"}]}"#)
            let b = try await create("persons", #"{"names": [{"full": "Kim Yong-su"}]}"#)
            let c = try await create("persons", #"{"names": [{"full": "Kim Yongsu"}]}"#)
            let d = try await create("persons", #"{"names": [{"full": "Gim Yeongsu"}]}"#)
            for (victim, source) in [(a, list), (c, list), (b, other), (d, other)] {
                _ = try await create(
                    "acts",
                    #"{"eventID": "\#(event)", "victimID": "\#(victim)", "type": "abduction", "sourceIDs": ["\#(source)"]}"#
                )
            }
            // A reviewer already judged b and c one person: c is on the ministry's list, as is a.
            _ = try await store.propose(
                [NewMatch(b, c, origin: .link, probability: 0.9, weight: 4, reasons: [])], at: Date())
            let bc = try #require(try await store.matchProposals(access: .operatorAccess).first)
            _ = try await store.decide(bc.id, status: .same, by: "ana", access: .operatorAccess, at: Date())
            _ = try await store.propose(
                [
                    NewMatch(a, b, origin: .link, probability: 0.7, weight: 1, reasons: []),
                    NewMatch(a, d, origin: .link, probability: 0.6, weight: 0.5, reasons: []),
                ], at: Date())
            let (browser, _, _) = try await signedInBrowser(api, accounts, username: "reviewer", role: .analyst)
            let queue = try await browser.get("/review")
            #expect(queue.status == .ok)
            let items = queue.html.components(separatedBy: "<article").dropFirst()
            let ab = try #require(items.first { $0.contains("Kim Yong-su") })
            let ad = try #require(items.first { $0.contains("Gim Yeongsu") })
            #expect(ab.contains("A list names a person once") && ab.contains("/sources/\(list)"))
            #expect(!ad.contains("A list names a person once"))
        }
    }

    @Test("a proposal must join two live persons")
    func refusesOtherRecords() async throws {
        try await withServer { api, store in
            let eventText = try await api.json(.post, "/api/v1/events", #"{"title": "x"}"#).body?["id"]?.string
            let personText = try await api.json(.post, "/api/v1/persons", #"{"names": [{"full": "A"}]}"#).body?["id"]?
                .string
            let event = try #require(eventText.flatMap(RecordID.init))
            let person = try #require(personText.flatMap(RecordID.init))
            await #expect(throws: StoreError.self) {
                try await store.propose(
                    [NewMatch(event, person, origin: .link, probability: 0.5, weight: 0, reasons: [])], at: Date())
            }
            #expect(try await store.matchProposals(access: .operatorAccess).isEmpty)
        }
    }

    @Test("the queue pages on: each page's next link starts after its last pair, and every pair comes once")
    func pagesOn() async throws {
        try await withAuditedServer { api, store, accounts, _ in
            var persons: [RecordID] = []
            for index in 0..<9 {
                let text = try await api.json(.post, "/api/v1/persons", #"{"names": [{"full": "Kim \#(index)"}]}"#)
                    .body?["id"]?.string
                persons.append(try #require(text.flatMap(RecordID.init)))
            }
            var matches: [NewMatch] = []
            for a in 0..<9 {
                for b in (a + 1)..<9 {
                    matches.append(
                        NewMatch(
                            persons[a], persons[b], origin: .link, probability: Double((a * 9 + b) % 10) / 10,
                            weight: 0, reasons: []))
                }
            }
            _ = try await store.propose(matches, at: Date())
            let (browser, _, _) = try await signedInBrowser(api, accounts, username: "reviewer", role: .analyst)
            var path = "/review"
            var shown: [String] = []
            for _ in 0..<5 {
                let page = try await browser.get(path)
                #expect(page.status == .ok)
                shown += page.html.components(separatedBy: "id=\"match-").dropFirst().map {
                    String($0.prefix { $0 != "\"" })
                }
                guard let range = page.html.range(of: #"rel="next" href=""#) else { break }
                path = String(page.html[range.upperBound...].prefix { $0 != "\"" }).replacingOccurrences(
                    of: "&amp;", with: "&")
                #expect(path.contains("after="))
            }
            // 36 pairs: two pages of 20 and 16, each pair once, the most uncertain first.
            #expect(shown.count == 36 && Set(shown).count == 36)
            let queue = try await store.matchProposals(access: .operatorAccess, limit: 100).map { String($0.id) }
            #expect(shown == queue)
        }
    }
}
