import Foundation
import Testing
import WhereaboutsCore
import WhereaboutsOperations
import WhereaboutsSecurity
import WhereaboutsStore
import WhereaboutsTestSupport

/// Fictional applicants run through a versioned rule set (issue 19, decision 0032).
@Suite("reparations: rules, decisions, measures")
struct ReparationOperationsTests {
    static func day(_ text: String) -> Day { Day(iso: text)! }
    static func date(_ text: String) -> FuzzyDate { try! FuzzyDate.parse(text) }

    /// One fictional applicant: who claims, for a victim abducted when, whose fate is what.
    struct Applicant: Sendable {
        let name: String
        let relationship: ReparationClaim.Relationship
        let violation: String
        let actDate: String
        let fate: [FateEntry]
        /// The outcome and benefits expected under the first version, then the second.
        let first: [String]
        let second: [String]
        /// A reason expected in the first version's decision.
        let reason: String
    }

    static let applicants: [Applicant] = [
        Applicant(
            name: "A", relationship: .child, violation: "abduction", actDate: "1977-11-15",
            fate: [FateEntry(status: .missing, date: date("1977-11"))], first: ["consolation"],
            second: ["consolation"], reason: "not returned; 46 full years from 1977-11-15 to 2024-06-01"),
        Applicant(
            name: "B (wartime)", relationship: .spouse, violation: "abduction", actDate: "1950-08",
            fate: [FateEntry(status: .missing)], first: [], second: ["consolation"],
            reason: "no act known to be on or after 1953-07-28"),
        Applicant(
            name: "C (returnee)", relationship: .self, violation: "abduction", actDate: "1978-08-12",
            fate: [
                FateEntry(status: .missing, date: date("1978")), FateEntry(status: .returned, date: date("2002-10")),
            ],
            first: ["settlement-support"], second: ["settlement-support"], reason: "returned recorded"),
        Applicant(
            name: "D (recent)", relationship: .sibling, violation: "abduction", actDate: "2023-01-10",
            fate: [FateEntry(status: .missing)], first: [], second: [],
            reason: "not returned; 1 full years from 2023-01-10 to 2024-06-01"),
        Applicant(
            name: "E (died in detention)", relationship: .parent, violation: "incommunicado-detention",
            actDate: "1980",
            fate: [
                FateEntry(status: .detainedLocationUnknown, date: date("1980")),
                FateEntry(status: .deceasedRemainsUnlocated, date: date("1990")),
            ], first: ["consolation"], second: ["consolation"], reason: "died after detention"),
        Applicant(
            name: "F (no relation named)", relationship: .otherRelative, violation: "abduction",
            actDate: "1977-11-15", fate: [FateEntry(status: .missing)], first: [], second: [],
            reason: "claimant is other-relative"),
    ]

    static let family = ["spouse", "child", "parent", "sibling"]

    static let firstRules = EligibilityRules(
        name: "Consolation and settlement (fictional)",
        rules: [
            EligibilityRule(
                code: "abducted-not-returned", benefit: "consolation",
                conditions: [
                    .init(.violation, values: ["abduction"]), .init(.actOnOrAfter, date: day("1953-07-28")),
                    .init(.notReturnedForYears, years: 3), .init(.relationship, values: family),
                ]),
            EligibilityRule(
                code: "died-in-detention", benefit: "consolation",
                conditions: [.init(.diedInDetention), .init(.relationship, values: family)]),
            EligibilityRule(
                code: "returnee", benefit: "settlement-support",
                conditions: [.init(.returned), .init(.relationship, values: ["self"])]),
        ])

    /// The second version also covers those taken during the war.
    static var secondRules: EligibilityRules {
        var rules = firstRules
        rules.rules.append(
            EligibilityRule(
                code: "wartime-abductee", benefit: "consolation",
                conditions: [
                    .init(.violation, values: ["abduction"]), .init(.actBefore, date: day("1953-07-28")),
                    .init(.notReturnedForYears, years: 3), .init(.relationship, values: family),
                ]))
        return rules
    }

