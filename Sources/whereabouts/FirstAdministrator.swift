import WhereaboutsSecurity
import WhereaboutsStore

/// The first start has no accounts and no default password: it makes the account `admin` and a
/// one-time set-up link for it. Until an administrator has set a password, each start replaces the
/// link (the earlier one stops working) — with several servers, the link of the last one started.
enum FirstAdministrator {
    static let username = "admin"

    /// A new set-up token when no administrator can sign in yet; `nil` otherwise.
    static func setupToken(_ accounts: AccountStore) async throws -> String? {
        let all = try await accounts.accounts()
        if all.contains(where: { $0.role == .administrator && $0.hasPassword && !$0.disabled }) { return nil }
        if all.contains(where: { $0.username == username }) {
            return try await accounts.resetCredentials(username: username)
        }
        do {
            return try await accounts.createAccount(
                username: username, displayName: "Administrator", role: .administrator, compartments: ["general"]
            ).setupToken
        } catch AccountError.usernameTaken {
            // Another server of this installation, starting at the same moment, made it first.
            return try await accounts.resetCredentials(username: username)
        }
    }
}
