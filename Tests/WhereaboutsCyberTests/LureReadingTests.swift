import Foundation
import Testing
import WhereaboutsCore

@testable import WhereaboutsCyber

/// Reading lures (issue 20): a fictional phishing e-mail's headers, links and attachment.
@Suite("reading lures")
struct LureReadingTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
        return Array(try Data(contentsOf: url))
    }

    @Test(
        "a phishing e-mail's headers are read: folded, encoded words in Korean and Japanese, the Received chain newest first"
    )
    func headers() throws {
        let message = MailMessage(try Self.fixture("phishing.eml"))
        #expect(message.subject == "정착지원금 신청 안내 / 定着支援金のご案内")
        #expect(message.from == "정착지원센터 <support@nk-resettle-support.example>")
        #expect(message.replyTo == "\"Support desk\" <reply-here@fake-ngo-relay.example>")
        #expect(message.returnPath == "<bounce@mailer.fake-ngo-relay.example>")
        #expect(message.messageID == "<20261103081245.9A1B@mailer.fake-ngo-relay.example>")
        #expect(message.received.count == 2)
        #expect(message.received[0].hasPrefix("from mx.mail.example"))
        #expect(message.received[1].contains("[203.0.113.45]") && message.received[1].contains("Postfix"))
        #expect(message.problems.isEmpty, "\(message.problems)")
    }

    @Test(
        "links, hosts, addresses, the sender's IP and the attachment's SHA-256 are found; the script's and image's links are only written down"
    )
    func indicators() throws {
        let reading = LureReading(MailMessage(try Self.fixture("phishing.eml")))
        let found = Set(reading.indicators.map { "\($0.type.rawValue) \($0.value)" })
        let expected: Set<String> = [
            "email support@nk-resettle-support.example", "email reply-here@fake-ngo-relay.example",
            "email bounce@mailer.fake-ngo-relay.example", "ipv4 203.0.113.45",
            "url https://login.nk-resettle-support.example/verify?user=77",
            "url https://login.nk-resettle-support.example/verify?user=77&t=1",
            "url https://steal.nk-resettle-support.example/collect",
            "url https://tracker.nk-resettle-support.example/pixel.gif?id=77",
            "domain login.nk-resettle-support.example", "domain steal.nk-resettle-support.example",
            "domain tracker.nk-resettle-support.example",
            "sha256 ed5fbfd0d158abe640e53550ae66c967bd28fd31639a2bc69a0613f08fec4b29",
        ]
        #expect(found == expected)
        #expect(reading.attachments.count == 1)
        #expect(reading.attachments[0].name == "신청서.doc")
        #expect(reading.attachments[0].bytes.count == 1_780)
        #expect(
            reading.lure.attachments.first?.sha256 == "ed5fbfd0d158abe640e53550ae66c967bd28fd31639a2bc69a0613f08fec4b29"
        )
        #expect(reading.lure.to == ["Kim Min-ji <minji.kim@mail.example>"])
        // The addressee's own address is never an indicator, nor the recipient's mail server.
        #expect(!found.contains { $0.contains("minji") || $0.contains("198.51.100.20") })
        #expect(reading.sentAt == Date(timeIntervalSince1970: 1_793_661_165))
    }

    @Test("indicators are defanged for people: hxxps, [.], [@]")
    func defanged() {
        #expect(
            Defanged.text("https://login.nk-resettle-support.example/verify?user=77", as: .url)
                == "hxxps[://]login[.]nk-resettle-support[.]example/verify?user=77")
        #expect(Defanged.text("support@evil.example", as: .email) == "support[@]evil[.]example")
        #expect(Defanged.text("203.0.113.45", as: .ipv4) == "203[.]0[.]113[.]45")
        #expect(Defanged.text("evil.example", as: .domain) == "evil[.]example")
    }

    @Test("indicator values are normalised and refused when they are not of their type")
    func normalised() {
        #expect(IndicatorType.domain.normalise("Evil.Example.") == "evil.example")
        #expect(IndicatorType.domain.normalise("localhost") == nil)
        #expect(IndicatorType.ipv4.normalise("203.0.113.256") == nil)
        #expect(IndicatorType.sha256.normalise(String(repeating: "A", count: 64)) == String(repeating: "a", count: 64))
        #expect(IndicatorType.url.normalise("javascript:alert(1)") == nil)
        #expect(IndicatorType.url.normalise("HTTPS://Evil.Example/Path") == "https://evil.example/Path")
        #expect(IndicatorType.email.normalise("a b@evil.example") == nil)
    }
}
