import Foundation

/// How far a recommendation has been implemented, as someone judged it on a day (OHCHR's tracking
/// database, UPR Info's mid-term assessments): none, partial or full.
public enum UNImplementation: String, Sendable, Hashable, Codable, CaseIterable {
    case none
    case partial
    case full

    /// The value a filter or an export uses for a recommendation nobody has assessed yet.
    public static let notAssessed = "not-assessed"

    /// Every value a filter by implementation takes: each level, then ``notAssessed``.
    public static let filterValues = allCases.map(\.rawValue) + [notAssessed]
}

/// One assessment of a recommendation's implementation: how far it is implemented, who judged it
/// and when, on what evidence (records and evidence items of the store, by id) and with what note.
/// Assessments are appended beside the responses and never rewritten; the latest is the current one.
public struct UNAssessment: Sendable, Hashable, Codable {
    public var implementation: UNImplementation
    /// The day of the assessment (ISO date).
    public var date: String
    /// Who made the assessment (an organisation, a mission, a person), as they are to be cited.
    public var assessedBy: String
    /// The records and evidence items it rests on: record ids, or evidence item ids (`ev…`).
    public var evidence: [String]
    public var note: String?

    public init(
        implementation: UNImplementation, date: String, assessedBy: String, evidence: [String] = [],
        note: String? = nil
    ) {
        self.implementation = implementation
        self.date = date
        self.assessedBy = assessedBy
        self.evidence = evidence
        self.note = note
    }
}
