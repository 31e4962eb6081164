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

/// Takes out of shared records whatever rests on a record whose own consent does not cover the
/// purpose (decision 0039). The rule is the kinds' declarations and their references, nothing
/// kind-specific here:
/// - a record of a kind that ``RecordBody/holdsConsent`` (a source, a reparation claim) is withheld
///   when ``RecordBody/consentAllows(_:)`` says no;
/// - every other record first loses what its kind can share without (``RecordBody/leavingOut(_:)``:
///   citations, name forms and fate entries a withheld source gave); if it still refers to a
///   withheld record (information from a withheld source, a decision on a withheld claim), it is
///   withheld too, and so is what refers to it in turn.
///
/// Records must come consent holders first and, after them, in export order (what is referred to
/// before what refers to it), as ``RecordKind/consentHolders`` and the exports arrange.
public struct ConsentFilter: Sendable {
    public let purpose: SharingPurpose
    /// Records withheld for their own consent.
    public private(set) var withheld: Set<RecordID> = []
    /// Records withheld because they refer to a withheld record.
    public private(set) var withheldAlong: Set<RecordID> = []
    /// How many records of each kind were withheld for their own consent.
    public private(set) var withheldByKind: [RecordKind: Int] = [:]

    public init(purpose: SharingPurpose) { self.purpose = purpose }

    /// The body as it may be shared, or `nil` when the whole record is withheld.
    public mutating func filter(_ body: any RecordBody, id: RecordID) -> (any RecordBody)? {
        guard body.consentAllows(purpose.scope) else {
            if withheld.insert(id).inserted { withheldByKind[type(of: body).kind, default: 0] += 1 }
            return nil
        }
        guard !withheld.isEmpty || !withheldAlong.isEmpty else { return body }
        let shared = body.leavingOut(withheld)
        guard !shared.references.contains(where: { withheld.contains($0.id) || withheldAlong.contains($0.id) })
        else {
            withheldAlong.insert(id)
            return nil
        }
        return shared
    }
}

extension RecordKind {
    /// The kinds whose records hold a consent of their own, which sharing reads first.
    public static let consentHolders: [RecordKind] = allCases.filter { $0.bodyType.holdsConsent }
}

/// Records that cite sources in a `sourceIDs` list: shared without the withheld ones.
protocol CitesSources: RecordBody {
    var sourceIDs: [RecordID] { get set }
}

extension CitesSources {
    public func leavingOut(_ withheld: Set<RecordID>) -> Self {
        var copy = self
        copy.sourceIDs.removeAll(where: withheld.contains)
        return copy
    }
}

extension Event: CitesSources {}
extension Act: CitesSources {}
extension Involvement: CitesSources {}

extension Organisation {
    /// Without citations of withheld sources and the name forms they gave.
    public func leavingOut(_ withheld: Set<RecordID>) -> Organisation {
        var copy = self
        copy.sourceIDs.removeAll(where: withheld.contains)
        copy.names.removeAll { $0.sourceID.map(withheld.contains) ?? false }
        return copy
    }
}

extension Person {
    /// Without the name forms and fate entries withheld sources gave.
    public func leavingOut(_ withheld: Set<RecordID>) -> Person {
        var copy = self
        copy.names.removeAll { $0.sourceID.map(withheld.contains) ?? false }
        copy.fate.removeAll { $0.sourceID.map(withheld.contains) ?? false }
        return copy
    }
}

extension Source {
    public static var holdsConsent: Bool { true }
    public func consentAllows(_ scope: Consent.Scope) -> Bool { allows(scope) }
}
