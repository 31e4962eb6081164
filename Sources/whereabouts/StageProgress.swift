import Synchronization

/// Progress of work in named stages on standard error: one ``ProgressLine`` per stage, in percent,
/// each finished when the next begins.
final class StageProgress: Sendable {
    private let quiet: Bool
    private let current: Mutex<(stage: String, line: ProgressLine)?> = Mutex(nil)

    init(quiet: Bool) { self.quiet = quiet }

    /// `fraction` of `stage` is done.
    func update(_ stage: String, _ fraction: Double) {
        let percent = Int(min(max(fraction, 0), 1) * 100)
        current.withLock { current in
            if let (name, line) = current, name != stage {
                line.finish(100)
                current = nil
            }
            if current == nil { current = (stage, ProgressLine(stage, total: 100, quiet: quiet)) }
            current?.line.update(percent)
        }
    }

    /// The last stage is done.
    func end() {
        current.withLock { current in
            current?.line.finish(100)
            current = nil
        }
    }
}
