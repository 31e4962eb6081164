import Crypto
import Foundation
import Testing
import WhereaboutsEvidence
import WhereaboutsSecurity
import WhereaboutsTestSupport

/// `evidence bundle` and `evidence verify FILE.zip` (decision 0025), as a recipient and a forger use them.
@Suite("evidence bundle commands", .serialized)
struct EvidenceBundleCommandTests {
    static let marker = "BUNDLE-PLAINTEXT-MARKER-9d41"

    /// A tool with a demonstration event holding two items (one spanning several frames), and the event's id.
    static func toolWithEvidence() async throws -> (tool: CommandLineTool, event: String, items: [String]) {
        let tool = try CommandLineTool()
        #expect(try tool.run(["demo", "--events", "1", "--quiet"]).status == 0)
        let event = try await EvidenceCommandTests.eventID(tool)
        var items: [String] = []
        for (name, size) in [("statement.txt", 2_500_000), ("photo.jpg", 5_000)] {
            let file = tool.dataDirectory.appendingPathComponent(name)
            let line = Array("\(marker) \(name) of a witness.\n".utf8)
            try Data((0..<size).map { line[$0 % line.count] }).write(to: file)
            let added = try tool.run(["evidence", "add", file.path, "--record", event])
            #expect(added.status == 0, "\(added.errors)")
            items.append(String(added.output.split(separator: "\t").first ?? ""))
            try FileManager.default.removeItem(at: file)
        }
        return (tool, event, items)
    }

    /// Runs a program to its end; its status and everything it printed.
    static func run(_ program: String, _ arguments: [String], in folder: URL? = nil) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        if let folder { process.currentDirectoryURL = folder }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    /// A bundle unpacked into a temporary folder of its own: the caller removes `folder` (never
    /// anything derived from `bag`, which could name a folder the test does not own).
    struct Unpacked {
        let folder: URL
        let bag: URL
    }

    struct NotOneBag: Error, CustomStringConvertible {
        let zip: URL
        let found: [String]
        var description: String { "\(zip.path) unpacked to \(found), not one bag folder" }
    }

    /// Unpacks a bundle (with Python's zipfile, as a recipient might); throws, leaving nothing
    /// behind, unless it holds exactly one top folder.
    static func unpack(_ zip: URL) throws -> Unpacked {
        let folder = try TestDatabase.temporaryFolder()
        let (status, output) = try run("python3", ["-m", "zipfile", "-e", zip.path, folder.path])
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        guard status == 0, names.count == 1, let name = names.first, !name.isEmpty else {
            try? FileManager.default.removeItem(at: folder)
            throw NotOneBag(zip: zip, found: names + (status == 0 ? [] : [output]))
        }
        return Unpacked(folder: folder, bag: folder.appendingPathComponent(name, isDirectory: true))
    }

    @Test(
        "a timestamped bundle verifies (and with openssl as its README says); a flipped byte, a removed custody line, a swapped signature and a timestamp of another manifest are each named"
    )
    func bundleVerifyAndTamper() async throws {
        let (tool, event, items) = try await Self.toolWithEvidence()
        defer { tool.cleanUp() }
        let tsa = try LocalTimestampAuthority()
        let zip = tool.dataDirectory.appendingPathComponent("case.zip")
        try await tsa.serve { url in
            let made = try await tool.runInBackground(
                ["evidence", "bundle", "--record", event, "-o", zip.path],
                environment: ["WHEREABOUTS_TSA_URL": url.absoluteString])
            #expect(made.status == 0, "\(made.errors)")
        }
        let verified = try tool.run(
            ["evidence", "verify", zip.path, "--tsa-cert", tsa.certificate.path], withStore: false)
        #expect(verified.status == 0, "\(verified.output)\(verified.errors)")
        #expect(verified.output.contains("2 item(s)") && verified.output.contains("timestamp verified"))
        // Each item's chain now ends in the export, and the stored items still verify by id.
        for item in items {
            #expect(try tool.run(["evidence", "show", item]).output.contains("\texport\t"))
            #expect(try tool.run(["evidence", "verify", item]).status == 0)
        }
        // Nothing but the bundle itself holds the files' text in the data folder.
        for name in try FileManager.default.contentsOfDirectory(atPath: tool.dataDirectory.path)
        where name != "case.zip" {
            let data = (try? Data(contentsOf: tool.dataDirectory.appendingPathComponent(name))) ?? Data()
            #expect(data.range(of: Data(Self.marker.utf8)) == nil, "\(name) holds the plaintext")
        }

        // The README's own commands, with openssl alone.
        let unpacked = try Self.unpack(zip)
        defer { try? FileManager.default.removeItem(at: unpacked.folder) }
        let bag = unpacked.bag
        let signature = try Self.run(
            "openssl",
            [
                "pkeyutl", "-verify", "-pubin", "-inkey", BundleLayout.signingKey, "-rawin", "-in",
                BundleLayout.bundleManifest, "-sigfile", BundleLayout.signature,
            ], in: bag)
        #expect(signature.0 == 0 && signature.1.contains("Signature Verified Successfully"), "\(signature.1)")
        let stamp = try Self.run(
            "openssl",
            [
                "ts", "-verify", "-data", BundleLayout.bundleManifest, "-in", BundleLayout.timestampReply, "-CAfile",
                BundleLayout.timestampCertificates,
            ], in: bag)
        #expect(stamp.0 == 0 && stamp.1.contains("Verification: OK"), "\(stamp.1)")
        let sums = try Self.run("sha512sum", ["--strict", "-c", BundleLayout.bundleManifest], in: bag)
        #expect(sums.0 == 0, "\(sums.1)")

        let (_, files) = try BundleTampering.files(zip)
        let statement = try #require(files.keys.first { $0.hasPrefix("data/") && $0.hasSuffix("statement.txt") })
        let forged = tool.home.appendingPathComponent("forged.zip")
        func verdict(recomputeBag: Bool, _ change: (inout [String: [UInt8]]) throws -> Void) throws
            -> CommandLineTool.Outcome
        {
            try? FileManager.default.removeItem(at: forged)
            try BundleTampering.rewrite(zip, to: forged, recomputeBag: recomputeBag, change)
            return try tool.run(["evidence", "verify", forged.path], withStore: false)
        }

        // A byte flipped in the middle of the payload, the size kept: both manifests name the file;
        // a forger who recomputes the bag is still caught by the signed manifest and items.json.
        for recompute in [false, true] {
            let flipped = try verdict(recomputeBag: recompute) { files in files[statement]?[1_234_567] ^= 0x01 }
            #expect(flipped.status != 0)
            #expect(flipped.output.contains("FAILED\t\(statement)\t"), "\(flipped.output)")
            if !recompute {
                #expect(flipped.output.contains("its SHA-256 differs from manifest-sha256.txt"))
                #expect(flipped.output.contains("its SHA-512 differs from manifest-sha512.txt"))
            } else {
                #expect(flipped.output.contains("its content differs from the hashes taken at intake"))
            }
        }

        // A custody line removed (the intake), the bag recomputed.
        let custody = BundleLayout.custody(items[0])
        let cut = try verdict(recomputeBag: true) { files in
            let lines = String(decoding: files[custody] ?? [], as: UTF8.self).split(separator: "\n")
            files[custody] = Array(lines.dropFirst().map { $0 + "\n" }.joined().utf8)
        }
        #expect(cut.status != 0)
        #expect(
            cut.output.contains("FAILED\t\(custody)\tcustody entry 0 does not follow the one before"), "\(cut.output)")

