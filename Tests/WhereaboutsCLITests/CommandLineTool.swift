import Foundation
import WhereaboutsTestSupport

/// The real `whereabouts` binary, built beside the test bundle (this target depends on it), run as a
/// child process in a temporary data folder.
struct CommandLineTool {
    let binary: URL
    let dataDirectory: URL

    init() throws {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [folder, folder.deletingLastPathComponent()].map { $0.appendingPathComponent("whereabouts") }
        guard let binary = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw ToolMissing(searched: candidates.map(\.path))
        }
        self.binary = binary
        dataDirectory = try TestDatabase.temporaryFolder()
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
    func run(_ arguments: [String], withStore: Bool = true) throws -> Outcome {
        let process = try start(arguments, withStore: withStore)
        let output = (process.standardOutput as! Pipe).fileHandleForReading.readDataToEndOfFile()
        let errors = (process.standardError as! Pipe).fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
            errors: String(decoding: errors, as: UTF8.self))
    }

    /// Starts in the background with `--data-dir` added; the caller waits or kills.
    func start(_ arguments: [String], withStore: Bool = true) throws -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments + (withStore ? ["--data-dir", dataDirectory.path] : [])
        var environment = ProcessInfo.processInfo.environment
        environment["WHEREABOUTS_DATABASE_URL"] = nil
        process.environment = environment
        process.standardOutput = Pipe()
        process.standardError = Pipe()
        try process.run()
        return process
    }

    var databasePath: String { dataDirectory.appendingPathComponent("whereabouts.sqlite").path }

    func cleanUp() { try? FileManager.default.removeItem(at: dataDirectory) }
}