    /// Files each applicant's case and claim as `writer`; returns the claims' ids in the table's order.
    static func file(_ applicants: [Applicant], store: SQLRecordStore, by writer: Writer) async throws -> [RecordID] {
        var claims: [RecordID] = []
        for applicant in applicants {
            let victim = try await store.create(
                Person(names: [NameForm(full: "Victim \(applicant.name)")], roles: [.victim], fate: applicant.fate),
                by: writer
            ).id
            let claimant =
                applicant.relationship == .self
                ? victim
                : try await store.create(
                    Person(names: [NameForm(full: "Relative \(applicant.name)")], roles: [.familyMember]), by: writer
                ).id
            let event = try await store.create(Event(title: "Case \(applicant.name)"), by: writer).id
            let act = try await store.create(
                Act(eventID: event, victimID: victim, type: applicant.violation, date: date(applicant.actDate)),
                by: writer
            ).id
            claims.append(
                try await store.create(
                    ReparationClaim(
                        claimantID: claimant, directVictimID: victim, relationship: applicant.relationship,
                        harms: [.init(type: .disappearance, actIDs: [act])], filedOn: date("2024-03")),
                    by: writer
                ).id)
        }
        return claims
    }

    @Test(
        "fictional applicants get the expected outcomes with reasons; a rule change is a new version and earlier decisions stay as they were"
    )
    func versionedRules() async throws {
        try await OperationsFixture.with { fixture in
            let operations = ReparationOperations(store: fixture.store, audit: fixture.audit)
            let writer = Writer.operatorWriter(actor: "committee")
            let claims = try await Self.file(Self.applicants, store: fixture.store, by: writer)
            let rules = try await fixture.store.create(Self.firstRules, by: writer)
            var firstDecisions: [StoredRecord] = []
            for (applicant, claim) in zip(Self.applicants, claims) {
                let decision = try await operations.decide(
                    claim: claim, rules: rules.id, on: Self.day("2024-06-01"), by: writer)
                let body = try #require(decision.body(as: ReparationDecision.self))
                #expect(body.benefits == applicant.first, "\(applicant.name): \(body.reasons)")
                #expect(body.outcome == (applicant.first.isEmpty ? .notEligible : .eligible), "\(applicant.name)")
                #expect(body.rulesVersion == 1)
                #expect(body.reasons.count == Self.firstRules.rules.count)
                #expect(
                    body.reasons.contains { $0.contains(applicant.reason) }, "\(applicant.name): \(body.reasons)")
                firstDecisions.append(decision)
            }

            // The rules change: a new version of the same record.
            let changed = try await fixture.store.update(
                rules.id, with: Self.secondRules, expectedVersion: 1, by: writer)
            #expect(changed.version == 2)
            for (applicant, claim) in zip(Self.applicants, claims) {
                let decision = try await operations.decide(
                    claim: claim, rules: rules.id, on: Self.day("2024-06-01"), by: writer)
                let body = try #require(decision.body(as: ReparationDecision.self))
                #expect(body.benefits == applicant.second, "\(applicant.name): \(body.reasons)")
                #expect(body.rulesVersion == 2 && body.reasons.count == 4)
            }
            // Every earlier decision is as it was, under the version it applied, which is still kept.
            for earlier in firstDecisions {
                let now = try await fixture.store.get(earlier.id, access: .operatorAccess)
                #expect(now.version == 1)
                #expect(
                    now.body(as: ReparationDecision.self) == earlier.body(as: ReparationDecision.self))
            }
            let (_, kept) = try await fixture.store.version(rules.id, 1, access: .operatorAccess)
            #expect(kept as? EligibilityRules == Self.firstRules)

