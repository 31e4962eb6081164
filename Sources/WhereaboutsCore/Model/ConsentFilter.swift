/// What material is being shared for, and so which consent it needs.
public enum SharingPurpose: String, Sendable, CaseIterable {
    /// Inside the organisation (a full export, a move between installations).
    case `internal`
    /// To UN mechanisms.
    case un
    /// For publication (persons appear by pseudonym only, testimony text is left out).
    case publication

    /// The consent scope a source must allow for its material to be shared this way.
    public var scope: Consent.Scope {
        switch self {
        case .internal: return .internalDocumentation
        case .un: return .shareWithUN
        case .publication: return .publishWithoutNames
        }
    }
}

/// Takes out of shared records whatever rests on a source whose consent does not cover the purpose:
/// the source itself, information drawn from it, name forms and fate entries it gave, and references
/// to it; and reparation claims whose claimant's consent does not cover it, with their decisions and
/// measures. Records must come sources first and claims before what hangs from them (as exports
/// order them).
public struct ConsentFilter: Sendable {
    public let purpose: SharingPurpose
    /// Sources withheld so far.
    public private(set) var withheld: Set<RecordID> = []
    /// Reparation claims withheld so far: their decisions and measures go with them.
    public private(set) var withheldClaims: Set<RecordID> = []

    public init(purpose: SharingPurpose) { self.purpose = purpose }

    /// The body as it may be shared, or `nil` when the whole record is withheld.
    public mutating func filter(_ body: any RecordBody, id: RecordID) -> (any RecordBody)? {
        switch body {
        case let source as Source:
            guard source.allows(purpose.scope) else {
                withheld.insert(id)
                return nil
            }
            return source
        case let information as Information:
            return withheld.contains(information.sourceID) ? nil : information
        case var person as Person:
            person.names.removeAll { $0.sourceID.map(withheld.contains) ?? false }
            person.fate.removeAll { $0.sourceID.map(withheld.contains) ?? false }
            return person
        case let claim as ReparationClaim:
            guard claim.allows(purpose.scope) else {
                withheldClaims.insert(id)
                return nil
            }
            return claim
        case let decision as ReparationDecision:
            return withheldClaims.contains(decision.claimID) ? nil : decision
        case var measure as ReparationMeasure:
            guard !withheldClaims.contains(measure.claimID) else { return nil }
            for index in measure.history.indices {
                measure.history[index].sourceIDs.removeAll(where: withheld.contains)
            }
            return measure
        case let citing as any CitesSources:
            return citing.citing(withheld)
        default:
            return body
        }
    }
}

/// Records that cite sources in a `sourceIDs` list.
protocol CitesSources: RecordBody {
    var sourceIDs: [RecordID] { get set }
}

extension CitesSources {
    /// The record without the given sources among its citations.
    func citing(_ withheld: Set<RecordID>) -> any RecordBody {
        var copy = self
        copy.sourceIDs.removeAll(where: withheld.contains)
        return copy
    }
}

extension Event: CitesSources {}
extension Act: CitesSources {}
extension Involvement: CitesSources {}
extension Organisation: CitesSources {}
