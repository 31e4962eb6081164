import Foundation
import Testing

@testable import WhereaboutsSecurity

@Suite("Second factor")
struct TwoFactorTests {
    // RFC 6238, appendix B: the SHA-1 secret is the ASCII text "12345678901234567890".
    let rfc = TwoFactor(secret: "12345678901234567890")

    @Test(
        "codes match RFC 6238's SHA-1 test vectors (last six digits)",
        arguments: [
            (59.0, "287082"), (1_111_111_109, "081804"), (1_111_111_111, "050471"), (1_234_567_890, "005924"),
            (2_000_000_000, "279037"), (20_000_000_000, "353130"),
        ])
    func vectors(time: Double, code: String) {
        #expect(rfc.code(at: Date(timeIntervalSince1970: time)) == code)
    }

    @Test("a code is accepted one step either side, and never twice")
    func window() {
        let now = Date(timeIntervalSince1970: 1_234_567_890)
        let code = rfc.code(at: now)
        let step = rfc.acceptedStep(code, at: now.addingTimeInterval(29), lastUsedStep: nil)
        #expect(step == 1_234_567_890 / 30)
        #expect(rfc.acceptedStep(code, at: now, lastUsedStep: step) == nil)
        #expect(rfc.acceptedStep(code, at: now.addingTimeInterval(95), lastUsedStep: nil) == nil)
    }

    @Test("malformed codes are refused", arguments: ["", "12345", "1234567", "abcdef", "１２３４５６"])
    func malformed(code: String) {
        #expect(rfc.acceptedStep(code, at: Date(), lastUsedStep: nil) == nil)
    }

    @Test("new secrets are 20 base32 characters and differ")
    func secrets() {
        let secret = TwoFactor.newSecret()
        #expect(secret.count == 20)
        #expect(secret.allSatisfy { "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".contains($0) })
        #expect(secret != TwoFactor.newSecret())
        #expect(TwoFactor(secret: secret).authenticatorURL(account: "kim").hasPrefix("otpauth://totp/"))
    }

    @Test("recovery codes are ten distinct codes, read back without case or dashes")
    func recovery() {
        let codes = RecoveryCodes.generate()
        #expect(Set(codes).count == 10)
        #expect(codes.allSatisfy { $0.count == 11 && $0.dropFirst(5).first == "-" })
        #expect(RecoveryCodes.normalised(" AbCde-fGhjk ") == "abcdefghjk")
    }

    @Test("tokens are long, random, and stored as their SHA-256")
    func tokens() {
        let token = SecretToken.generate(prefix: "wh_")
        #expect(token.count == 46)
        #expect(SecretToken.hash(token).count == 64)
        #expect(SecretToken.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("roles grant their defaults, and the exposing ones require a second factor")
    func roles() {
        #expect(Role.viewer.defaultPermissions == [.readRecords])
        #expect(!Role.viewer.defaultPermissions.requiresSecondFactor)
        #expect(Role.documenter.defaultPermissions.requiresSecondFactor)
        #expect(
            Set<Permission>(storedForm: Role.analyst.defaultPermissions.storedForm + ",bogus")
                == Role.analyst.defaultPermissions)
    }
}
