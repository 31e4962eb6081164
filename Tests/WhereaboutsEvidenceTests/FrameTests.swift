import Crypto
import Foundation
import Testing
import WhereaboutsEvidence
import WhereaboutsSecurity

@Suite("evidence frames")
struct FrameTests {
    let cipher = FrameCipher(dataKey: .generate(id: "general.1"), item: "ev-test")

    /// Takes `bytes` in, `piece` bytes at a time; returns the summary and the sealed frames.
    func takeIn(_ bytes: [UInt8], piece: Int = 70_001) async throws -> (EvidenceIntake.Summary, [[UInt8]]) {
        var intake = EvidenceIntake(cipher: cipher)
        var frames: [[UInt8]] = []
        var start = 0
        while start < bytes.count {
            try await intake.take(bytes[start..<min(start + piece, bytes.count)]) { index, sealed in
                #expect(index == frames.count)
                frames.append(sealed)
            }
            start += piece
        }
        let summary = try await intake.finish { _, sealed in frames.append(sealed) }
        return (summary, frames)
    }

    func reader(_ summary: EvidenceIntake.Summary, _ frames: [[UInt8]]) -> EvidenceReader {
        EvidenceReader(cipher: cipher, expected: summary) { index in index < frames.count ? frames[index] : nil }
    }

    func readAll(_ reader: EvidenceReader) async throws -> [UInt8] {
        var out: [UInt8] = []
        try await reader.read { out += $0 }
        return out
    }

    @Test("intake hashes as sha256sum and sha512sum do, cuts 1 MiB frames, and reads back the same bytes")
    func roundTrip() async throws {
        let bytes = (0..<(2 * FrameCipher.frameSize + 12_345)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let (summary, frames) = try await takeIn(bytes)
        #expect(summary.sha256 == SHA256.hash(data: bytes).hex)
        #expect(summary.sha512 == SHA512.hash(data: bytes).hex)
        #expect(summary.size == bytes.count && summary.frames == 3 && frames.count == 3)
        #expect(frames[0].count == FrameCipher.frameSize + FrameCipher.overhead)
        #expect(try await readAll(reader(summary, frames)) == bytes)
    }

    @Test("an empty file and a file of exactly one frame are one frame each")
    func edges() async throws {
        let (empty, emptyFrames) = try await takeIn([])
        #expect(empty.frames == 1 && empty.size == 0)
        #expect(try await readAll(reader(empty, emptyFrames)) == [])
        let exact = [UInt8](repeating: 7, count: FrameCipher.frameSize)
        let (one, oneFrames) = try await takeIn(exact)
        #expect(one.frames == 1)
        #expect(try await readAll(reader(one, oneFrames)) == exact)
    }

    @Test("a flipped byte, swapped frames, a dropped last frame and a frame from another item are each refused")
    func tampering() async throws {
        let bytes = [UInt8](repeating: 1, count: 3 * FrameCipher.frameSize - 5)
        let (summary, frames) = try await takeIn(bytes)
        var flipped = frames
        flipped[1][100] ^= 0x01
        var swapped = frames
        swapped.swapAt(0, 1)
        let dropped = Array(frames.dropLast())
        let other = FrameCipher(dataKey: .generate(id: "general.1"), item: "ev-other")
        var foreign = frames
        foreign[2] = try other.seal([UInt8](repeating: 1, count: FrameCipher.frameSize - 5), index: 2, final: true)
        for frames in [flipped, swapped, dropped, foreign] {
            var delivered = 0
            await #expect(throws: EvidenceError.self) {
                try await reader(summary, frames).read { _ in delivered += 1 }
            }
            #expect(delivered < 3)
        }
        // The file cut after its second frame, with the count also cut: the second frame was not sealed
        // as the last, so it does not open as the last.
        let cut = EvidenceIntake.Summary(
            sha256: summary.sha256, sha512: summary.sha512, size: summary.size, mediaType: summary.mediaType, frames: 2)
        await #expect(throws: EvidenceError.self) { try await reader(cut, dropped).verify() }
    }

    @Test("more than the limit is refused while streaming")
    func limit() async throws {
        var intake = EvidenceIntake(cipher: cipher, maximumSize: 10)
        await #expect(throws: EvidenceError.tooLarge(10)) {
            try await intake.take([UInt8](repeating: 0, count: 11)) { _, _ in }
        }
    }

    @Test("the media type comes from the bytes, not the name: HTML and SVG are recognised as such")
    func sniffing() {
        #expect(MediaSniffer.mediaType(of: [0xFF, 0xD8, 0xFF, 0xE0, 0, 0]) == "image/jpeg")
        #expect(MediaSniffer.mediaType(of: Array("%PDF-1.7\n".utf8)) == "application/pdf")
        #expect(MediaSniffer.mediaType(of: Array("\n  <!DOCTYPE html><script>alert(1)</script>".utf8)) == "text/html")
        #expect(
            MediaSniffer.mediaType(of: Array("<?xml version=\"1.0\"?><svg onload=\"alert(1)\"/>".utf8))
                == "image/svg+xml")
        #expect(MediaSniffer.mediaType(of: Array("Statement taken on 3 May.\n".utf8)) == "text/plain")
        #expect(MediaSniffer.mediaType(of: [0x00, 0x01, 0x02]) == "application/octet-stream")
        #expect(MediaSniffer.mediaType(of: [0, 0, 0, 0x18] + Array("ftypmp42".utf8)) == "video/mp4")
        #expect(
            MediaSniffer.mediaType(of: Array("RIFF".utf8) + [0x24, 0, 0, 0] + Array("WEBPVP8 ".utf8)) == "image/webp")
        // "WEBP" at 8 without a RIFF header is not an image: this is a page that would run a script.
        #expect(MediaSniffer.mediaType(of: Array("<script>WEBPalert(1)</script>".utf8)) == "text/html")
    }

    @Test("the custody chain shows an altered entry, a removed one and a cut-off end the audit log pins")
    func custody() {
        var entries: [CustodyEntry] = []
        for event in [CustodyEntry.Event.intake, .download, .download] {
            entries.append(
                CustodyEntry(
                    after: entries.last, item: "ev1", event: event, actor: "doc", at: "2026-01-01T00:00:00Z",
                    fromHash: "aa", toHash: "aa", note: ""))
        }
        let pin = (index: 2, hash: entries[2].hash)
        #expect(CustodyChain.problems(entries, item: "ev1", pinned: pin).isEmpty)
        #expect(!CustodyChain.problems(Array(entries.dropLast()), item: "ev1", pinned: pin).isEmpty)
        var removed = entries
        removed.remove(at: 1)
        #expect(!CustodyChain.problems(removed, item: "ev1", pinned: pin).isEmpty)
        let altered = entries[1]
        var changed = entries
        changed[1] = CustodyEntry(
            item: altered.item, index: 1, event: .view, actor: altered.actor, at: altered.at, fromHash: "aa",
            toHash: "aa", note: "", previous: altered.previous, hash: altered.hash)
        #expect(!CustodyChain.problems(changed, item: "ev1", pinned: pin).isEmpty)
        #expect(!CustodyChain.problems(entries, item: "ev1", pinned: nil).isEmpty)
    }
}
