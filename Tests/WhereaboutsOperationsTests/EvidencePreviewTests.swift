import Foundation
import Testing
import WhereaboutsCore
import WhereaboutsEvidence
import WhereaboutsOperations
import WhereaboutsSecurity
import WhereaboutsStore
import WhereaboutsTestSupport

/// Tools fed through pipes, bounded (decision 0038): what goes in comes out, nothing reaches a file,
/// and a tool that runs too long or prints too much is killed.
@Suite("external tools through pipes")
struct PipedToolTests {
    static let limits = ExternalTool.Limits(seconds: 30, outputBytes: 1 << 20, memoryKiB: 1 << 20, cpuSeconds: 30)

    static func tool(_ name: String) throws -> ExternalTool {
        try #require(ExternalTool.find(name, in: ["/usr/bin", "/bin"]), "\(name) is part of every system")
    }

    static func feeding(_ bytes: [UInt8], piece: Int = 10_000) -> ExternalTool.Feed {
        { write in
            for start in stride(from: 0, to: bytes.count, by: piece) {
                try write(Array(bytes[start..<min(start + piece, bytes.count)]))
            }
        }
    }

    @Test("what is fed in comes back through the pipes, whole")
    func roundTrip() async throws {
        let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let outcome = try await Self.tool("cat").run([], input: Self.feeding(bytes), limits: Self.limits)
        #expect(
            outcome.succeeded && outcome.tookAllInput,
            "\(outcome.ending) \(outcome.tookAllInput) \(outcome.output.count) \(outcome.errors)")
        #expect(outcome.output == bytes)
    }

    @Test("a tool that would write its input to a file cannot: nothing of it reaches the disk")
    func noFileWritten() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("whereabouts-tee-\(UUID())")
        defer { try? FileManager.default.removeItem(at: file) }
        let secret = Array("WHEREABOUTS-PLAINTEXT-MARKER statement\n".utf8)
        let outcome = try await Self.tool("tee").run([file.path], input: Self.feeding(secret), limits: Self.limits)
        #expect(!outcome.succeeded, "tee was stopped at its first write to the file")
        let written = (try? Data(contentsOf: file)) ?? Data()
        #expect(written.isEmpty)
    }

    @Test("a tool still running when its time is up is killed; one printing past its limit is killed")
    func killed() async throws {
        var bounded = Self.limits
        bounded.seconds = 0.5
        let slept = try await Self.tool("sleep").run(["60"], input: Self.feeding([]), limits: bounded)
        #expect(slept.ending == .outOfTime)

        bounded = Self.limits
        bounded.outputBytes = 1_000
        let chatty = try await Self.tool("yes").run([], input: Self.feeding([]), limits: bounded)
        #expect(chatty.ending == .tooMuchOutput)
        #expect(chatty.output.count == 1_000)
    }

    @Test(
        "a tool that stops reading does not end the server (no SIGPIPE); content that fails its checks stops the tool")
    func stoppedEarly() async throws {
        let large = [UInt8](repeating: 0x41, count: 8 << 20)
        let head = try await Self.tool("head").run(
            ["-c", "10"], input: Self.feeding(large, piece: 1 << 20), limits: Self.limits)
        #expect(head.output == Array(large.prefix(10)))
        #expect(!head.tookAllInput)

        await #expect(throws: EvidenceError.damaged("frame 3")) {
            try await Self.tool("cat").run(
                [],
                input: { write in
                    try write([1, 2, 3])
                    throw EvidenceError.damaged("frame 3")
                }, limits: Self.limits)
        }
    }
}

/// PDF previews, as the attacker would try them (decision 0038): a page drawn as PNG is a `view` in
/// the item's custody; nothing out of reach, not a PDF, hostile, too large or damaged is drawn.
@Suite("PDF previews", .enabled(if: TestPDF.popplerRuns, "poppler-utils is not installed; CI requires it"))
struct EvidencePreviewTests {
    let writer = Writer.operatorWriter(actor: "doc")

    static func previewer(_ limits: PDFPreviewer.Limits = PDFPreviewer.Limits()) throws -> PDFPreviewer {
        let found = try #require(TestPDF.previewer, "install poppler-utils (pdftoppm, pdfinfo)")
        return PDFPreviewer(pdfinfo: found.pdfinfo, pdftoppm: found.pdftoppm, limits: limits)
    }

