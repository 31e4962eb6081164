import Foundation
import WhereaboutsCore
import WhereaboutsDocuments

/// Every page of the web interface: the one place that knows both a page's route and its links.
public enum SiteURL: Sendable, Equatable {
    case dashboard
    case signIn
    case signInCode
    case signOut
    case signOutEverywhere
    case setup(token: String)
    case secondFactor
    case account
    case tokens
    case language
    case search
    case record(RecordKind, RecordID)
    case history(RecordKind, RecordID)
    case restore(RecordKind, RecordID, version: Int)
    case newEvent
    case users
    case user(String)
    case compartments
    case audit
    case review
    case reviewDecision(Int)
    case evidenceDownload(String)
    /// An evidence item's page, its image preview, and where a derived copy of it is posted.
    case evidence(String)
    case evidencePreview(String)
    case evidenceDerived(String)
    /// Where a file is posted as evidence on a record.
    case addEvidence(RecordKind, RecordID)
    case stylesheet
    /// UN documents held and the recommendation tracker.
    case unTracker
    case unDocument(UNSymbol)
    case unRecommendation(UNSymbol, String)
    /// Where a recommendation is linked to a record (POST).
    case unLink
    /// Where a response, an assessment or a repeat is posted on a recommendation.
    case unRespond
    case unAssess
    case unRepeat
    /// The tracker's selection as a file (`csv` or `json`), with the tracker's query.
    case unExport(String)
    /// Multiple systems estimates from the store, and their downloads (overlap table, estimate).
    case estimates
    case estimatesOverlapCSV
    case estimatesJSON
    /// Cyber incidents: the overview, where a lure is posted, and a STIX download at a TLP.
    case cyber
    case cyberLures
    case cyberSTIX(String)
    /// The reparations report (by a breakdown), its downloads, and where a person's claim, a claim's
    /// decision and a claim's measure are posted (decision 0032).
    case reparations(ReparationsReport.Breakdown?)
    case reparationsExport(String, ReparationsReport.Breakdown)
    case newClaim(RecordID)
    case decideClaim(RecordID)
    case addMeasure(RecordID)

    public var path: String {
        switch self {
        case .dashboard: "/"
        case .signIn: "/sign-in"
        case .signInCode: "/sign-in/code"
        case .signOut: "/sign-out"
        case .signOutEverywhere: "/sign-out/everywhere"
        case .setup(let token): "/setup/" + token
        case .secondFactor: "/account/second-factor"
        case .account: "/account"
        case .tokens: "/account/tokens"
        case .language: "/account/language"
        case .search: "/search"
        case .record(let kind, let id): "/\(kind.collection)/\(id)"
        case .history(let kind, let id): "/\(kind.collection)/\(id)/history"
        case .restore(let kind, let id, let version): "/\(kind.collection)/\(id)/history/\(version)/restore"
        case .newEvent: "/events/new"
        case .users: "/admin/users"
        case .user(let id): "/admin/users/" + id
        case .compartments: "/admin/compartments"
        case .audit: "/admin/audit"
        case .review: "/review"
        case .reviewDecision(let id): "/review/\(id)"
        case .evidenceDownload(let id): "/evidence/\(id)/download"
        case .evidence(let id): "/evidence/\(id)"
        case .evidencePreview(let id): "/evidence/\(id)/preview"
        case .evidenceDerived(let id): "/evidence/\(id)/derived"
        case .addEvidence(let kind, let id): "/\(kind.collection)/\(id)/evidence"
        case .stylesheet: "/static/app.css"
        case .unTracker: "/un"
        case .unDocument(let symbol): "/un/document?symbol=" + Self.query(symbol.description)
        case .unRecommendation(let symbol, let number):
            "/un/recommendation?symbol=" + Self.query(symbol.description) + "&number=" + Self.query(number)
        case .unLink: "/un/recommendation/link"
        case .unRespond: "/un/recommendation/respond"
        case .unAssess: "/un/recommendation/assess"
        case .unRepeat: "/un/recommendation/repeat"
        case .unExport(let format): "/un/export." + format
        case .estimates: "/estimates"
        case .estimatesOverlapCSV: "/estimates/overlap.csv"
        case .estimatesJSON: "/estimates/estimate.json"
        case .cyber: "/cyber"
        case .cyberLures: "/cyber/lures"
        case .cyberSTIX(let tlp): "/cyber/stix?tlp=" + Self.query(tlp)
        case .reparations(let by): "/reparations" + (by.map { "?by=" + $0.rawValue } ?? "")
        case .reparationsExport(let format, let by): "/reparations/report.\(format)?by=\(by.rawValue)"
        case .newClaim(let person): "/persons/\(person)/claims"
        case .decideClaim(let claim): "/claims/\(claim)/decision"
        case .addMeasure(let claim): "/claims/\(claim)/measures"
        }
    }

    /// A query value, percent-encoded where a URL needs it (symbols keep their slashes).
    static func query(_ value: String) -> String {
        value.addingPercentEncoding(
            withAllowedCharacters: CharacterSet(
                charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/()")) ?? ""
    }
}
