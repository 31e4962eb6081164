import Foundation

/// Pages of a PDF drawn as PNG on the server by poppler (decision 0038), so a browser is never handed
/// the PDF itself (which can carry script, forms and links): `pdfinfo` counts the pages, `pdftoppm`
/// draws one. The PDF's bytes reach the tools through a pipe and the image comes back through one;
/// nothing is written to disk. Every run is bounded (``Limits``), at most two run at once, and a PDF
/// the tools cannot read, or cannot draw within the bounds, gives a ``NoPreview`` — never a crash.
public struct PDFPreviewer: Sendable {
    public let pdfinfo: ExternalTool
    public let pdftoppm: ExternalTool
    public let limits: Limits
    private let slots: RunSlots

    /// What a preview may cost.
    public struct Limits: Sendable {
        /// The largest PDF previewed, in bytes (poppler holds what it reads from a pipe in memory).
        public var largestFile: Int
        /// Only the first this many pages can be previewed.
        public var pages: Int
        /// The drawn page's longer side, in pixels, whatever the page's stated size.
        public var longestSide: Int
        /// Bounds on each tool's run.
        public var run: ExternalTool.Limits

        public init(
            largestFile: Int = 64 << 20, pages: Int = 100, longestSide: Int = 1_400,
            run: ExternalTool.Limits = .init(
                seconds: 20, outputBytes: 16 << 20, memoryKiB: 1 << 20, cpuSeconds: 20)
        ) {
            self.largestFile = largestFile
            self.pages = pages
            self.longestSide = longestSide
            self.run = run
        }
    }

    public init(pdfinfo: ExternalTool, pdftoppm: ExternalTool, limits: Limits = Limits(), concurrentRuns: Int = 2) {
        self.pdfinfo = pdfinfo
        self.pdftoppm = pdftoppm
        self.limits = limits
        self.slots = RunSlots(concurrentRuns)
    }

    /// A previewer with poppler's tools from the first of `folders` that holds them, or nil when they
    /// are not installed (`apt-get install poppler-utils`).
    public static func find(in folders: [String], limits: Limits = Limits()) -> PDFPreviewer? {
        guard let info = ExternalTool.find("pdfinfo", in: folders),
            let draw = ExternalTool.find("pdftoppm", in: folders)
        else { return nil }
        return PDFPreviewer(pdfinfo: info, pdftoppm: draw, limits: limits)
    }

    /// The number of pages of the PDF `feed` hands over, as `pdfinfo` reads it.
    public func pageCount(of feed: ExternalTool.Feed) async throws -> Result<Int, NoPreview> {
        let outcome = try await slots.run { try await pdfinfo.run(["-"], input: feed, limits: limits.run) }
        guard outcome.succeeded, outcome.tookAllInput else { return .failure(Self.reason(outcome)) }
        let text = String(decoding: outcome.output, as: UTF8.self)
        guard
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("Pages:") }),
            let pages = Int(line.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces)), pages > 0
        else { return .failure(.unreadable) }
        return .success(pages)
    }

    /// Page `page` (from 1) of the PDF `feed` hands over, as a PNG whose longer side is
    /// ``Limits/longestSide`` pixels.
    public func page(_ page: Int, of feed: ExternalTool.Feed) async throws -> Result<[UInt8], NoPreview> {
        guard (1...limits.pages).contains(page) else { return .failure(.noSuchPage) }
        let arguments = [
            "-png", "-f", String(page), "-l", String(page), "-singlefile", "-scale-to", String(limits.longestSide),
            "-",
        ]
        let outcome = try await slots.run { try await pdftoppm.run(arguments, input: feed, limits: limits.run) }
        // pdftoppm's exit status 99 with this message: the page is past the last one.
        if outcome.ending == .exited(99), outcome.errors.contains("Wrong page range") { return .failure(.noSuchPage) }
        guard outcome.succeeded, outcome.tookAllInput else { return .failure(Self.reason(outcome)) }
        guard let size = PNGCheck.size(of: outcome.output),
            size.width <= limits.longestSide + 1, size.height <= limits.longestSide + 1
        else { return .failure(.unreadable) }
        return .success(outcome.output)
    }

    private static func reason(_ outcome: ExternalTool.PipedOutcome) -> NoPreview {
        switch outcome.ending {
        case .outOfTime, .tooMuchOutput, .signalled: .tooCostly
        case .exited: .unreadable
        }
    }
}

/// Whether bytes are one whole PNG: its signature, a header first, an end last.
enum PNGCheck {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    static let end: [UInt8] = [0, 0, 0, 0] + Array("IEND".utf8) + [0xAE, 0x42, 0x60, 0x82]

    /// The image's width and height, or nil when `bytes` are not a whole PNG (a tool stopped part-way).
    static func size(of bytes: [UInt8]) -> (width: Int, height: Int)? {
        guard bytes.count >= 8 + 25 + 12, bytes.starts(with: signature), bytes.suffix(12).elementsEqual(end),
            bytes[12..<16].elementsEqual(Array("IHDR".utf8))
        else { return nil }
        let number = { (at: Int) in bytes[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
        return (number(16), number(20))
    }
}
