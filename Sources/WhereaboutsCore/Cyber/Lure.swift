/// What was read from a lure (a phishing e-mail) kept as an evidence item: its headers, the links
/// it carried and its attachments' hashes. The message itself is the item; this is never rendered
/// from it again, so no page ever parses or shows the message's own HTML.
public struct Lure: Codable, Sendable, Hashable {
    /// The evidence item holding the message as received.
    public var itemID: String
    public var subject: String?
    public var from: String?
    public var replyTo: String?
    public var returnPath: String?
    public var sender: String?
    /// Who it was sent to: names the target, so the whole lure is sealed with the incident's identities.
    @DefaultEmpty public var to: [String]
    public var messageID: String?
    /// The `Date` header as written.
    public var date: String?
    /// The `Received` chain, newest first, as written (unfolded).
    @DefaultEmpty public var received: [String]
    /// Links found in the text and HTML parts, as written (shown defanged only).
    @DefaultEmpty public var urls: [String]
    @DefaultEmpty public var attachments: [LureAttachment]
    /// What the parser refused or cut (a header too long, parts nested too deep, an undecodable word).
    @DefaultEmpty public var problems: [String]

    public init(
        itemID: String, subject: String? = nil, from: String? = nil, replyTo: String? = nil,
        returnPath: String? = nil, sender: String? = nil, to: [String] = [], messageID: String? = nil,
        date: String? = nil, received: [String] = [], urls: [String] = [], attachments: [LureAttachment] = [],
        problems: [String] = []
    ) {
        self.itemID = itemID
        self.subject = subject
        self.from = from
        self.replyTo = replyTo
        self.returnPath = returnPath
        self.sender = sender
        self.to = to
        self.messageID = messageID
        self.date = date
        self.received = received
        self.urls = urls
        self.attachments = attachments
        self.problems = problems
    }

    func check(at path: String, into checker: inout Checker) {
        checker.text(itemID, at: "\(path)/itemID", required: true, maxLength: 100)
        for (field, value) in [
            ("subject", subject), ("from", from), ("replyTo", replyTo), ("returnPath", returnPath),
            ("sender", sender), ("messageID", messageID), ("date", date),
        ] {
            checker.text(value, at: "\(path)/\(field)", maxLength: 2_000)
        }
        for (field, values, max) in [
            ("to", to, 200), ("received", received, 100), ("urls", urls, 1_000), ("problems", problems, 100),
        ] {
            checker.count(values, at: "\(path)/\(field)", max: max)
            for (index, value) in values.enumerated() {
                checker.text(value, at: "\(path)/\(field)/\(index)", maxLength: 4_000)
            }
        }
        checker.count(attachments, at: "\(path)/attachments", max: 200)
        for (index, attachment) in attachments.enumerated() {
            checker.text(attachment.name, at: "\(path)/attachments/\(index)/name", maxLength: 500)
            checker.text(attachment.declaredType, at: "\(path)/attachments/\(index)/declaredType", maxLength: 200)
            if !(0...(1 << 50)).contains(attachment.size) {
                checker.fail("\(path)/attachments/\(index)/size", "must be between 0 and 2^50")
            }
            if IndicatorType.sha256.normalise(attachment.sha256) == nil {
                checker.fail("\(path)/attachments/\(index)/sha256", "is not a SHA-256 in hexadecimal")
            }
        }
    }
}

/// A file a lure carried: hashed and kept as an evidence item, never opened.
public struct LureAttachment: Codable, Sendable, Hashable {
    /// The evidence item holding the file (a derived item of the message's).
    public var itemID: String?
    public var name: String
    /// The type the message declared (never trusted, never used to open it).
    public var declaredType: String?
    public var size: Int
    public var sha256: String

    public init(itemID: String?, name: String, declaredType: String?, size: Int, sha256: String) {
        self.itemID = itemID
        self.name = name
        self.declaredType = declaredType
        self.size = size
        self.sha256 = sha256
    }
}
