import Foundation

/// A program this command line runs (`openssl`, `pg_dump`…), with what it printed.
struct ExternalTool {
    let executable: URL

    struct Outcome {
        let status: Int32
        let output: Data
        let errors: String
    }

    /// The program `name` in PATH or in one of `extraFolders`, or nil.
    static func find(_ name: String, extraFolders: [String] = []) -> ExternalTool? {
        let folders =
            (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
            + extraFolders
        return folders.first { FileManager.default.isExecutableFile(atPath: $0 + "/" + name) }.map {
            ExternalTool(executable: URL(fileURLWithPath: $0 + "/" + name))
        }
    }

    /// Runs to the end. Standard error goes to a private temporary file, so a chatty program cannot
    /// stall on a full pipe while its output is read.
    func run(_ arguments: [String]) throws -> Outcome {
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent(
            "whereabouts-tool-\(UUID().uuidString)")
        guard
            FileManager.default.createFile(
                atPath: errorFile.path, contents: nil, attributes: [.posixPermissions: 0o600])
        else { throw CocoaError(.fileWriteNoPermission) }
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let errors = try FileHandle(forWritingTo: errorFile)
        defer { try? errors.close() }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let said = (try? Data(contentsOf: errorFile)) ?? Data()
        return Outcome(
            status: process.terminationStatus, output: printed,
            errors: String(decoding: said.prefix(4000), as: UTF8.self))
    }
}
