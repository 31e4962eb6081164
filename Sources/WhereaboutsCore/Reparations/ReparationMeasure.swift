/// A reparation measure for a claim: its form, who provides it and whether they acknowledged
/// responsibility, the amount where there is one, and its status history (issue 19, decision 0032).
///
/// The history is appended to, never rewritten (``checkChange(from:into:)``).
public struct ReparationMeasure: RecordBody {
    public static let kind = RecordKind.reparationMeasure
    /// What the measure is, in the documenter's words, names the family and where they live.
    public static let identityFields: Set<String> = ["description"]

    /// The five forms of the UN Basic Principles (A/RES/60/147, paras. 19–23) and the legal situation
    /// of a disappeared person's relatives (Convention on Enforced Disappearance, art. 24(6)).
    public enum Form: String, Codable, Sendable, CaseIterable {
        case restitution, compensation, rehabilitation, satisfaction
        case guaranteesOfNonRepetition = "guarantees-of-non-repetition"
        case legalStatus = "legal-status"
    }

    public enum ProviderType: String, Codable, Sendable, CaseIterable {
        case state
        case interimProgramme = "interim-programme"
        case ngo
    }

    /// Where a measure stands.
    public enum Status: String, Codable, Sendable, CaseIterable {
        case proposed, granted, delivered, refused, withdrawn
    }

    /// One dated status, with the records (sources) that show it.
    public struct StatusEntry: Codable, Hashable, Sendable {
        public var status: Status
        public var date: FuzzyDate?
        @DefaultEmpty public var sourceIDs: [RecordID]

        public init(status: Status, date: FuzzyDate? = nil, sourceIDs: [RecordID] = []) {
            self.status = status
            self.date = date
            self.sourceIDs = sourceIDs
        }
    }

    public var claimID: RecordID
    public var decisionID: RecordID?
    public var form: Form
    public var providerType: ProviderType
    /// The provider as it is to be cited (a ministry, a fund, an NGO).
    public var provider: String
    public var acknowledgedResponsibility: Bool
    /// The amount, in `unit` (KRW, JPY, USD, minimum monthly wages…), where there is one.
    public var amount: Double?
    public var unit: String?
    @DefaultEmpty public var history: [StatusEntry]
    public var description: String?

    public init(
        claimID: RecordID, decisionID: RecordID? = nil, form: Form, providerType: ProviderType, provider: String,
        acknowledgedResponsibility: Bool, amount: Double? = nil, unit: String? = nil, history: [StatusEntry],
        description: String? = nil
    ) {
        self.claimID = claimID
        self.decisionID = decisionID
        self.form = form
        self.providerType = providerType
        self.provider = provider
        self.acknowledgedResponsibility = acknowledgedResponsibility
        self.amount = amount
        self.unit = unit
        self.history = history
        self.description = description
    }

    /// The latest status (the last appended).
    public var status: Status? { history.last?.status }

    /// Whether the measure was ever granted (a delivered measure was).
    public var wasGranted: Bool { history.contains { $0.status == .granted || $0.status == .delivered } }
    public var wasDelivered: Bool { history.contains { $0.status == .delivered } }

    public var title: String { "\(form.rawValue): \(status?.rawValue ?? "recorded")" }

    public func check(into checker: inout Checker) {
        checker.text(provider, at: "/provider", required: true, maxLength: 500)
        if let amount, !(amount.isFinite && amount >= 0 && amount < 1e15) {
            checker.fail("/amount", "is a number from 0")
        }
        if (amount == nil) != (unit == nil) { checker.fail("/unit", "is given with an amount, and only then") }
        checker.text(unit, at: "/unit", maxLength: 50)
        checker.count(history, at: "/history", max: 200)
        if history.isEmpty { checker.fail("/history", "holds at least one status") }
        for (index, entry) in history.enumerated() {
            checker.count(entry.sourceIDs, at: "/history/\(index)/sourceIDs", max: 100)
        }
        checker.text(description, at: "/description", maxLength: 100_000)
    }

    /// Statuses are appended: the history before the change must be where it was, as it was.
    public func checkChange(from previous: any RecordBody, into checker: inout Checker) {
        guard let before = previous as? ReparationMeasure else { return }
        if history.count < before.history.count || Array(history.prefix(before.history.count)) != before.history {
            checker.fail("/history", "is appended to: earlier statuses stay as they were")
        }
        if claimID != before.claimID { checker.fail("/claimID", "cannot change") }
    }

    /// The measure hangs from its claim, and names its decision and the sources of its statuses.
    public var references: [RecordReference] {
        var references = [RecordReference(path: "/claimID", kinds: [.claim], id: claimID, role: .parent)]
        if let decisionID {
            references.append(RecordReference(path: "/decisionID", kinds: [.reparationDecision], id: decisionID))
        }
        for (index, entry) in history.enumerated() {
            references += entry.sourceIDs.references("/history/\(index)/sourceIDs", [.source])
        }
        return references
    }

    public var vocabularyUses: [VocabularyUse] { [] }
    public var searchText: [String] { [provider] }
    public var identityText: [String] { description.map { [$0] } ?? [] }
    public var period: FuzzyDate? { history.first?.date }
}

extension ReparationMeasure {
    /// Without withheld sources among the status history's evidence.
    public func leavingOut(_ withheld: Set<RecordID>) -> ReparationMeasure {
        var copy = self
        for index in copy.history.indices { copy.history[index].sourceIDs.removeAll(where: withheld.contains) }
        return copy
    }
}
