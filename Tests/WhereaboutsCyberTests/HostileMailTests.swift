import Foundation
import Testing
import WhereaboutsCore

@testable import WhereaboutsCyber

/// Messages written to hurt the reader: each is read within bounds, nothing in it is interpreted,
/// and no value read from it carries a line break or a control character.
@Suite("hostile messages")
struct HostileMailTests {
    static func message(_ text: String) -> MailMessage { MailMessage(Array(text.utf8)) }

    static func clean(_ message: MailMessage) -> Bool {
        message.headers.allSatisfy { header in
            !header.value.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
        }
    }

    @Test("an encoded word that decodes to a line break and a new header does not become a header")
    func headerInjection() {
        // "x\r\nBcc: everyone@example.org" in base64, and a raw CR in the middle of a value.
        let message = Self.message(
            "From: =?UTF-8?B?eA0KQmNjOiBldmVyeW9uZUBleGFtcGxlLm9yZw==?= <a@evil.example>\r\nSubject: a\rBcc: b\r\n\r\nbody"
        )
        #expect(message.headers.first { $0.name.lowercased() == "bcc" } == nil)
        #expect(Self.clean(message))
        #expect(message.from?.contains("Bcc: everyone@example.org") == true)
    }

    @Test("a header of a megabyte and ten thousand headers are cut to the limits")
    func hugeHeaders() {
        let long = "Subject: " + String(repeating: "A", count: 1 << 20) + "\r\n"
        let many = (0..<10_000).map { "X-H\($0): v\r\n" }.joined()
        let message = Self.message(long + many + "\r\nbody")
        #expect((message.subject?.utf8.count ?? 0) <= MailLimits.standard.headerBytes)
        #expect(message.headers.count == MailLimits.standard.headers)
        #expect(message.problems.contains("a header longer than the limit was cut"))
        #expect(message.problems.contains("headers beyond the limit were not read"))
    }

    @Test("multiparts nested a thousand deep and a thousand parts wide stop at the limits")
    func mimeBombs() {
        var deep = "Content-Type: multipart/mixed; boundary=b0\r\n\r\n"
        for level in 1..<1_000 {
            deep += "--b\(level - 1)\r\nContent-Type: multipart/mixed; boundary=b\(level)\r\n\r\n"
        }
        let nested = Self.message(deep)
        #expect(nested.problems.contains("multiparts nested deeper than 8 were not read"))
        var wide = "Content-Type: multipart/mixed; boundary=w\r\n\r\n"
        for index in 0..<1_000 { wide += "--w\r\nContent-Type: application/octet-stream; name=f\(index)\r\n\r\nx\r\n" }
        wide += "--w--\r\n"
        let broad = Self.message(wide)
        #expect(broad.attachments.count < MailLimits.standard.parts)
        #expect(broad.problems.contains("parts beyond the limit of 200 were not read"))
    }

    @Test(
        "malformed encodings are read leniently: bad base64, bad quoted-printable, unknown charsets, an unclosed encoded word"
    )
    func malformed() {
        let message = Self.message(
            "Subject: =?x-unknown?Q?caf=E9?= =?UTF-8?B?!!!?= =?UTF-8?Q?unclosed\r\n"
                + "Content-Type: multipart/mixed; boundary=\"q\"\r\n\r\n--q\r\nContent-Transfer-Encoding: base64\r\n"
                + "Content-Type: application/pdf; name=\"../../etc/passwd\"\r\n\r\n@@@@====####\r\n--q\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\nContent-Type: text/plain\r\n\r\n=ZZ=4 http://evil.example/=\r\n"
        )
        #expect(message.subject != nil)
        #expect(Self.clean(message))
        #expect(message.attachments.first?.name == "passwd")
        #expect(message.attachments.first?.bytes == [])
        #expect(LinkFinder.links(in: message.texts.joined(), limit: 10) == ["http://evil.example/"])
    }

    @Test("an HTML lure's script, styles and remote images are text: links are found, nothing else is kept")
    func html() {
        let message = Self.message(
            "Content-Type: text/html\r\n\r\n<script>fetch('https://c2.evil.example/x')</script><img src=https://img.evil.example/p.png onerror=alert(1)>"
        )
        #expect(message.attachments.isEmpty)
        let links = LureReading(message).lure.urls
        #expect(links == ["https://c2.evil.example/x", "https://img.evil.example/p.png"])
    }

    @Test("a message larger than the limit is not read at all")
    func tooLarge() {
        let message = MailMessage(Array(repeating: 0x41, count: 2_000), limits: MailLimits(messageBytes: 1_000))
        #expect(message.headers.isEmpty && message.problems.count == 1)
    }

    @Test("random bytes never stop the reader and never yield a control character")
    func randomBytes() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let bytes = (0..<Int.random(in: 0..<4_000, using: &generator)).map { _ in
                [UInt8(ascii: "="), UInt8(ascii: "?"), 0x0D, 0x0A, UInt8(ascii: "-"), UInt8(ascii: ":"), 0x20]
                    .randomElement(using: &generator)!
                    &+ (Bool.random(using: &generator) ? 0 : UInt8.random(in: 0...255, using: &generator))
            }
            let message = MailMessage(bytes)
            #expect(Self.clean(message))
            _ = LureReading(message)
        }
    }
}
