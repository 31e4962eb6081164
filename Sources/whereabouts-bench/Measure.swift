import Foundation
import WhereaboutsSecurity
import WhereaboutsStore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Small measuring tools shared by the benchmarks.
enum Measure {
    /// Seconds `body` took.
    static func seconds<T>(_ body: () async throws -> T) async rethrows -> (T, Double) {
        let start = ContinuousClock.now
        let result = try await body()
        let elapsed = ContinuousClock.now - start
        return (result, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// The value below which `fraction` of the samples lie (nearest rank).
    /// Writes out every file the earlier phases left in the page cache before a timed phase starts,
    /// so no phase is slowed by the disk writing back what another wrote (the import follows two
    /// references that write about a gigabyte between them).
    static func settle() { sync() }

    static func percentile(_ samples: [Double], _ fraction: Double) -> Double {
        let sorted = samples.sorted()
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    /// The peak resident memory of a running process, in MiB (Linux `VmHWM`).
    static func peakMemoryMiB(pid: Int32) -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kilobytes = line.split(separator: " ").compactMap { Double($0) }.first
            return kilobytes.map { $0 / 1024 }
        }
        return nil
    }

    /// The largest peak resident memory of any child process that has ended, in MiB.
    static func childrenPeakMemoryMiB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    static func format(_ value: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", value) }
}

/// A program run to completion or kept running in the background.
struct Program {
    let executable: URL

    /// The `whereabouts` binary built beside this benchmark.
    static func whereabouts() throws -> Program {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let binary = here.appendingPathComponent("whereabouts")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw BenchError("\(binary.path) is missing: build it first with `swift build -c release`")
        }
        return Program(executable: binary)
    }

    /// The key-encryption key every `whereabouts` this benchmark runs is given (`WHEREABOUTS_KEK`), so
    /// the benchmark opens the stores they make; their other keys go to a scratch key folder, never to
    /// the user's configuration folder.
    static let kek = KeyEncryptionKey.generate()

    /// The environment the benchmark's `whereabouts` processes run in.
    static var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["WHEREABOUTS_KEK"] = Data(kek.bytes).base64EncodedString()
        environment["WHEREABOUTS_KEY_DIR"] =
            FileManager.default.temporaryDirectory.appendingPathComponent(
                "whereabouts-bench-keys-\(ProcessInfo.processInfo.processIdentifier)"
            ).path
        return environment
    }

    /// How a data folder made by `whereabouts` here seals identities: under ``kek``.
    static func protection(dataDirectory: String) throws -> IdentityProtection { .sealed(Keyring(kek: kek)) }

    /// Runs to the end; throws with its standard error when it fails.
    /// Runs the program to the end and returns what it printed.
    @discardableResult
    func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = Self.environment
        let errors = Pipe()
        let printed = Pipe()
        process.standardError = errors
        process.standardOutput = printed
        try process.run()
        // The commands run here print little on standard error, so reading the two in turn cannot stall.
        let standardOutput = printed.fileHandleForReading.readDataToEndOfFile()
        let output = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError(
                "\(executable.lastPathComponent) \(arguments.joined(separator: " ")) failed:\n"
                    + String(decoding: output, as: UTF8.self))
        }
        return String(decoding: standardOutput, as: UTF8.self)
    }

    /// Waits (up to 30 s) until a server started on `port` answers `/readyz`.
    static func waitUntilReady(port: Int) async throws {
        for _ in 0..<300 {
            if let (_, response) = try? await URLSession.shared.data(
                from: URL(string: "http://127.0.0.1:\(port)/readyz")!),
                (response as? HTTPURLResponse)?.statusCode == 200
            {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw BenchError("the server did not become ready")
    }

    /// A program on the PATH.
    static func find(_ name: String) -> Program? {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return Program(executable: candidate) }
        }
        return nil
    }

    /// Starts in the background; the caller terminates it.
    func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = Self.environment
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return process
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
