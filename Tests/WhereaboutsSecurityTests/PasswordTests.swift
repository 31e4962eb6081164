import Foundation
import Testing

@testable import WhereaboutsSecurity

@Suite("Passwords")
struct PasswordTests {
    let hasher = PasswordHasher.testing

    @Test("a hash verifies its own password and no other")
    func roundTrip() throws {
        let stored = try hasher.hash("correct horse battery staple")
        #expect(stored.hasPrefix("scrypt$10$8$1$"))
        #expect(hasher.verify("correct horse battery staple", against: stored))
        #expect(!hasher.verify("correct horse battery stapl", against: stored))
        #expect(!hasher.verify("", against: stored))
    }

    @Test("two hashes of one password differ (each has its own salt)")
    func salted() throws {
        #expect(try hasher.hash("the same password") != hasher.hash("the same password"))
    }

    @Test("malformed or tampered stored hashes never verify")
    func malformed() throws {
        let stored = try hasher.hash("a long enough password")
        for bad in [
            "", "scrypt", "bcrypt$10$8$1$AAAA$AAAA", stored.replacingOccurrences(of: "$10$", with: "$40$"),
            String(stored.dropLast(4)) + "AAA=",
        ] {
            #expect(!hasher.verify("a long enough password", against: bad))
        }
    }

    @Test("hashes made at a lower cost ask to be redone at the standard cost")
    func rehash() throws {
        let stored = try hasher.hash("a long enough password")
        #expect(PasswordHasher.standard.needsRehash(stored))
        #expect(!hasher.needsRehash(stored))
    }

    @Test(
        "the policy refuses short, name-bearing and common passwords",
        arguments: [
            ("short", PasswordPolicy.Violation.tooShort),
            ("kim.sunhee.documenter", .containsName),
            ("ksh@example.org is mine", .containsName),
            ("passwordpassword", .common),
            ("password123456", .common),
            ("qwertyuiop!!!", .common),
            ("1qaz2wsx3edc", .common),
        ])
    func refuses(password: String, violation: PasswordPolicy.Violation) {
        #expect(
            PasswordPolicy.standard.violation(of: password, username: "kim.sunhee", email: "ksh@example.org")
                == violation)
    }

    @Test("the policy accepts a long passphrase in any script")
    func accepts() {
        for password in ["내 비밀번호는 아주 길다", "こんにちは世界、長い合言葉です", "tidal-orchard-7-lantern"] {
            #expect(PasswordPolicy.standard.violation(of: password, username: "kim", email: nil) == nil)
        }
    }

    @Test("over-long passwords are refused before hashing")
    func tooLong() {
        let password = String(repeating: "가", count: 400)
        #expect(PasswordPolicy.standard.violation(of: password, username: "kim", email: nil) == .tooLong)
    }
}