        // The signature swapped for one by another key over the same manifest.
        let swapped = try verdict(recomputeBag: true) { files in
            files[BundleLayout.signature] = Array(
                try AuditNodeKey.generate().signature(for: Data(files[BundleLayout.bundleManifest] ?? [])))
        }
        #expect(swapped.status != 0)
        #expect(swapped.output.contains("FAILED\t\(BundleLayout.signature)\tdoes not verify"), "\(swapped.output)")

        // A genuine timestamp from the same authority, but of another manifest.
        let other = try tsa.reply(
            to: try LocalTimestampAuthority.query(digest: SHA256.hash(data: Data("another manifest".utf8)).hex))
        let restamped = try verdict(recomputeBag: true) { files in files[BundleLayout.timestampReply] = Array(other) }
        #expect(restamped.status != 0)
        #expect(
            restamped.output.contains("FAILED\t\(BundleLayout.timestampReply)\tis not a timestamp of"),
            "\(restamped.output)")

        // The untouched bundle, rewritten the same way, still verifies: the checks above are the changes'.
        #expect(try verdict(recomputeBag: true) { _ in }.status == 0)
    }

    static let bagitAvailable = (try? run("python3", ["-c", "import bagit"]).0) == 0
    static let bagitRequired = ProcessInfo.processInfo.environment["WHEREABOUTS_REQUIRE_BAGIT"] != nil

    @Test(
        "bagit.py --validate (full, every hash) passes on a fresh bundle and fails on a flipped byte",
        .enabled(
            if: bagitAvailable || bagitRequired,
            "bagit is not installed (pip install bagit); CI sets WHEREABOUTS_REQUIRE_BAGIT so it never skips there")
    )
    func bagitValidates() async throws {
        let (tool, event, _) = try await Self.toolWithEvidence()
        defer { tool.cleanUp() }
        let zip = tool.home.appendingPathComponent("case.zip")
        let made = try tool.run(
            ["evidence", "bundle", "--record", event, "-o", zip.path], environment: ["WHEREABOUTS_TSA_URL": nil])
        #expect(made.status == 0, "\(made.errors)")
        let unpacked = try Self.unpack(zip)
        defer { try? FileManager.default.removeItem(at: unpacked.folder) }
        let bag = unpacked.bag
        let valid = try Self.run("python3", ["-m", "bagit", "--validate", bag.path])
        #expect(valid.0 == 0, "\(valid.1)")
        let payload = try #require(
            FileManager.default.enumerator(atPath: bag.appendingPathComponent("data").path)?.compactMap {
                $0 as? String
            }
            .first { $0.hasSuffix("statement.txt") })
        let file = bag.appendingPathComponent("data").appendingPathComponent(payload)
        var bytes = try Data(contentsOf: file)
        bytes[2_000_000] ^= 0x20
        try bytes.write(to: file)
        let invalid = try Self.run("python3", ["-m", "bagit", "--validate", bag.path])
        #expect(invalid.0 != 0 && invalid.1.contains("statement.txt"), "\(invalid.1)")
    }
}
