import Foundation

/// One response a State gave on a recommendation, at one stage of the review: recommendations are
/// answered more than once (in the working-group report, in an addendum, in the plenary, in a
/// mid-term report, in the next cycle), and a response may split one recommendation into clauses
/// with different positions. Responses are kept in order and never rewritten.
public struct UNResponse: Sendable, Hashable, Codable {
    /// Where in the review the response was given.
    public enum Stage: String, Sendable, Hashable, Codable, CaseIterable {
        case workingGroupReport = "working-group-report"
        case addendum
        case plenary
        case midTermReport = "mid-term-report"
        case nextCycle = "next-cycle"
        case other
    }

    public var stage: Stage
    public var position: UNPosition
    /// The clause the response is about when it splits the recommendation (`first part`, `(b)`), or nil.
    public var clause: String?
    /// The day of the response (ISO date).
    public var date: String
    /// Where it is written: a paragraph citation (`A/HRC/13/13/Add.1, para. 4`) or a reference.
    public var source: String?
    public var note: String?

    public init(
        stage: Stage, position: UNPosition, clause: String? = nil, date: String, source: String? = nil,
        note: String? = nil
    ) {
        self.stage = stage
        self.position = position
        self.clause = clause
        self.date = date
        self.source = source
        self.note = note
    }
}
