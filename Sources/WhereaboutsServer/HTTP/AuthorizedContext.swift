import Hummingbird
import Logging
import WhereaboutsCore
import WhereaboutsSecurity
import WhereaboutsStore

/// A permission a route requires, as a type, so that a route's context says what it needs.
public protocol RequiredPermission: Sendable {
    /// `nil`: any signed-in account.
    static var permission: Permission? { get }
}

/// Any signed-in account.
public enum SignedIn: RequiredPermission { public static let permission: Permission? = nil }
/// Accounts that may read records.
public enum CanRead: RequiredPermission { public static let permission: Permission? = .readRecords }
/// Accounts that may write records.
public enum CanWrite: RequiredPermission { public static let permission: Permission? = .writeRecords }
/// Accounts that may export.
public enum CanExport: RequiredPermission { public static let permission: Permission? = .export }
/// Reviewers of proposed matches between person records.
public enum CanReviewMatches: RequiredPermission { public static let permission: Permission? = .reviewMatches }
/// Administrators of users, roles and compartments.
public enum CanManageUsers: RequiredPermission { public static let permission: Permission? = .manageUsers }

/// The context of an API route that needs a caller holding `Requirement`'s permission.
/// It can only be built when the caller has it, so a handler that receives one never checks roles
/// itself: an anonymous caller gets 401 and one without the permission 403 before the handler runs.
///
/// Only an API token (`Authorization: Bearer`) makes an API caller. A browser session never does,
/// whatever the path looked like to the middleware: the API has no CSRF token, and a cookie is sent
/// by the browser on any site's behalf.
public struct AuthorizedContext<Requirement: RequiredPermission>: ChildRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The caller; never absent here.
    public let caller: Caller

    public var account: Account { caller.account }
    /// What the caller may see of the records.
    public var access: RecordAccess { caller.access }

    public init(context: AppRequestContext) throws {
        guard let caller = context.caller, case .token = caller.credential else {
            context.logger.notice("refused: not signed in", metadata: ["path": .string(context.endpointPath ?? "")])
            throw Problem.unauthorized
        }
        if let permission = Requirement.permission, !caller.account.permissions.contains(permission) {
            context.logger.notice(
                "refused: missing permission",
                metadata: ["user": .string(caller.account.username), "permission": .string(permission.rawValue)])
            throw Problem.forbidden
        }
        self.coreContext = context.coreContext
        self.caller = caller
    }

    public var maxUploadSize: Int { 1 << 20 }
}

extension AuthorizedContext where Requirement == CanWrite {
    /// The caller as a writer, placing new records in `compartments` (by default their only
    /// compartment; one with several must choose).
    public func writer(compartments requested: [String]) throws -> Writer {
        let issues = CompartmentID.issues(requested, at: "/compartment")
        if !issues.isEmpty { throw Problem.invalid(issues) }
        let placed = requested.isEmpty && account.compartments.count == 1 ? Set(account.compartments) : Set(requested)
        guard let writer = Writer(account: account, compartments: placed, noting: caller.identityReads) else {
            throw Problem.forbidden
        }
        return writer
    }
}
