/// What an account may do. Roles grant a default set; administrators may adjust a user's set.
public enum Permission: String, CaseIterable, Codable, Sendable, Comparable {
    case readRecords = "read-records"
    case writeRecords = "write-records"
    case seeIdentities = "see-identities"
    case export
    case reviewMatches = "review-matches"
    case manageUsers = "manage-users"

    public static func < (lhs: Permission, rhs: Permission) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Permissions that expose people or the installation: an account holding any of them must sign
    /// in with a second factor.
    public static let needingSecondFactor: Set<Permission> = [.seeIdentities, .export, .manageUsers]
}

/// The four roles of the product, each a named default set of permissions.
public enum Role: String, CaseIterable, Codable, Sendable {
    case administrator
    case documenter
    case analyst
    case viewer

    public var defaultPermissions: Set<Permission> {
        switch self {
        case .administrator: Set(Permission.allCases)
        case .documenter: [.readRecords, .writeRecords, .seeIdentities]
        case .analyst: [.readRecords, .seeIdentities, .export, .reviewMatches]
        case .viewer: [.readRecords]
        }
    }
}

extension Set where Element == Permission {
    /// Whether an account with these permissions must use a second factor.
    public var requiresSecondFactor: Bool { !isDisjoint(with: Permission.needingSecondFactor) }

    /// The stored form: codes in a fixed order, comma-separated.
    public var storedForm: String { sorted().map(\.rawValue).joined(separator: ",") }

    /// Reads the stored form; unknown codes are dropped (a permission removed from the product grants nothing).
    public init(storedForm: String) {
        self = Set(storedForm.split(separator: ",").compactMap { Permission(rawValue: String($0)) })
    }
}
