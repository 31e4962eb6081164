/// The reparations report (issue 19, decision 0032): claims from application to delivery, by the
/// form of their measures, by violation or by year, as counts only — no identity, no record id —
/// with small cells suppressed (``SuppressedTable``).
///
/// Every count is of claims, and every claim is in exactly one row: its year of filing; the set of
/// top-level violation types of the acts it rests on (`abduction+torture`); or the set of forms of its
/// measures (`compensation+rehabilitation`, `none`). So rows never overlap and each column's total
/// is the number of claims at that stage.
public struct ReparationsReport: Sendable, Hashable {
    /// What the rows are.
    public enum Breakdown: String, Sendable, CaseIterable, Codable {
        case form, violation, year
    }

    /// The columns, in the order of the process.
    public enum Stage: String, Sendable, CaseIterable, Codable {
        /// Claims made.
        case applications
        /// Of them, claims by the direct victim and by a relative (an indirect victim): counted apart.
        case directVictims = "direct-victims"
        case indirectVictims = "indirect-victims"
        /// Claims found eligible (after any appeal).
        case recognised
        /// Claims with a measure granted (a delivered one was granted).
        case granted
        /// Claims with a measure delivered.
        case delivered
    }

    /// One claim, as the report counts it.
    public struct Claim: Sendable, Hashable {
        public let isDirect: Bool
        public let year: Int?
        /// Top-level violation types of the acts the claim rests on.
        public let violations: Set<String>
        public let recognised: Bool
        /// Forms of the claim's measures, whatever their status.
        public let forms: Set<ReparationMeasure.Form>
        public let granted: Bool
        public let delivered: Bool

        public init(
            isDirect: Bool, year: Int?, violations: Set<String>, recognised: Bool,
            forms: Set<ReparationMeasure.Form>, granted: Bool, delivered: Bool
        ) {
            self.isDirect = isDirect
            self.year = year
            self.violations = violations
            self.recognised = recognised
            self.forms = forms
            self.granted = granted
            self.delivered = delivered
        }
    }

    /// The label of a row with no value for the breakdown.
    public static let notStated = "not stated"
    public static let noMeasure = "none"

    public let breakdown: Breakdown
    public let threshold: Int
    public let table: SuppressedTable.Published

    /// Counts `claims` by `breakdown` and suppresses what could single a claimant out. Rows are in
    /// label order (never by count: the order of suppressed rows would tell their size).
    public init(_ claims: [Claim], by breakdown: Breakdown, threshold: Int = 5) {
        self.breakdown = breakdown
        self.threshold = threshold
        var counts: [String: [Int]] = [:]
        for claim in claims {
            let label = Self.label(of: claim, by: breakdown)
            var row = counts[label] ?? Array(repeating: 0, count: Stage.allCases.count)
            for (index, stage) in Stage.allCases.enumerated() where Self.counts(claim, at: stage) {
                row[index] += 1
            }
            counts[label] = row
        }
        let rows = counts.sorted { $0.key < $1.key }.map { (label: $0.key, counts: $0.value) }
        table = SuppressedTable.publish(rows, columns: Stage.allCases.count, threshold: threshold)
    }

    static func label(of claim: Claim, by breakdown: Breakdown) -> String {
        switch breakdown {
        case .year: return claim.year.map(String.init) ?? notStated
        case .violation: return claim.violations.isEmpty ? notStated : claim.violations.sorted().joined(separator: "+")
        case .form:
            return claim.forms.isEmpty ? noMeasure : claim.forms.map(\.rawValue).sorted().joined(separator: "+")
        }
    }

    static func counts(_ claim: Claim, at stage: Stage) -> Bool {
        switch stage {
        case .applications: return true
        case .directVictims: return claim.isDirect
        case .indirectVictims: return !claim.isDirect
        case .recognised: return claim.recognised
        case .granted: return claim.granted
        case .delivered: return claim.delivered
        }
    }
}
