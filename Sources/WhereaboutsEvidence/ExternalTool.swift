import Foundation

/// A program Whereabouts runs (`openssl`, `pg_dump`, `pdftotext`, `pdftoppm`…), with what it printed.
/// The one way the project calls an external tool: the command line for its commands, the server for
/// PDF previews (``PDFPreviewer``, through ``run(_:input:limits:)``).
public struct ExternalTool: Sendable {
    public let executable: URL

    public init(executable: URL) {
        self.executable = executable
    }

    /// What a run ended with.
    public struct Outcome: Sendable {
        public let status: Int32
        public let output: Data
        public let errors: String
    }

    /// The program `name` in the first of `folders` that holds it, or nil. The caller says where to
    /// look (the command line: `PATH`); a library never reads the environment.
    public static func find(_ name: String, in folders: [String]) -> ExternalTool? {
        folders.first { FileManager.default.isExecutableFile(atPath: $0 + "/" + name) }.map {
            ExternalTool(executable: URL(fileURLWithPath: $0 + "/" + name))
        }
    }

    /// Runs to the end. Standard error goes to a private temporary file, so a chatty program cannot
    /// stall on a full pipe while its output is read.
    public func run(_ arguments: [String]) throws -> Outcome {
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
