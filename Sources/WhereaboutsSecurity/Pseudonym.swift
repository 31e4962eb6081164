import Crypto

/// The stable stand-in for a person's name shown to readers without identity access: a short code
/// derived from the record's id by SHA-256, so it is the same on every page and in every export,
/// and tells nothing the id does not (record ids are random).
public enum Pseudonym {
    public static func of(recordID: String) -> String {
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        let digest = Array(SHA256.hash(data: Array(("whereabouts-pseudonym:" + recordID).utf8)))
        var value: UInt64 = 0
        for byte in digest.prefix(8) { value = value << 8 | UInt64(byte) }
        let code = (0..<8).map { index in alphabet[Int((value >> (UInt64(index) * 5)) & 31)] }
        return "P-" + String(code[0..<4]) + "-" + String(code[4...])
    }
}