    static func feeding(_ bytes: [UInt8]) -> ExternalTool.Feed { PipedToolTests.feeding(bytes) }

    /// A store with the evidence use-cases, the previewer, and a source (a letter) to attach files to.
    static func withLetter(
        _ body: @escaping @Sendable (OperationsFixture, EvidenceOperations, PDFPreviewer, RecordID) async throws -> Void
    ) async throws {
        try await OperationsFixture.with { fixture in
            let source = try await fixture.store.create(
                Source(type: .document, title: "Letter"), by: .operatorWriter(actor: "doc")
            ).id
            try await body(
                fixture, EvidenceOperations(store: fixture.store, audit: fixture.audit), try previewer(), source)
        }
    }

    /// Width and height of a PNG, from its header.
    static func size(_ png: [UInt8]) -> (Int, Int) {
        let number = { (at: Int) in png[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
        return (number(16), number(20))
    }

    @Test("pages are counted and drawn as PNG no larger than the limit; a page past the end is 'no such page'")
    func drawsPages() async throws {
        let previewer = try Self.previewer()
        let pdf = TestPDF.document(pages: 3)
        #expect(try await previewer.pageCount(of: Self.feeding(pdf)) == .success(3))
        let page = try await previewer.page(2, of: Self.feeding(pdf)).get()
        #expect(page.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        let (width, height) = Self.size(page)
        #expect(max(width, height) == previewer.limits.longestSide && min(width, height) > 100)
        #expect(try await previewer.page(4, of: Self.feeding(pdf)) == .failure(.noSuchPage))
        for outside in [0, -1, previewer.limits.pages + 1] {
            #expect(try await previewer.page(outside, of: Self.feeding(pdf)) == .failure(.noSuchPage))
        }
    }

    @Test(
        "garbage, HTML, a cut-off PDF and one whose drawing prints too much give 'no preview', never an error; a script in a PDF is never run, its page is only an image"
    )
    func hostileInput() async throws {
        let previewer = try Self.previewer()
        let pdf = TestPDF.document(pages: 2)
        let bad: [[UInt8]] = [
            (0..<5_000).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) },
            Array("<!doctype html><script>alert(1)</script>".utf8), Array("%PDF-1.7\n".utf8), Array(pdf.prefix(200)),
            [],
        ]
        for bytes in bad {
            let counted = try await previewer.pageCount(of: Self.feeding(bytes))
            #expect(counted == .failure(.unreadable), "\(counted) for \(bytes.prefix(20))")
            let drawn = try await previewer.page(1, of: Self.feeding(bytes))
            #expect(drawn.map(\.count) == .failure(.unreadable), "\(drawn.map(\.count)) for \(bytes.prefix(20))")
        }
        var tight = previewer.limits
        tight.run.outputBytes = 100
        #expect(try await Self.previewer(tight).page(1, of: Self.feeding(pdf)) == .failure(.tooCostly))

        let scripted = TestPDF.document(pages: 1, javaScript: true)
        let scriptedPages = try await previewer.pageCount(of: Self.feeding(scripted))
        #expect(scriptedPages == .success(1), "\(scriptedPages)")
        let drawn = try await previewer.page(1, of: Self.feeding(scripted)).get()
        #expect(drawn.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(!drawn.contains(subsequence: Array("app.alert".utf8)))

        // A page tree claiming a million pages while holding one: bounded, never an error.
        let claiming = TestPDF.document(pages: 1, claimedPages: 1_000_000)
        _ = try await previewer.pageCount(of: Self.feeding(claiming))
        let far = try await previewer.page(previewer.limits.pages, of: Self.feeding(claiming))
        #expect(far == .failure(.noSuchPage) || far == .failure(.unreadable))
    }

