import Foundation

/// The rules a new password must meet: at least 12 characters, not the account's name or e-mail
/// (nor containing them), and not a commonly used password (nor one with digits or symbols added at the end).
public struct PasswordPolicy: Sendable {
    public static let minimumLength = 12
    public static let maximumLength = 1024

    /// Why a password was refused; each case has a message key in the UI's catalogues.
    public enum Violation: String, Error, Sendable, Equatable {
        case tooShort = "password.too-short"
        case tooLong = "password.too-long"
        case containsName = "password.contains-name"
        case common = "password.common"
    }

    let common: Set<String>

    /// The policy with the bundled list of common passwords.
    public static let standard = PasswordPolicy(common: Self.loadBundledList())

    init(common: Set<String>) { self.common = common }

    /// The first rule `password` breaks for this account, if any.
    public func violation(of password: String, username: String, email: String?) -> Violation? {
        if password.count < Self.minimumLength { return .tooShort }
        if password.utf8.count > Self.maximumLength { return .tooLong }
        let lowered = password.lowercased()
        let identifiers = [username, email ?? "", email?.split(separator: "@").first.map(String.init) ?? ""]
            .map { $0.lowercased() }.filter { $0.count >= 3 }
        if identifiers.contains(where: { lowered.contains($0) }) { return .containsName }
        if common.contains(lowered) { return .common }
        let stem = String(lowered.reversed().drop(while: { !$0.isLetter }).reversed())
        if stem.count >= 6, common.contains(stem) { return .common }
        let unrepeated = Self.collapsedRepetition(lowered)
        if unrepeated != lowered, common.contains(unrepeated) { return .common }
        return nil
    }

    /// "passwordpassword" → "password": a list entry written twice is still that entry.
    static func collapsedRepetition(_ text: String) -> String {
        let characters = Array(text)
        for length in 1...max(1, characters.count / 2) where characters.count % length == 0 {
            let unit = characters[0..<length]
            if stride(from: 0, to: characters.count, by: length).allSatisfy({
                characters[$0..<($0 + length)] == unit
            }) {
                return String(unit)
            }
        }
        return text
    }

    private static func loadBundledList() -> Set<String> {
        guard let url = Bundle.module.url(forResource: "common-passwords", withExtension: "txt"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { preconditionFailure("the bundled list of common passwords is missing from the build") }
        return Set(text.split(separator: "\n").map(String.init))
    }
}
