import ArgumentParser
import Foundation
import Logging
import WhereaboutsCore
import WhereaboutsEvidence
import WhereaboutsOperations
import WhereaboutsSecurity
import WhereaboutsStore

/// `whereabouts-bench evidence`: intake of one large file (hash, encrypt, store as frames), its
/// verification, a court bundle of it and the bundle's verification (decision 0025), each against
/// `sha256sum` alone on the same file in the same run, with the process's peak memory after each step,
/// which stays flat however large the file (issue 15's target: at most twice `sha256sum`).
struct EvidenceBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: "Evidence intake, verification, bundle and bundle verification against sha256sum, with peak memory.")

    @Option(help: "The file's size in MiB.") var megabytes = 1024

    func run() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("whereabouts-evidence-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("large.bin")
        // Written 1 MiB at a time, never whole in memory.
        FileManager.default.createFile(atPath: file.path, contents: nil)
        let writer = try FileHandle(forWritingTo: file)
        var block = [UInt8](repeating: 0, count: 1 << 20)
        for index in 0..<megabytes {
            for position in stride(from: 0, to: block.count, by: 64) {
                block[position] = UInt8(truncatingIfNeeded: index &+ position)
            }
            try writer.write(contentsOf: block)
        }
        try writer.close()
        Measure.settle()

        let before256 = try await Self.sha256sum(file)
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let handle = try await SQLiteHandle.open(
            path: folder.appendingPathComponent("bench.sqlite").path, logger: logger)
        let store = try await SQLRecordStore.open(
            handle, clock: { Date() }, logger: logger, protection: .sealed(.ephemeral()))
        let operations = EvidenceOperations(
            store: store, audit: AuditLog(database: handle, clock: { Date() }, signer: .generate()))
        let event = try await store.create(Event(title: "Benchmark"), by: .operatorWriter(actor: "bench")).id
        let before = Measure.peakMemoryMiB(pid: getpid()) ?? .nan
        let reader = try FileHandle(forReadingFrom: file)
        let (item, intake) = try await Measure.seconds {
            try await operations.add(
                {
                    guard let data = try reader.read(upToCount: 1 << 20), !data.isEmpty else { return nil }
                    return Array(data)
                }, stated: StatedFile(name: "large.bin"), to: event, by: .operatorWriter(actor: "bench"), from: .cli)
        }
        try reader.close()
        let afterIntake = Measure.peakMemoryMiB(pid: getpid()) ?? .nan
        let (checks, verify) = try await Measure.seconds { try await operations.verify(item.id) }
        let afterVerify = Measure.peakMemoryMiB(pid: getpid()) ?? .nan
        let zip = folder.appendingPathComponent("bundle.zip")
        let (_, bundle) = try await Measure.seconds {
            try await operations.bundle(
                records: [event], to: zip, access: .operatorAccess, actor: "bench", from: .cli)
        }
        let afterBundle = Measure.peakMemoryMiB(pid: getpid()) ?? .nan
        let (report, bundleVerify) = try await Measure.seconds {
            BundleVerifier(url: zip) { _, _, _ in "no timestamp was asked for" }.verify()
        }
        let afterBundleVerify = Measure.peakMemoryMiB(pid: getpid()) ?? .nan
        // The floors the disk sets: writing the same number of bytes as a file (what a bundle does)
        // and as frames in the store (what intake does), with nothing else.
        let copy = folder.appendingPathComponent("copy.bin")
        let (_, diskWrite) = try await Measure.seconds {
            try Self.run("dd", ["if=\(file.path)", "of=\(copy.path)", "bs=1M"])
        }
        try FileManager.default.removeItem(at: copy)
        let frame = [UInt8](repeating: 0x5A, count: FrameCipher.frameSize + FrameCipher.overhead)
        let floor = FrameSet(item: "evbenchfloor", key: "bench")
        let (_, storeOnly) = try await Measure.seconds {
            for start in stride(from: 0, to: megabytes, by: SQLRecordStore.framesPerWrite) {
                let batch = (start..<min(start + SQLRecordStore.framesPerWrite, megabytes)).map { ($0, frame) }
                try await store.evidenceFrames.append(batch, to: floor)
            }
            try await store.evidenceFrames.seal(floor)
        }
        try await store.evidenceFrames.remove(floor)
        await store.close()
        guard checks.allSatisfy(\.isIntact) else { throw BenchError("verification failed: \(checks)") }
        guard report.isIntact else { throw BenchError("the bundle does not verify: \(report.problems)") }
        let after256 = try await Self.sha256sum(file)
        // The machine is shared: the reference is sha256sum's mean over a run before and one after.
        let reference = (before256 + after256) / 2
        let costs = try await EvidenceCosts.measure(file: file, megabytes: megabytes)
        print("file: \(megabytes) MiB, \(ProcessInfo.processInfo.activeProcessorCount) processors")
        print("step\tseconds\t× sha256sum\tpeak RSS MiB (process so far)")
        print(
            "sha256sum (mean of \(Measure.format(before256, 2)) before, \(Measure.format(after256, 2)) after)\t"
                + "\(Measure.format(reference, 2))\t1.00\t\(Measure.format(Measure.childrenPeakMemoryMiB()))")
        let steps: [(String, Double, Double)] = [
            ("intake (SHA-256 + SHA-512 + AES-GCM frames + store)", intake, afterIntake),
            ("verify stored (decrypt + both hashes)", verify, afterVerify),
            ("bundle (decrypt + both hashes + CRC-32 + ZIP, signed)", bundle, afterBundle),
            (
                "bundle verify (CRC-32 + SHA-256 + SHA-512, manifests, signature, custody)", bundleVerify,
                afterBundleVerify
            ),
        ]
        print(
            "write the file again (dd, no sync)\t\(Measure.format(diskWrite, 2))\t\(Measure.format(diskWrite / reference, 2))\t"
        )
        print(
            "store its size as frames, no hashing or sealing (frame files)\t\(Measure.format(storeOnly, 2))\t"
                + "\(Measure.format(storeOnly / reference, 2))\t")
        for (name, seconds, memory) in steps {
            print(
                "\(name)\t\(Measure.format(seconds, 2))\t\(Measure.format(seconds / reference, 2))\t\(Measure.format(memory))"
            )
        }
        print("peak RSS before intake: \(Measure.format(before)) MiB")
        print("costs, each alone on one thread (two for the pair), pieces of 1 MiB in memory:")
        for (name, seconds) in costs {
            print("  \(name)\t\(Measure.format(seconds, 2)) s\t\(Measure.format(seconds / reference, 2)) × sha256sum")
        }
    }

    /// Seconds `sha256sum` takes on `file`.
    private static func sha256sum(_ file: URL) async throws -> Double {
        try await Measure.seconds { try run("sha256sum", [file.path]) }.1
    }

    /// Runs a program to its end, its output discarded.
    private static func run(_ program: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
    }
}