    @Test(
        "a page drawn is a 'view' in the item's custody with its audit entry, and the chain and the audit log still verify"
    )
    func custody() async throws {
        try await Self.withLetter { fixture, operations, previewer, source in
            let pdf = TestPDF.document(pages: 2)
            let item = try await operations.add(
                EvidenceOperationsTests.pieces(pdf), stated: StatedFile(name: "letter.pdf"), to: source, by: writer,
                from: .cli)
            #expect(item.mediaType == "application/pdf")
            #expect(
                try await operations.pdfPageCount(of: item, access: .operatorAccess, previewer: previewer)
                    == .success(2))
            let page = try await operations.pdfPage(
                item.id, page: 2, access: .operatorAccess, actor: "legal", previewer: previewer,
                from: OperationOrigin(via: "web preview"))
            #expect(try page.get().starts(with: [0x89, 0x50, 0x4E, 0x47]))
            let custody = try await operations.show(item.id, access: .operatorAccess).custody
            #expect(custody.map(\.entry.event) == [.intake, .view])
            #expect(custody.last?.entry.actor == "legal")
            #expect(custody.last?.note == "page 2 drawn as PNG via web preview")
            let audited = try await fixture.audit.entries(action: .evidenceCustody)
            #expect(audited.map { $0.event.details["hash"] ?? "" } == custody.reversed().map(\.entry.hash))
            #expect(try await operations.verify().allSatisfy(\.isIntact))
            #expect(try await fixture.audit.verify().isIntact)
        }
    }

    @Test(
        "out of reach is 'not found' as a missing id; HTML named .pdf, hostile material, a file over the limit, no previewer and a page out of bounds are drawn for no one and leave no custody entry"
    )
    func refusals() async throws {
        try await Self.withLetter { fixture, operations, previewer, source in
            _ = try await fixture.accounts.createCompartment(id: "other", name: "Another desk")
            let incident = try await fixture.store.create(
                CyberIncident(vector: .spearPhishingEmail, target: .init(classification: .ngo)), by: writer
            ).id
            let pdf = TestPDF.document(pages: 1)
            let add = { (bytes: [UInt8], name: String, record: RecordID) in
                try await operations.add(
                    EvidenceOperationsTests.pieces(bytes), stated: StatedFile(name: name), to: record, by: writer,
                    from: .cli)
            }
            let real = try await add(pdf, "letter.pdf", source)
            let html = try await add(Array("<!doctype html><script>alert(1)</script>".utf8), "x.pdf", source)
            let lure = try await add(pdf, "invoice.pdf", incident)
            #expect(html.mediaType == "text/html")

            let outsider = RecordAccess(
                account: try await fixture.account("desk.other", role: .documenter, compartments: ["other"]))
            for id in [real.id, "ev000000000000000000000000"] {
                await #expect(throws: StoreError.noSuchEvidence(id)) {
                    try await operations.pdfPage(
                        id, page: 1, access: outsider, actor: "desk.other", previewer: previewer, from: .cli)
                }
            }
            let draw = { (id: String, page: Int, previewer: PDFPreviewer?) in
                try await operations.pdfPage(
                    id, page: page, access: .operatorAccess, actor: "legal", previewer: previewer, from: .cli)
            }
            #expect(try await draw(html.id, 1, previewer) == .failure(.notPreviewable))
            #expect(try await draw(lure.id, 1, previewer) == .failure(.hostile))
            #expect(try await draw(real.id, 1, nil) == .failure(.noPreviewer))
            #expect(try await draw(real.id, 0, previewer) == .failure(.noSuchPage))
            var small = previewer.limits
            small.largestFile = pdf.count - 1
            #expect(try await draw(real.id, 1, try Self.previewer(small)) == .failure(.tooLarge))
            #expect(
                try await operations.pdfPageCount(of: html, access: .operatorAccess, previewer: previewer)
                    == .failure(.notPreviewable))
            for item in [real, html, lure] {
                #expect(try await operations.show(item.id, access: .operatorAccess).custody.count == 1, "\(item.name)")
            }
        }
    }

    @Test("a stored copy altered on disk is never drawn: the preview fails with the damage, not with a picture of it")
    func damaged() async throws {
        try await Self.withLetter { fixture, operations, previewer, source in
            let item = try await operations.add(
                EvidenceOperationsTests.pieces(TestPDF.document(pages: 1)), stated: StatedFile(name: "letter.pdf"),
                to: source, by: writer, from: .cli)
            try await EvidenceTampering.flipByte(of: item.id, at: 40, mask: 0x20, in: fixture.store.database)
            await #expect(throws: EvidenceError.self) {
                try await operations.pdfPage(
                    item.id, page: 1, access: .operatorAccess, actor: "legal", previewer: previewer, from: .cli)
            }
        }
    }
}

extension Array where Element == UInt8 {
    fileprivate func contains(subsequence: [UInt8]) -> Bool {
        guard subsequence.count <= count else { return false }
        return (0...(count - subsequence.count)).contains {
            self[$0..<($0 + subsequence.count)].elementsEqual(subsequence)
        }
    }
}
