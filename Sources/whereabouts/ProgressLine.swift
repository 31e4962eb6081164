import Foundation

/// Progress of long work on standard error: a line rewritten in place on a terminal, a line per
/// step elsewhere (so logs stay readable), nothing at all when quiet.
final class ProgressLine: Sendable {
    private let label: String
    private let total: Int?
    private let interactive: Bool
    private let quiet: Bool

    init(_ label: String, total: Int? = nil, quiet: Bool = false) {
        self.label = label
        self.total = total
        self.interactive = isatty(STDERR_FILENO) == 1
        self.quiet = quiet
    }

    func update(_ done: Int) {
        guard !quiet, interactive else { return }
        FileHandle.standardError.write(Data(("\r" + text(done)).utf8))
    }

    func finish(_ done: Int, note: String = "") {
        guard !quiet else { return }
        FileHandle.standardError.write(Data(((interactive ? "\r" : "") + text(done) + note + "\n").utf8))
    }

    private func text(_ done: Int) -> String {
        if let total, total > 0 {
            let percent = min(100, done * 100 / total)
            let filled = percent / 5
            return "\(label) [" + String(repeating: "#", count: filled) + String(repeating: ".", count: 20 - filled)
                + "] \(done)/\(total) (\(percent)%)"
        }
        return "\(label): \(done)"
    }
}
