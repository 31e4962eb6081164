import Crypto
import Foundation
import Testing

@testable import WhereaboutsSecurity

@Suite("keys")
struct KeyTests {
    @Test("GF(2^8) multiplication and inverses match FIPS-197's worked examples")
    func fieldArithmetic() {
        // FIPS-197 §4.2: {57} • {83} = {c1}; §4.2.1: {57} • {13} = {fe}, {57} • {02} = {ae}.
        #expect(GF256.multiply(0x57, 0x83) == 0xC1)
        #expect(GF256.multiply(0x57, 0x13) == 0xFE)
        #expect(GF256.multiply(0x57, 0x02) == 0xAE)
        // The S-box construction (§5.1.1) inverts in the field: {53} and {ca} are inverses.
        #expect(GF256.inverse(0x53) == 0xCA)
        for a in 1...255 { #expect(GF256.multiply(UInt8(a), GF256.inverse(UInt8(a))) == 1) }
    }

    @Test("a split with fixed coefficients gives the shares worked out by hand")
    func splitVector() throws {
        // Secret 0x2a, threshold 2, coefficient 0x11: f(x) = 0x2a + 0x11·x over GF(2^8).
        // f(1) = 0x2a ^ 0x11 = 0x3b; f(2) = 0x2a ^ 0x22 = 0x08; f(3) = 0x2a ^ (0x22 ^ 0x11) = 0x19.
        let shares = try SecretSharing.split([0x2A], shares: 3, threshold: 2) { count in
            [UInt8](repeating: 0x11, count: count)
        }
        #expect(shares.map(\.y) == [[0x3B], [0x08], [0x19]])
        #expect(try SecretSharing.combine([shares[2], shares[0]]) == [0x2A])
    }

    @Test("shares published with another GF(2^8) implementation combine to their secret")
    func publishedVector() throws {
        // From the test suite of reynir/ocaml-secret-sharing (same field, x = 1 and 2, threshold 2):
        // the shares B9 FA 07 E1 85 and F5 40 9B 45 11 hold the secret "test\0".
        let shares = [
            SecretSharing.Share(x: 1, threshold: 2, y: [0xB9, 0xFA, 0x07, 0xE1, 0x85]),
            SecretSharing.Share(x: 2, threshold: 2, y: [0xF5, 0x40, 0x9B, 0x45, 0x11]),
        ]
        #expect(try SecretSharing.combine(shares) == Array("test\u{0}".utf8))
    }

    @Test("any threshold of the shares rebuilds the secret; fewer, or an altered share, are refused")
    func splitAndCombine() throws {
        let secret = SecretToken.randomBytes(32)
        let shares = try SecretSharing.split(secret, shares: 5, threshold: 3)
        for a in 0..<5 {
            for b in (a + 1)..<5 {
                for c in (b + 1)..<5 {
                    #expect(try SecretSharing.combine([shares[c], shares[a], shares[b]]) == secret)
                }
            }
        }
        let parsed = try shares.map { try SecretSharing.Share(text: $0.text) }
        #expect(parsed == shares)
        #expect(throws: KeyError.self) { try SecretSharing.combine(Array(shares.prefix(2))) }
        var text = Array(shares[0].text)
        text[25] = text[25] == "a" ? "b" : "a"
        #expect(throws: KeyError.self) { try SecretSharing.Share(text: String(text)) }
        #expect(throws: KeyError.self) { try SecretSharing.Share(text: "not a share") }
        #expect(throws: KeyError.self) { try SecretSharing.split(secret, shares: 2, threshold: 3) }
    }

    @Test("a sealed value opens only for its own record, field and key")
    func sealedValueBinding() throws {
        let key = DataKey.generate(id: "general.1")
        let sealed = try SealedValue.seal("김영희", with: key, record: "r1", field: "identity")
        #expect(!sealed.contains("김영희"))
        #expect(SealedValue.keyID(of: sealed) == "general.1")
        #expect(try SealedValue.open(sealed, record: "r1", field: "identity") { _ in key } == "김영희")
        #expect(throws: KeyError.wrongKey) {
            try SealedValue.open(sealed, record: "r2", field: "identity") { _ in key }
        }
        #expect(throws: KeyError.wrongKey) { try SealedValue.open(sealed, record: "r1", field: "title") { _ in key } }
        let other = try DataKey(id: "general.1", bytes: SecretToken.randomBytes(32))
        #expect(throws: KeyError.wrongKey) {
            try SealedValue.open(sealed, record: "r1", field: "identity") { _ in other }
        }
        // Relabelled with another key id: the associated data no longer matches.
        let relabelled = sealed.replacingOccurrences(of: "wh1.general.1.", with: "wh1.general.2.")
        let same = try DataKey(id: "general.2", bytes: key.bytes)
        #expect(throws: KeyError.wrongKey) {
            try SealedValue.open(relabelled, record: "r1", field: "identity") { _ in same }
        }
        // Two seals of the same text differ (a fresh nonce each time).
        #expect(try SealedValue.seal("김영희", with: key, record: "r1", field: "identity") != sealed)
    }

    @Test("data keys unwrap only under the key-encryption key and id they were wrapped with")
    func wrapping() throws {
        let kek = KeyEncryptionKey.generate()
        let key = DataKey.generate(id: "general.1")
        let wrapped = try kek.wrap(key)
        #expect(try kek.unwrap(wrapped, id: "general.1").bytes == key.bytes)
        #expect(throws: KeyError.wrongKey) { try kek.unwrap(wrapped, id: "other.1") }
        #expect(throws: KeyError.wrongKey) { try KeyEncryptionKey.generate().unwrap(wrapped, id: "general.1") }
        #expect(kek.fingerprint.count == 16)
        #expect(kek.fingerprint != KeyEncryptionKey.generate().fingerprint)
        #expect(try KeyEncryptionKey(base64: Data(kek.bytes).base64EncodedString()).fingerprint == kek.fingerprint)
        #expect(throws: KeyError.self) { try KeyEncryptionKey(base64: "c2hvcnQ=") }
    }

    @Test("a passphrase gives the same key with the same salt, another with another salt; short ones are refused")
    func passphrase() throws {
        let salt = SecretToken.randomBytes(16)
        let a = try KeyEncryptionKey.derive(passphrase: "correct horse battery staple", salt: salt)
        let b = try KeyEncryptionKey.derive(passphrase: "correct horse battery staple", salt: salt)
        let c = try KeyEncryptionKey.derive(
            passphrase: "correct horse battery staple", salt: SecretToken.randomBytes(16))
        #expect(a.bytes == b.bytes)
        #expect(a.bytes != c.bytes)
        #expect(throws: KeyError.self) { try KeyEncryptionKey.derive(passphrase: "short", salt: salt) }
    }

    @Test("the key file is created once with mode 0600 and read back")
    func keyFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wh-key-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("kek.key")
        let (first, created) = try KeyFile.loadOrCreate(file)
        #expect(created)
        let (again, createdAgain) = try KeyFile.loadOrCreate(file)
        #expect(!createdAgain)
        #expect(again.bytes == first.bytes)
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["kek.key"])
    }

    @Test("a blind-index digest is the first 96 bits of HMAC-SHA256 under the index key, whatever was digested before")
    func blindDigests() throws {
        let key = try DataKey(id: "general.index", bytes: Array(0..<32))
        let index = BlindIndex(key: key)
        let mac = HMAC<SHA256>.authenticationCode(
            for: Array("what do ya want for nothing?".utf8), using: SymmetricKey(data: Array(0..<32) as [UInt8]))
        let expected = Data(Array(mac).prefix(12)).base64EncodedString()
        #expect(expected.count == 16)
        #expect(index.digest("what do ya want for nothing?") == expected)
        #expect(index.digest("김영희") != expected)
        #expect(index.digest("what do ya want for nothing?") == expected)
        #expect(BlindIndex.digest("what do ya want for nothing?", key: key) == expected)
        #expect(BlindIndex(key: DataKey.generate(id: "other.index")).digest("what do ya want for nothing?") != expected)
        // Every base64 letter turns up among many digests, each equal to Foundation's encoding.
        var letters = Set<Character>()
        for number in 0..<2_000 {
            let term = "term \(number) 김영희"
            let mac = HMAC<SHA256>.authenticationCode(
                for: Array(term.utf8), using: SymmetricKey(data: Array(0..<32) as [UInt8]))
            let digest = index.digest(term)
            #expect(digest == Data(Array(mac).prefix(12)).base64EncodedString())
            letters.formUnion(digest)
        }
        #expect(letters.count == 64)
    }
}
