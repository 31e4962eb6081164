import Crypto
import Foundation
import Testing
import WhereaboutsEvidence

@Suite("content digests")
struct DigestTests {
    @Test(
        "SHA-256 and SHA-512 on two threads give the one-thread digests, whatever the pieces; the work beside runs once a piece",
        arguments: [4_095, 65_535, 65_536, 1 << 20, 3 * (1 << 20) + 17])
    func twoLanes(piece: Int) throws {
        let bytes = (0..<(5 * (1 << 20) + 333)).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ $0 >> 9) }
        var digests = ContentDigests()
        var crc = CRC32()
        var besides = 0
        var start = 0
        while start < bytes.count {
            let slice = Array(bytes[start..<min(start + piece, bytes.count)])
            digests.update(slice) {
                crc.update(slice)
                besides += 1
            }
            start += piece
        }
        var whole = CRC32()
        whole.update(bytes)
        let (sha256, sha512, size) = digests.finish()
        #expect(sha256 == SHA256.hash(data: bytes).hex)
        #expect(sha512 == SHA512.hash(data: bytes).hex)
        #expect(size == bytes.count)
        #expect(crc.value == whole.value)
        #expect(besides == (bytes.count + piece - 1) / piece)
    }
}
