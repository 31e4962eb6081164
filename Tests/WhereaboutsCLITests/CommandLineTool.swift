import Foundation
import WhereaboutsTestSupport

/// The real `whereabouts` binary, built beside the test bundle (this target depends on it), run as a
/// child process in a temporary data folder, with its own key folder and home (so no test shares keys
/// with another or touches the real `~/.config`).
struct CommandLineTool {
    let binary: URL
    let dataDirectory: URL
    /// `WHEREABOUTS_KEY_DIR`: the root of the installations' key folders.
    let keyRoot: URL
    /// `HOME` and `XDG_CONFIG_HOME` live here.
    let home: URL

    init() throws {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [folder, folder.deletingLastPathComponent()].map { $0.appendingPathComponent("whereabouts") }
        guard let binary = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw ToolMissing(searched: candidates.map(\.path))
        }
        self.binary = binary
        dataDirectory = try TestDatabase.temporaryFolder()
        keyRoot = try TestDatabase.temporaryFolder()
        home = try TestDatabase.temporaryFolder()
    }

    struct ToolMissing: Error, CustomStringConvertible {
        let searched: [String]
        var description: String {
            "the whereabouts binary is not built beside the tests: " + searched.joined(separator: ", ")
        }
    }

    struct Outcome {
        let status: Int32
        let output: String
        let errors: String
    }

    /// Runs to the end with `--data-dir` added (or not, for commands that use no store).
    @discardableResult
    func run(_ arguments: [String], withStore: Bool = true, environment: [String: String?] = [:]) throws -> Outcome {
        let process = try start(arguments, withStore: withStore, environment: environment)
        let output = (process.standardOutput as! Pipe).fileHandleForReading.readDataToEndOfFile()
        let errors = (process.standardError as! Pipe).fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
            errors: String(decoding: errors, as: UTF8.self))
    }

    /// Runs to the end on a thread of its own, so a test can serve the command (over HTTP, say) while
    /// it runs without holding one of the few threads Swift's tasks run on.
    func runInBackground(_ arguments: [String], environment: [String: String?] = [:]) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try run(arguments, environment: environment) })
            }
        }
    }

    /// Starts in the background with `--data-dir` added; the caller waits or kills. `environment`
    /// sets (or, with nil, removes) variables over the test's own.
    func start(_ arguments: [String], withStore: Bool = true, environment: [String: String?] = [:]) throws -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments + (withStore ? ["--data-dir", dataDirectory.path] : [])
        var variables = ProcessInfo.processInfo.environment
        for name in ["WHEREABOUTS_DATABASE_URL", "WHEREABOUTS_KEK", "WHEREABOUTS_KEK_PASSPHRASE"] {
            variables[name] = nil
        }
        variables["WHEREABOUTS_KEY_DIR"] = keyRoot.path
        variables["HOME"] = home.path
        variables["XDG_CONFIG_HOME"] = home.appendingPathComponent(".config").path
        for (name, value) in environment { variables[name] = value }
        process.environment = variables
        process.standardOutput = Pipe()
        process.standardError = Pipe()
        try process.run()
        return process
    }

    var databasePath: String { dataDirectory.appendingPathComponent("whereabouts.sqlite").path }

    /// The key folder of the one installation this tool has made (`<keyRoot>/<installation>/`).
    var keyFolder: URL {
        get throws {
            let names = try FileManager.default.contentsOfDirectory(atPath: keyRoot.path).filter { !$0.hasPrefix(".") }
            guard names.count == 1 else { throw KeyFolderMissing(found: names) }
            return keyRoot.appendingPathComponent(names[0], isDirectory: true)
        }
    }

    struct KeyFolderMissing: Error, CustomStringConvertible {
        let found: [String]
        var description: String { "expected one installation's key folder, found \(found)" }
    }

    func cleanUp() {
        for folder in [dataDirectory, keyRoot, home] { try? FileManager.default.removeItem(at: folder) }
    }
}
