import Foundation

/// The text of a PDF as the UN publishes it, by poppler's `pdftotext` (pages separated by form
/// feeds, in reading order), which the caller locates and passes in.
public enum UNDocumentPDF {
    /// Why a PDF gave no text.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Whether `data` is a PDF (it starts with `%PDF-`), whatever the file is called.
    public static func isPDF(_ data: Data) -> Bool { data.prefix(5) == Data("%PDF-".utf8) }

    /// The text of the PDF at `file`, read by the `pdftotext` program at `tool`.
    public static func text(of file: URL, pdftotext tool: URL) throws -> String {
        // Standard error goes to a private file, so a chatty program cannot stall on a full pipe.
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent(
            "whereabouts-pdftotext-\(UUID().uuidString)")
        guard
            FileManager.default.createFile(
                atPath: errorFile.path, contents: nil, attributes: [.posixPermissions: 0o600])
        else { throw Failure(description: "cannot create a temporary file") }
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let errors = try FileHandle(forWritingTo: errorFile)
        defer { try? errors.close() }
        let process = Process()
        process.executableURL = tool
        process.arguments = ["-enc", "UTF-8", "-eol", "unix", file.path, "-"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let said = (try? Data(contentsOf: errorFile)) ?? Data()
        guard process.terminationStatus == 0 else {
            throw Failure(
                description: "pdftotext could not read \(file.lastPathComponent): "
                    + String(decoding: said.prefix(500), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return String(decoding: printed, as: UTF8.self)
    }
}
