/// Bounds that keep reading a hostile message cheap: whatever a message holds, reading it takes
/// time and memory linear in its size, and nothing beyond these is read (the message itself is kept
/// whole as evidence; only what is read from it is bounded).
public struct MailLimits: Sendable {
    /// Largest message read at all (larger ones are kept as evidence, unread).
    public var messageBytes: Int
    /// Header fields read per part.
    public var headers: Int
    /// Bytes of one header field.
    public var headerBytes: Int
    /// Depth of nested multiparts.
    public var depth: Int
    /// Parts read in all.
    public var parts: Int
    /// Links kept.
    public var urls: Int

    public init(
        messageBytes: Int = 64 << 20, headers: Int = 500, headerBytes: Int = 16_384, depth: Int = 8, parts: Int = 200,
        urls: Int = 500
    ) {
        self.messageBytes = messageBytes
        self.headers = headers
        self.headerBytes = headerBytes
        self.depth = depth
        self.parts = parts
        self.urls = urls
    }

    public static let standard = MailLimits()
}
