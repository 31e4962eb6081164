/// The media type of a file read from its first bytes (its "magic"), never from its name or from
/// what the uploader said: a `.jpg` that is HTML is HTML.
public enum MediaSniffer {
    /// Bytes to look at.
    public static let prefixLength = 512

    /// The media type the leading bytes show, or `application/octet-stream` when nothing matches.
    public static func mediaType(of prefix: some Collection<UInt8>) -> String {
        let bytes = Array(prefix.prefix(prefixLength))
        for (magic, offset, type) in signatures where bytes.count >= offset + magic.count {
            if Array(bytes[offset..<(offset + magic.count)]) == magic { return type }
        }
        // RIFF containers name their form at 8; without "RIFF" at 0 those bytes mean nothing.
        if bytes.starts(with: Array("RIFF".utf8)), bytes.count >= 12,
            let type = riff[String(decoding: bytes[8..<12], as: UTF8.self)]
        {
            return type
        }
        if let type = markup(bytes) { return type }
        if !bytes.isEmpty,
            !bytes.contains(where: { $0 < 0x09 || ($0 > 0x0d && $0 < 0x20 && $0 != 0x1b) })
        {
            return "text/plain"
        }
        return "application/octet-stream"
    }

    /// Whether a media type could run script or be rendered as a page if a browser showed it inline.
    public static func isActive(_ type: String) -> Bool {
        ["text/html", "image/svg+xml", "application/xml", "text/xml", "application/pdf"].contains(type)
    }

    private static let signatures: [([UInt8], Int, String)] =
        [
            ([0xFF, 0xD8, 0xFF], 0, "image/jpeg"),
            ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], 0, "image/png"),
            (Array("GIF87a".utf8), 0, "image/gif"),
            (Array("GIF89a".utf8), 0, "image/gif"),
            (Array("%PDF-".utf8), 0, "application/pdf"),
            (Array("PK\u{03}\u{04}".utf8), 0, "application/zip"),
            (Array("ftypheic".utf8), 4, "image/heic"),
            (Array("ftypqt".utf8), 4, "video/quicktime"),
            (Array("ftyp".utf8), 4, "video/mp4"),
            (Array("ID3".utf8), 0, "audio/mpeg"),
            ([0xFF, 0xFB], 0, "audio/mpeg"),
            (Array("OggS".utf8), 0, "audio/ogg"),
            (Array("fLaC".utf8), 0, "audio/flac"),
            ([0x1A, 0x45, 0xDF, 0xA3], 0, "video/webm"),
            (Array("II*\u{00}".utf8), 0, "image/tiff"),
            (Array("MM\u{00}*".utf8), 0, "image/tiff"),
            ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], 0, "application/x-ole-storage"),
            ([0x1F, 0x8B], 0, "application/gzip"),
        ]

    /// The forms of a RIFF container, by the four bytes at 8.
    private static let riff = ["WAVE": "audio/wav", "WEBP": "image/webp", "AVI ": "video/x-msvideo"]

    /// HTML, SVG and XML, recognised after leading white space and a byte-order mark, case-insensitively.
    private static func markup(_ bytes: [UInt8]) -> String? {
        var start = bytes[...]
        if start.starts(with: [0xEF, 0xBB, 0xBF]) { start = start.dropFirst(3) }
        let text = String(decoding: start.drop(while: { [0x20, 0x09, 0x0A, 0x0D].contains($0) }), as: UTF8.self)
            .lowercased()
        if text.contains("<svg") { return "image/svg+xml" }
        for tag in ["<!doctype html", "<html", "<head", "<body", "<script", "<iframe", "<h1", "<div", "<a ", "<p>"]
        where text.hasPrefix(tag) || (tag != "<a " && text.contains(tag)) {
            return "text/html"
        }
        if text.hasPrefix("<?xml") { return "application/xml" }
        return nil
    }
}
