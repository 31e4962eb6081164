import Crypto
import Foundation
import WhereaboutsCore

/// What a lure yields: the ``Lure`` summary kept (sealed) on the incident, the indicators found in
/// it, and its attachments with their hashes, ready to be kept as evidence items.
public struct LureReading: Sendable {
    /// The summary, without item ids (the caller knows them once the items are kept).
    public let lure: Lure
    public let indicators: [FoundIndicator]
    public let attachments: [MailAttachment]
    /// The `Date` header read as a time, when it is one.
    public let sentAt: Date?

    /// An indicator and where in the message it was found.
    public struct FoundIndicator: Sendable, Hashable {
        public let type: IndicatorType
        public let value: String
        /// `from`, `reply-to`, `return-path`, `sender`, `received`, `body` or `attachment`.
        public let whereFound: String
    }

    public init(_ message: MailMessage, limits: MailLimits = .standard) {
        var found: [FoundIndicator] = []
        var seen: Set<String> = []
        func add(_ type: IndicatorType, _ raw: String, _ place: String) {
            guard let value = type.normalise(raw), seen.insert("\(type.rawValue) \(value)").inserted else { return }
            found.append(FoundIndicator(type: type, value: value, whereFound: place))
        }
        for (header, place) in [
            (message.from, "from"), (message.replyTo, "reply-to"), (message.returnPath, "return-path"),
            (message.sender, "sender"),
        ] {
            for address in Self.addresses(in: header ?? "") { add(.email, address, place) }
        }
        // The oldest hop is where the message entered the mail system: its public address is the
        // sender's, later hops are the providers'.
        if let oldest = message.received.last {
            for address in Self.bracketedIPv4(in: oldest) where !Self.isPrivate(address) {
                add(.ipv4, address, "received")
            }
        }
        if let origin = message.headers.first("X-Originating-IP") {
            for address in Self.bracketedIPv4(
                in: "[" + origin.trimmingCharacters(in: CharacterSet(charactersIn: "[] ")) + "]")
            where !Self.isPrivate(address) {
                add(.ipv4, address, "received")
            }
        }
        var urls: [String] = []
        for text in message.texts {
            for link in LinkFinder.links(in: text, limit: limits.urls - urls.count) where !urls.contains(link) {
                urls.append(link)
            }
        }
        for url in urls {
            add(.url, url, "body")
            if let host = IndicatorType.host(ofURL: url) {
                if IndicatorType.ipv4.normalise(host) != nil {
                    add(.ipv4, host, "body")
                } else {
                    add(.domain, host, "body")
                }
            }
        }
        var attachments: [LureAttachment] = []
        for attachment in message.attachments {
            let digest = SHA256.hash(data: attachment.bytes).map { String(format: "%02x", $0) }.joined()
            add(.sha256, digest, "attachment")
            attachments.append(
                LureAttachment(
                    itemID: nil, name: attachment.name, declaredType: attachment.declaredType,
                    size: attachment.bytes.count, sha256: digest))
        }
        func cut(_ text: String?) -> String? { text.map { String($0.prefix(2_000)) } }
        lure = Lure(
            itemID: "", subject: cut(message.subject), from: cut(message.from), replyTo: cut(message.replyTo),
            returnPath: cut(message.returnPath), sender: cut(message.sender),
            to: message.to.prefix(200).map { String($0.prefix(4_000)) }, messageID: cut(message.messageID),
            date: cut(message.date), received: message.received.prefix(100).map { String($0.prefix(4_000)) },
            urls: urls.map { String($0.prefix(4_000)) }, attachments: Array(attachments.prefix(200)),
            problems: Array(message.problems.prefix(100)))
        indicators = found
        self.attachments = message.attachments
        sentAt = message.date.flatMap(Self.rfc5322Date)
    }

    /// Addresses in an address header: those in angle brackets, else bare `a@b` words.
    static func addresses(in header: String) -> [String] {
        var result: [String] = []
        var rest = Substring(header)
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            let inside = rest[rest.index(after: open)..<close]
            if inside.contains("@") { result.append(String(inside)) }
            rest = rest[rest.index(after: close)...]
        }
        if result.isEmpty {
            result = header.split(whereSeparator: { $0 == " " || $0 == "," || $0 == ";" }).map(String.init)
                .filter { $0.contains("@") }.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"'()")) }
        }
        return Array(result.prefix(50))
    }

    static func bracketedIPv4(in text: String) -> [String] {
        var result: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "["), let close = rest[open...].firstIndex(of: "]") {
            var inside = String(rest[rest.index(after: open)..<close])
            if inside.lowercased().hasPrefix("ipv6:") { inside = "" }
            if let address = IndicatorType.ipv4.normalise(inside) { result.append(address) }
            rest = rest[rest.index(after: close)...]
            if result.count >= 10 { break }
        }
        return result
    }

    /// Addresses that say nothing about a sender (private, loopback, link-local, documentation
    /// ranges are kept: tests and training material use them).
    static func isPrivate(_ address: String) -> Bool {
        let octets = address.split(separator: ".").compactMap { Int($0) }
        guard octets.count == 4 else { return true }
        return octets[0] == 10 || octets[0] == 127 || (octets[0] == 172 && (16...31).contains(octets[1]))
            || (octets[0] == 192 && octets[1] == 168) || (octets[0] == 169 && octets[1] == 254) || octets[0] == 0
    }

    /// An RFC 5322 date (`Tue, 3 Nov 2026 08:12:45 +0900`), the day name optional.
    static func rfc5322Date(_ text: String) -> Date? {
        var words = text.split(separator: " ").map(String.init)
        if let first = words.first, first.hasSuffix(",") { words.removeFirst() }
        guard words.count >= 4 else { return nil }
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        guard let day = Int(words[0]), let monthIndex = months.firstIndex(of: words[1].prefix(3).lowercased()),
            var year = Int(words[2])
        else { return nil }
        if year < 100 { year += year < 50 ? 2000 : 1900 }
        let time = words[3].split(separator: ":").compactMap { Int($0) }
        guard time.count >= 2 else { return nil }
        var offset = 0
        if words.count >= 5, let zone = Int(words[4]), words[4].count == 5 {
            offset = (zone / 100) * 3600 + (zone % 100) * 60
        }
        var components = DateComponents()
        components.year = year
        components.month = monthIndex + 1
        components.day = day
        components.hour = time[0]
        components.minute = time[1]
        components.second = time.count > 2 ? time[2] : 0
        components.timeZone = TimeZone(secondsFromGMT: 0)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        guard let local = calendar.date(from: components), (1970...2100).contains(year) else { return nil }
        return local.addingTimeInterval(TimeInterval(-offset))
    }
}
