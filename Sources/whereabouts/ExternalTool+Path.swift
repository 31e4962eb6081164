import Foundation
import WhereaboutsEvidence

extension ExternalTool {
    /// The program `name` in `PATH` or in one of `extraFolders`, or nil.
    static func find(_ name: String, extraFolders: [String] = []) -> ExternalTool? {
        find(name, in: searchPath + extraFolders)
    }

    /// The folders of `PATH` (`/usr/bin:/bin` when it is not set).
    static var searchPath: [String] {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
    }
}
