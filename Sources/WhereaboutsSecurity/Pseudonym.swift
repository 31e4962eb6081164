import Crypto

/// The stand-in for a person's name shown to readers without identity access, such as
/// `P-7K2QX-M4D9R-Z8TWA`: HMAC-SHA256 of the record's id under a secret key, 75 bits written as 15
/// base32 characters in three groups.
///
/// Without the key a pseudonym cannot be computed from the id (which exports carry), nor tested
/// against guesses; with different keys the same id gives unrelated pseudonyms. 75 bits make a
/// collision among a million persons less likely than one chance in 10^10.
///
/// The installation's pseudonyms use a data key kept in the keyring (the same on every page, across
/// restarts and key rotations); an export for publication uses a throwaway key of its own
/// (``ephemeral()``), so what it publishes cannot be linked to the installation or to another export.
public struct Pseudonym: Sendable {
    /// The HMAC with the key already absorbed, copied for each id.
    private let keyed: HMAC<SHA256>

    public init(key: DataKey) { keyed = HMAC<SHA256>(key: key.key) }

    /// Pseudonyms under a new random key that is kept nowhere.
    public static func ephemeral() -> Pseudonym { Pseudonym(key: .generate(id: "ephemeral-pseudonyms")) }

    /// The pseudonym of the record with `recordID`.
    public func of(recordID: String) -> String {
        let digest = self.digest("pseudonym", recordID)
        var value: UInt128 = 0
        for byte in digest.prefix(10) { value = value << 8 | UInt128(byte) }
        let code = (0..<15).map { index in Self.alphabet[Int((value >> (UInt128(index) * 5)) & 31)] }
        return "P-" + String(code[0..<5]) + "-" + String(code[5..<10]) + "-" + String(code[10...])
    }

    /// 16 bytes standing for `recordID` under this key, for stand-in record ids.
    public func standIn(recordID: String) -> [UInt8] { Array(digest("record", recordID).prefix(16)) }

    /// The HMAC of `value` for one `purpose`, so that no output serves as another.
    private func digest(_ purpose: String, _ value: String) -> [UInt8] {
        var mac = keyed
        mac.update(data: Array((purpose + ":" + value).utf8))
        return Array(mac.finalize())
    }

    /// Crockford's base32: no I, L, O or U, so codes read aloud or copied by hand stay unambiguous.
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
}
