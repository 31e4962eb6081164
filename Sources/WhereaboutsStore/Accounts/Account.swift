import Foundation
import WhereaboutsSecurity

/// A person who signs in: their role and permissions, their compartments and how they sign in.
/// Secrets (password hash, second-factor secret) are not part of it; ``AccountStore`` keeps them.
public struct Account: Sendable, Hashable, Codable {
    public let id: String
    public let username: String
    public let email: String?
    public let displayName: String
    public let role: Role
    public let permissions: Set<Permission>
    /// The interface language chosen (`en`, `ko`, `ja`), or `nil` to follow the browser.
    public let language: String?
    public let compartments: [String]
    /// Whether a second factor is set up.
    public let hasSecondFactor: Bool
    /// Whether a password is set (an account made by `users add` has none until its set-up link is used).
    public let hasPassword: Bool
    public let disabled: Bool

    /// Whether signing in needs a second factor (and so cannot finish until one is set up).
    public var requiresSecondFactor: Bool { permissions.requiresSecondFactor }
}

/// A compartment: a named partition of the records (e.g. "Japan abductions").
public struct Compartment: Sendable, Hashable, Codable {
    public let id: String
    public let name: String
}

/// Why an account operation was refused.
public enum AccountError: Error, Sendable, Equatable {
    case usernameTaken
    case invalidUsername
    case weakPassword(PasswordPolicy.Violation)
    case noSuchAccount
    case noSuchCompartment(String)
    case invalidCompartment
    case linkExpired
    /// The action needs the password and a fresh second-factor code again (step-up), given just now.
    case stepUpRequired
}

/// A user name: 3–64 characters, lower-case letters, digits, dot, dash, underscore.
public enum Username {
    public static func isValid(_ name: String) -> Bool {
        (3...64).contains(name.count)
            && name.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("0"..."9").contains($0) || ".-_".unicodeScalars.contains($0)
            }
    }
}
