import Foundation
import HummingbirdOTP

/// Time-based one-time passwords (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps) for the second
/// factor. A code is accepted for the current step and one step either side (clock drift), and
/// never twice: the caller stores the step of the last accepted code and passes it back.
public struct TwoFactor: Sendable {
    /// The shared secret as the authenticator app holds it.
    public let secret: String

    public init(secret: String) { self.secret = secret }

    /// A new secret: 20 characters from the base32 alphabet (100 bits).
    public static func newSecret() -> String {
        SecretToken.randomCharacters(20, from: Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"))
    }

    /// The code an authenticator shows at `date`, as six digits.
    public func code(at date: Date) -> String {
        String(format: "%06d", TOTP(secret: secret).compute(date: date))
    }

    /// The time step a `code` entered at `date` belongs to, if it is valid and newer than `lastUsedStep`.
    public func acceptedStep(_ code: String, at date: Date, lastUsedStep: Int?) -> Int? {
        let digits = code.filter { !$0.isWhitespace }
        guard digits.count == 6, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        let now = Int(date.timeIntervalSince1970) / 30
        var accepted: Int?
        for step in (now - 1)...(now + 1) {
            let candidate = String(
                format: "%06d", TOTP(secret: secret).compute(date: Date(timeIntervalSince1970: Double(step * 30))))
            // Every candidate is compared, so timing does not tell which step matched.
            if SecretToken.constantTimeEqual(Array(candidate.utf8), Array(digits.utf8)) { accepted = step }
        }
        guard let accepted, accepted > (lastUsedStep ?? Int.min) else { return nil }
        return accepted
    }

    /// The `otpauth://` address an authenticator app reads (usually as a QR code).
    public func authenticatorURL(account: String, issuer: String = "Whereabouts") -> String {
        TOTP(secret: secret).createAuthenticatorURL(label: "\(issuer):\(account)", issuer: issuer)
    }
}

/// One-time recovery codes for a lost authenticator: ten codes of ten characters, shown once and stored hashed.
public enum RecoveryCodes {
    public static func generate(count: Int = 10) -> [String] {
        (0..<count).map { _ in
            let code = SecretToken.randomCharacters(10, from: Array("abcdefghjkmnpqrstuvwxyz23456789"))
            return code.prefix(5) + "-" + code.dropFirst(5)
        }
    }

    /// The form a code is compared in: lower case, without spaces or dashes.
    public static func normalised(_ code: String) -> String {
        code.lowercased().filter { $0.isLetter || $0.isNumber }
    }
}
