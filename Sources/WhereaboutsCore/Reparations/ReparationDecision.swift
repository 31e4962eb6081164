/// A decision on a claim's eligibility: the rule set and the version it was taken under, the outcome,
/// the benefits and the reasons, the day, and any appeal with its result (issue 19, decision 0032).
///
/// What was decided is never rewritten: an update may add or settle the appeal, nothing else
/// (``checkChange(from:into:)``); a new rule version leads to new decisions, not changed ones.
public struct ReparationDecision: RecordBody {
    public static let kind = RecordKind.reparationDecision
    /// Remarks on the decision speak of the claimant's family.
    public static let identityFields: Set<String> = ["note"]

    /// An appeal against the decision and, once settled, its result.
    public struct Appeal: Codable, Hashable, Sendable {
        public enum Result: String, Codable, Sendable, CaseIterable {
            case upheld
            case overturned
            case withdrawn
        }

        public var filedOn: FuzzyDate?
        public var result: Result?
        public var decidedOn: FuzzyDate?
        /// The outcome after a successful appeal (required when `result` is `overturned`).
        public var outcome: EligibilityEvaluation.Outcome?

        public init(
            filedOn: FuzzyDate? = nil, result: Result? = nil, decidedOn: FuzzyDate? = nil,
            outcome: EligibilityEvaluation.Outcome? = nil
        ) {
            self.filedOn = filedOn
            self.result = result
            self.decidedOn = decidedOn
            self.outcome = outcome
        }
    }

    public var claimID: RecordID
    public var rulesID: RecordID
    /// The version of the rule set applied.
    public var rulesVersion: Int
    public var outcome: EligibilityEvaluation.Outcome
    @DefaultEmpty public var benefits: [String]
    @DefaultEmpty public var reasons: [String]
    public var decidedOn: Day
    public var appeal: Appeal?
    public var note: String?

    public init(
        claimID: RecordID, rulesID: RecordID, rulesVersion: Int, evaluation: EligibilityEvaluation, decidedOn: Day,
        appeal: Appeal? = nil, note: String? = nil
    ) {
        self.claimID = claimID
        self.rulesID = rulesID
        self.rulesVersion = rulesVersion
        self.outcome = evaluation.outcome
        self.benefits = evaluation.benefits
        self.reasons = evaluation.reasons
        self.decidedOn = decidedOn
        self.appeal = appeal
        self.note = note
    }

    /// The outcome as it stands: an overturning appeal's, else the decision's.
    public var finalOutcome: EligibilityEvaluation.Outcome {
        if let appeal, appeal.result == .overturned, let outcome = appeal.outcome { return outcome }
        return outcome
    }

    public var title: String { "\(finalOutcome.rawValue) \(decidedOn.iso)" }

    public func check(into checker: inout Checker) {
        if !(1...Int(Int32.max)).contains(rulesVersion) { checker.fail("/rulesVersion", "is a version number") }
        checker.count(benefits, at: "/benefits", max: 100)
        for (index, benefit) in benefits.enumerated() {
            checker.text(benefit, at: "/benefits/\(index)", required: true, maxLength: 200)
        }
        if outcome == .eligible, benefits.isEmpty {
            checker.fail("/benefits", "names what the claimant is eligible for")
        }
        if outcome == .notEligible, !benefits.isEmpty { checker.fail("/benefits", "is empty when not eligible") }
        checker.count(reasons, at: "/reasons", max: 200)
        for (index, reason) in reasons.enumerated() {
            checker.text(reason, at: "/reasons/\(index)", required: true, maxLength: 5_000)
        }
        if let appeal {
            if appeal.result == .overturned, appeal.outcome == nil {
                checker.fail("/appeal/outcome", "is required when the appeal overturned the decision")
            }
            if appeal.result != .overturned, appeal.outcome != nil {
                checker.fail("/appeal/outcome", "is given only when the appeal overturned the decision")
            }
            if appeal.result == nil, appeal.decidedOn != nil {
                checker.fail("/appeal/decidedOn", "is given with the appeal's result")
            }
        }
        checker.text(note, at: "/note", maxLength: 10_000)
    }

    /// What was decided stays as it was; an appeal, once settled, stays settled.
    public func checkChange(from previous: any RecordBody, into checker: inout Checker) {
        guard let before = previous as? ReparationDecision else { return }
        let fixed: [(String, Bool)] = [
            ("/claimID", claimID == before.claimID), ("/rulesID", rulesID == before.rulesID),
            ("/rulesVersion", rulesVersion == before.rulesVersion), ("/outcome", outcome == before.outcome),
            ("/benefits", benefits == before.benefits), ("/reasons", reasons == before.reasons),
            ("/decidedOn", decidedOn == before.decidedOn),
        ]
        for (path, same) in fixed where !same { checker.fail(path, "is what was decided and cannot change") }
        if let settled = before.appeal, settled.result != nil, appeal != settled {
            checker.fail("/appeal", "was settled and cannot change")
        }
    }

    /// The decision hangs from its claim and names the rules it applied.
    public var references: [RecordReference] {
        [
            RecordReference(path: "/claimID", kinds: [.claim], id: claimID, role: .parent),
            RecordReference(path: "/rulesID", kinds: [.eligibilityRules], id: rulesID),
        ]
    }

    public var vocabularyUses: [VocabularyUse] { [] }
    public var searchText: [String] { benefits }
    public var identityText: [String] { note.map { [$0] } ?? [] }
}