            // What was decided cannot be rewritten; an appeal can be added, and once settled stays so.
            var rewritten = try #require(firstDecisions[1].body(as: ReparationDecision.self))
            rewritten.outcome = .eligible
            rewritten.benefits = ["consolation"]
            await #expect(throws: StoreError.self) {
                _ = try await fixture.store.update(
                    firstDecisions[1].id, with: rewritten, expectedVersion: 1, by: writer)
            }
            var appealed = try #require(firstDecisions[1].body(as: ReparationDecision.self))
            appealed.appeal = .init(
                filedOn: Self.date("2024-07-01"), result: .overturned, decidedOn: Self.date("2024-11-20"),
                outcome: .eligible)
            let settled = try await fixture.store.update(
                firstDecisions[1].id, with: appealed, expectedVersion: 1, by: writer)
            #expect(settled.body(as: ReparationDecision.self)?.finalOutcome == .eligible)
            #expect(settled.body(as: ReparationDecision.self)?.outcome == .notEligible)
            appealed.appeal?.result = .upheld
            appealed.appeal?.outcome = nil
            await #expect(throws: StoreError.self) {
                _ = try await fixture.store.update(firstDecisions[1].id, with: appealed, expectedVersion: 2, by: writer)
            }
        }
    }

    @Test("a measure's status history is appended to, never rewritten, also by a restore")
    func appendOnlyHistory() async throws {
        try await OperationsFixture.with { fixture in
            let writer = Writer.operatorWriter(actor: "committee")
            let claim = try await Self.file([Self.applicants[0]], store: fixture.store, by: writer)[0]
            var measure = ReparationMeasure(
                claimID: claim, form: .compensation, providerType: .state, provider: "A ministry (fictional)",
                acknowledgedResponsibility: false, amount: 20_000_000, unit: "KRW",
                history: [.init(status: .proposed, date: Self.date("2024-07-01"))])
            let created = try await fixture.store.create(measure, by: writer)
            measure.history.append(.init(status: .granted, date: Self.date("2024-09-01")))
            let granted = try await fixture.store.update(created.id, with: measure, expectedVersion: 1, by: writer)
            #expect(granted.body(as: ReparationMeasure.self)?.status == .granted)
            var rewritten = measure
            rewritten.history[0].status = .refused
            await #expect(throws: StoreError.self) {
                _ = try await fixture.store.update(created.id, with: rewritten, expectedVersion: 2, by: writer)
            }
            var dropped = measure
            dropped.history.removeLast()
            await #expect(throws: StoreError.self) {
                _ = try await fixture.store.update(created.id, with: dropped, expectedVersion: 2, by: writer)
            }
            await #expect(throws: StoreError.self) {
                _ = try await fixture.store.restore(created.id, version: 1, expectedVersion: 2, by: writer)
            }
            #expect(try await fixture.store.get(created.id, access: .operatorAccess).version == 2)
        }
    }

    @Test("another desk finds no claim, rule set or decision of this one, and its report counts none of them")
    func otherDesk() async throws {
        try await OperationsFixture.with { fixture in
            _ = try await fixture.accounts.createCompartment(id: "japan", name: "Japan")
            _ = try await fixture.accounts.createCompartment(id: "russia", name: "Russia")
            let japan = try await fixture.account("doc-jp", role: .documenter, compartments: ["japan"])
            let russia = try await fixture.account("doc-ru", role: .documenter, compartments: ["russia"])
            let japanWriter = try #require(Writer(account: japan, compartments: ["japan"]))
            let russiaWriter = try #require(Writer(account: russia, compartments: ["russia"]))
            let operations = ReparationOperations(store: fixture.store, audit: fixture.audit)
            let claims = try await Self.file(Array(Self.applicants.prefix(5)), store: fixture.store, by: japanWriter)
            let rules = try await fixture.store.create(Self.firstRules, by: japanWriter)
            let decision = try await operations.decide(
                claim: claims[0], rules: rules.id, on: Self.day("2024-06-01"), by: japanWriter)
            // The Russia desk's own rule set, to try on the Japan desk's claim.
            let ownRules = try await fixture.store.create(Self.firstRules, by: russiaWriter)
            for id in [claims[0], decision.id] {
                await #expect(throws: StoreError.notFound(id)) {
                    _ = try await fixture.store.get(id, access: russiaWriter.access)
                }
            }
            await #expect(throws: StoreError.notFound(claims[0])) {
                _ = try await operations.evaluate(
                    claim: claims[0], rules: ownRules.id, on: Self.day("2024-06-01"), access: russiaWriter.access)
            }
            await #expect(throws: StoreError.notFound(claims[0])) {
                _ = try await operations.decide(
                    claim: claims[0], rules: ownRules.id, on: Self.day("2024-06-01"), by: russiaWriter)
            }
            await #expect(throws: StoreError.self) {
                _ = try await fixture.store.create(
                    ReparationMeasure(
                        claimID: claims[0], form: .satisfaction, providerType: .ngo, provider: "An NGO",
                        acknowledgedResponsibility: false, history: [.init(status: .proposed)]), by: russiaWriter)
            }
            let seen = try await operations.report(
                by: .year, actor: "doc-jp", access: RecordAccess(account: japan), from: .cli)
            #expect(seen.table.rows.map(\.label) == ["2024"])
            let other = try await operations.report(
                by: .year, actor: "doc-ru", access: RecordAccess(account: russia), from: .cli)
            #expect(other.table.rows.isEmpty && other.table.totals.allSatisfy { $0 == 0 })
        }
    }
}
