import Crypto
import Foundation
import Testing
import WhereaboutsEvidence
import WhereaboutsTestSupport

/// Each item's own timestamp from the command line (decision 0029): at intake, caught up later,
/// carried by bundles and checked offline (with openssl too); and evidence through `keys reencrypt`
/// and a backup.
@Suite("evidence timestamps and keys, from the command line", .serialized)
struct EvidenceTimestampCommandTests {
    @Test(
        "items taken in with an authority carry tokens that openssl verifies in the bundle; a token swapped for another item's is named"
    )
    func itemTokensInBundles() async throws {
        let tool = try CommandLineTool()
        defer { tool.cleanUp() }
        #expect(try tool.run(["demo", "--events", "1", "--quiet"]).status == 0)
        let event = try await EvidenceCommandTests.eventID(tool)
        let tsa = try LocalTimestampAuthority()
        let zip = tool.dataDirectory.appendingPathComponent("case.zip")
        let items = ItemList()
        try await tsa.serve { url in
            for name in ["a.txt", "b.txt"] {
                let file = tool.home.appendingPathComponent(name)
                try Data("the words of \(name)".utf8).write(to: file)
                let added = try await tool.runInBackground(
                    ["evidence", "add", file.path, "--record", event],
                    environment: ["WHEREABOUTS_TSA_URL": url.absoluteString])
                #expect(added.status == 0 && !added.errors.contains("untimestamped"), "\(added.errors)")
                items.append(String(added.output.split(separator: "\t").first ?? ""))
            }
            let made = try await tool.runInBackground(
                ["evidence", "bundle", "--record", event, "-o", zip.path],
                environment: ["WHEREABOUTS_TSA_URL": url.absoluteString])
            #expect(made.status == 0, "\(made.errors)")
        }
        let ids = items.all
        let shown = try tool.run(["evidence", "show", ids[0]]).output
        #expect(shown.contains("timestamp: 20") && shown.contains("\ttimestamp\t"), "\(shown)")
        let verified = try tool.run(["evidence", "verify", zip.path], withStore: false)
        #expect(verified.status == 0, "\(verified.output)\(verified.errors)")
        #expect(verified.output.contains("2 item timestamp(s) verified"), "\(verified.output)")

        // As the README says: openssl alone checks each item's token against its statement.
        let unpacked = try EvidenceBundleCommandTests.unpack(zip)
        defer { try? FileManager.default.removeItem(at: unpacked.folder) }
        let bag = unpacked.bag
        for id in ids {
            let stamp = try EvidenceBundleCommandTests.run(
                "openssl",
                [
                    "ts", "-verify", "-data", BundleLayout.itemTimestamp(id, "txt"), "-in",
                    BundleLayout.itemTimestamp(id, "tsr"), "-CAfile", BundleLayout.itemTimestamp(id, "pem"),
                ], in: bag)
            #expect(stamp.0 == 0 && stamp.1.contains("Verification: OK"), "\(stamp.1)")
        }

        // The first item's token swapped for the second's (a genuine token, of another statement).
        let forged = tool.home.appendingPathComponent("forged.zip")
        try BundleTampering.rewrite(zip, to: forged, recomputeBag: true) { files in
            files[BundleLayout.itemTimestamp(ids[0], "tsr")] = files[BundleLayout.itemTimestamp(ids[1], "tsr")]
        }
        let caught = try tool.run(["evidence", "verify", forged.path], withStore: false)
        #expect(caught.status != 0)
        #expect(
            caught.output.contains(
                "FAILED\t\(BundleLayout.itemTimestamp(ids[0], "tsr"))\tis not a timestamp of item \(ids[0])"),
            "\(caught.output)")
        #expect(!caught.output.contains("is not a timestamp of item \(ids[1])"))
    }

    @Test("an unreachable authority keeps the item, untimestamped; evidence timestamp --all-pending catches up")
    func unreachableThenCaughtUp() async throws {
        let tool = try CommandLineTool()
        defer { tool.cleanUp() }
        #expect(try tool.run(["demo", "--events", "1", "--quiet"]).status == 0)
        let event = try await EvidenceCommandTests.eventID(tool)
        let file = tool.home.appendingPathComponent("letter.txt")
        try Data("a letter".utf8).write(to: file)
        let added = try tool.run(
            ["evidence", "add", file.path, "--record", event],
            environment: ["WHEREABOUTS_TSA_URL": "http://127.0.0.1:9/"])
        #expect(added.status == 0, "\(added.errors)")
        #expect(added.errors.contains("untimestamped"))
        let id = String(added.output.split(separator: "\t").first ?? "")
        #expect(try tool.run(["evidence", "show", id]).output.contains("timestamp: none"))
        #expect(try tool.run(["evidence", "verify", id]).status == 0)
        let refused = try tool.run(
            ["evidence", "timestamp", "--all-pending"], environment: ["WHEREABOUTS_TSA_URL": nil])
        #expect(refused.status != 0)

        let tsa = try LocalTimestampAuthority()
        try await tsa.serve { url in
            let caught = try await tool.runInBackground(
                ["evidence", "timestamp", "--all-pending", "--tsa-url", url.absoluteString])
            #expect(caught.status == 0 && caught.output.hasPrefix("\(id)\ttimestamped\t"), "\(caught.output)")
            let again = try await tool.runInBackground(
                ["evidence", "timestamp", "--all-pending", "--tsa-url", url.absoluteString])
            #expect(again.status == 0 && again.output.contains("no item is waiting"), "\(again.output)")
            let twice = try await tool.runInBackground(
                ["evidence", "timestamp", id, "--tsa-url", url.absoluteString])
            #expect(twice.status != 0 && twice.output.contains("already timestamped"), "\(twice.output)")
        }
        #expect(try tool.run(["evidence", "show", id]).output.contains("\ttimestamp\t"))
    }

    @Test(
        "keys reencrypt seals evidence again (no plaintext in the data folder, the item verifies and reads back); a backup restores it whole"
    )
    func reencryptAndBackup() async throws {
        let (tool, _, items) = try await EvidenceBundleCommandTests.toolWithEvidence()
        defer { tool.cleanUp() }
        let marker = EvidenceBundleCommandTests.marker
        let reencrypted = try tool.run(["keys", "reencrypt", "--quiet"])
        #expect(reencrypted.status == 0, "\(reencrypted.output)\(reencrypted.errors)")
        #expect(reencrypted.output.contains("Sealed 2 evidence item(s) again"), "\(reencrypted.output)")
        #expect(try tool.run(["evidence", "verify"]).status == 0)
        for item in items { #expect(try tool.run(["evidence", "show", item]).output.contains("\treencryption\t")) }
        for name in try FileManager.default.contentsOfDirectory(atPath: tool.dataDirectory.path) {
            let data = (try? Data(contentsOf: tool.dataDirectory.appendingPathComponent(name))) ?? Data()
            #expect(data.range(of: Data(marker.utf8)) == nil, "\(name) holds the plaintext")
        }
        #expect(try tool.run(["audit", "verify"]).status == 0)

        let shares = tool.home.appendingPathComponent("shares")
        #expect(try tool.run(["keys", "split", "--out-dir", shares.path]).status == 0)
        let backup = tool.home.appendingPathComponent("backup.whbk")
        #expect(try tool.run(["backup", "create", backup.path, "--quiet"]).status == 0)
        let target = try CommandLineTool()
        defer { target.cleanUp() }
        let shareFiles = ["share-1.txt", "share-2.txt"].flatMap { ["--share", shares.appendingPathComponent($0).path] }
        let restored = try target.run(["backup", "restore", backup.path] + shareFiles)
        #expect(restored.status == 0, "\(restored.errors)")
        #expect(try target.run(["evidence", "verify"]).status == 0)
        let out = target.home.appendingPathComponent("statement.txt")
        #expect(try target.run(["evidence", "get", items[0], "--out", out.path]).status == 0)
        #expect(String(decoding: try Data(contentsOf: out), as: UTF8.self).hasPrefix(marker))
    }
}

/// Item ids collected inside a `@Sendable` body.
private final class ItemList: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []

    func append(_ item: String) { lock.withLock { items.append(item) } }
    var all: [String] { lock.withLock { items } }
}
