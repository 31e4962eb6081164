import Crypto
import Foundation
import WhereaboutsEvidence
import WhereaboutsSecurity

/// What each part of evidence intake and bundling costs on this machine for `megabytes` MiB, each
/// alone and on one thread (decision 0029's profile): reading the file, SHA-256, SHA-512, both at
/// once on two threads, AES-256-GCM sealing and opening of frames, and CRC-32. Pieces of 1 MiB in
/// memory, so the figures are the processor's, not the disk's (reading is the page cache's).
enum EvidenceCosts {
    static func measure(file: URL, megabytes: Int) async throws -> [(String, Double)] {
        var costs: [(String, Double)] = []
        let (_, read) = try await Measure.seconds {
            let reader = try FileHandle(forReadingFrom: file)
            defer { try? reader.close() }
            while let data = try reader.read(upToCount: 1 << 20), !data.isEmpty { _ = Array(data) }
        }
        costs.append(("read the file (1 MiB pieces, into arrays)", read))
        var piece = [UInt8](repeating: 0, count: FrameCipher.frameSize)
        for index in stride(from: 0, to: piece.count, by: 61) { piece[index] = UInt8(truncatingIfNeeded: index) }
        let block = piece
        func cost(_ name: String, _ body: () throws -> Void) async throws {
            costs.append((name, try await Measure.seconds { try body() }.1))
        }
        try await cost("SHA-256") {
            var hash = SHA256()
            for _ in 0..<megabytes { hash.update(data: block) }
            _ = hash.finalize()
        }
        try await cost("SHA-512") {
            var hash = SHA512()
            for _ in 0..<megabytes { hash.update(data: block) }
            _ = hash.finalize()
        }
        try await cost("SHA-256 and SHA-512 on two threads") {
            var digests = ContentDigests()
            for _ in 0..<megabytes { digests.update(block) }
            _ = digests.finish()
        }
        let cipher = FrameCipher(
            dataKey: try DataKey(id: "bench", bytes: Array(repeating: 7, count: 32)), item: "bench")
        let sealed = try cipher.seal(block, index: 0, final: false)
        try await cost("AES-256-GCM seal (frames)") {
            for index in 0..<megabytes { _ = try cipher.seal(block, index: index, final: false) }
        }
        try await cost("AES-256-GCM open (frames)") {
            for _ in 0..<megabytes { _ = try cipher.open(sealed, index: 0, final: false) }
        }
        try await cost("CRC-32") {
            var crc = CRC32()
            for _ in 0..<megabytes { crc.update(block) }
        }
        return costs
    }
}
