import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension ExternalTool {
    /// Bounds on a run fed through a pipe (``run(_:input:limits:)``): a tool that crosses one is killed.
    public struct Limits: Sendable {
        /// Wall-clock time the tool has once its input is all given (and for each write it leaves
        /// unread) before it is killed. Counted from the end of the input, so a slow reader of the
        /// content (a busy database) never costs the tool its time.
        public var seconds: Double
        /// Bytes of standard output kept; a tool that prints more is killed.
        public var outputBytes: Int
        /// The tool's address space, in KiB (`ulimit -v`).
        public var memoryKiB: Int
        /// The tool's processor time, in seconds (`ulimit -t`).
        public var cpuSeconds: Int

        public init(seconds: Double, outputBytes: Int, memoryKiB: Int, cpuSeconds: Int) {
            self.seconds = seconds
            self.outputBytes = outputBytes
            self.memoryKiB = memoryKiB
            self.cpuSeconds = cpuSeconds
        }
    }

    /// How a piped run ended, and what it printed.
    public struct PipedOutcome: Sendable {
        public enum Ending: Sendable, Equatable {
            /// The tool exited by itself with this status.
            case exited(Int32)
            /// Killed when its time was up.
            case outOfTime
            /// Killed when it printed more than its limit.
            case tooMuchOutput
            /// Ended by a signal of its own (a processor-time or memory limit, a crash).
            case signalled(Int32)
        }

        public let ending: Ending
        /// Standard output, at most the limit's bytes.
        public let output: [UInt8]
        /// The start of what it printed on standard error.
        public let errors: String
        /// Whether the tool took all of its input (it may stop reading early, and then did not).
        public let tookAllInput: Bool

        /// Exited by itself with status 0.
        public var succeeded: Bool { ending == .exited(0) }
    }

    /// Hands the tool its input, piece by piece, through `write`.
    public typealias Feed = @Sendable (_ write: @Sendable ([UInt8]) throws -> Void) async throws -> Void

    /// Runs the tool with `feed`'s bytes on its standard input and its standard output read back
    /// through a pipe: nothing passes through a file. The tool runs under `limits` (through
    /// `/bin/sh`'s `ulimit`: address space, processor time, and no file may be written at all) and is
    /// killed when its time is up or it prints too much. An error thrown by `feed` (content that
    /// fails its checks) kills the tool and is thrown here once the tool has ended.
    public func run(_ arguments: [String], input feed: Feed, limits: Limits) async throws -> PipedOutcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // `ulimit -f 0`: the tool cannot write a file (pipes are not files), so no plaintext reaches a disk.
        process.arguments =
            [
                "-c",
                "ulimit -v \(limits.memoryKiB) && ulimit -t \(limits.cpuSeconds) && ulimit -f 0 && exec \"$0\" \"$@\"",
                executable.path,
            ] + arguments
        let input = try InputSocket(sendTimeout: limits.seconds)
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = FileHandle(fileDescriptor: input.toolEnd, closeOnDealloc: false)
        process.standardOutput = output
        process.standardError = errors
        let (ended, ending) = AsyncStream<Void>.makeStream()
        let state = RunState()
        process.terminationHandler = { _ in
            // Reaped: from here on its process id may be given to another process, never signalled again.
            state.exited()
            ending.yield()
            ending.finish()
        }
        do {
            try process.run()
        } catch {
            input.closeBoth()
            throw error
        }
        input.closeToolEnd()
        let pid = process.processIdentifier
        // Read from now on, on threads of their own (see `drain`).
        let printed = Self.drain(output.fileHandleForReading.fileDescriptor, keeping: limits.outputBytes) {
            if state.kill(pid) { state.tooMuchOutput.withLock { $0 = true } }
        }
        let said = Self.drain(errors.fileHandleForReading.fileDescriptor, keeping: 4_000, overflow: nil)

        var feedError: (any Error)?
        var tookAll = true
        do {
            try await feed { bytes in try input.send(bytes) }
        } catch is InputSocket.Closed {
            tookAll = false
        } catch {
            feedError = error
            tookAll = false
            _ = state.kill(pid)
        }
        input.closeOurEnd()
        // The deadline on a thread of its own too: a busy shared queue would only make it late.
        let finished = DispatchSemaphore(value: 0)
        let seconds = limits.seconds
        Thread {
            if finished.wait(timeout: .now() + seconds) == .timedOut, state.kill(pid) {
                state.outOfTime.withLock { $0 = true }
            }
        }.start()
        for await _ in ended {}
        finished.signal()
        let stdout = await printed.first { _ in true }?.0 ?? []
        let stderr = await said.first { _ in true }?.0 ?? []
        // The pipes own the descriptors read above: they live until both are read to their end.
        withExtendedLifetime((output, errors)) {}
        if let feedError { throw feedError }
        // Killed only when our SIGKILL ended it: a tool that had exited by itself, and whose end was
        // reported late (a busy process), keeps its own ending.
        let killed = process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL
        let outcome: PipedOutcome.Ending =
            if killed, state.outOfTime.withLock({ $0 }) {
                .outOfTime
            } else if killed, state.tooMuchOutput.withLock({ $0 }) {
                .tooMuchOutput
            } else if process.terminationReason == .uncaughtSignal {
                .signalled(process.terminationStatus)
            } else {
                .exited(process.terminationStatus)
            }
        return PipedOutcome(
            ending: outcome, output: stdout, errors: String(decoding: stderr, as: UTF8.self), tookAllInput: tookAll)
    }

    /// Reads `descriptor` to its end on a thread of its own, keeping the first `keeping` bytes; calls
    /// `overflow` (once) when there are more, and goes on reading so the writer never blocks. A thread
    /// of its own, not a shared queue's: a blocking read must never wait for a busy pool to start, or the
    /// tool stalls on a full pipe and is killed for time it did not use.
    private static func drain(
        _ descriptor: Int32, keeping: Int, overflow: (@Sendable () -> Void)?
    ) -> AsyncStream<([UInt8], Bool)> {
        let (results, reading) = AsyncStream<([UInt8], Bool)>.makeStream()
        Thread {
            var kept: [UInt8] = []
            var overflowed = false
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                let room = max(0, keeping - kept.count)
                kept.append(contentsOf: buffer[0..<min(room, count)])
                if count > room, !overflowed {
                    overflowed = true
                    overflow?()
                }
            }
            reading.yield((kept, overflowed))
            reading.finish()
        }.start()
        return results
    }
}

/// What a run's watchers share: whether the tool's end has been reported (after which it is never
/// signalled: its process id may be someone else's) and why it was killed. Signalling a tool that has
/// exited but whose end is not yet reported is harmless: its id stays its own until it is reaped.
private final class RunState: Sendable {
    private let ended = Mutex(false)
    let outOfTime = Mutex(false)
    let tooMuchOutput = Mutex(false)

    /// Kills the tool unless it has ended; whether it was killed.
    func kill(_ pid: Int32) -> Bool {
        ended.withLock { ended in
            guard !ended else { return false }
            #if canImport(Glibc)
                _ = Glibc.kill(pid, SIGKILL)
            #else
                _ = Darwin.kill(pid, SIGKILL)
            #endif
            return true
        }
    }

    func exited() { ended.withLock { $0 = true } }
}

/// The tool's standard input: a socket pair rather than a pipe, so that writing to a tool that has
/// stopped reading fails with an error (`MSG_NOSIGNAL`) instead of a `SIGPIPE` that ends the server.
private final class InputSocket: Sendable {
    struct Closed: Error {}

    let toolEnd: Int32
    private let ourEnd: Int32
    private let closed = Mutex((ours: false, tools: false))

    /// A write the tool leaves unread for `sendTimeout` seconds fails (the tool is stuck, not reading).
    init(sendTimeout: Double) throws {
        var ends: [Int32] = [0, 0]
        #if canImport(Glibc)
            // Close-on-exec from the start: no other tool started meanwhile inherits either end (the
            // tool's own standard input is a duplicate, which does not carry the flag).
            let made = socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends)
        #else
            let made = socketpair(AF_UNIX, SOCK_STREAM, 0, &ends)
        #endif
        guard made == 0 else { throw CocoaError(.fileWriteUnknown) }
        ourEnd = ends[0]
        toolEnd = ends[1]
        #if canImport(Darwin)
            var on: Int32 = 1
            setsockopt(ourEnd, SOL_SOCKET, SO_NOSIGPIPE, &on, socklen_t(MemoryLayout<Int32>.size))
        #endif
        // Our end must not be inherited by the tool, or it never sees the end of its input.
        _ = fcntl(ourEnd, F_SETFD, FD_CLOEXEC)
        var timeout = timeval(
            tv_sec: time_t(sendTimeout), tv_usec: suseconds_t((sendTimeout - sendTimeout.rounded(.down)) * 1_000_000))
        setsockopt(ourEnd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Writes all of `bytes`; throws ``Closed`` when the tool no longer reads (it ended, or left a write
    /// unread for the send timeout).
    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            #if canImport(Glibc)
                let sent = bytes[offset...].withUnsafeBytes {
                    Glibc.send(ourEnd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
                }
            #else
                let sent = bytes[offset...].withUnsafeBytes { Darwin.send(ourEnd, $0.baseAddress, $0.count, 0) }
            #endif
            if sent < 0 {
                if errno == EINTR { continue }
                throw Closed()
            }
            offset += sent
        }
    }

    func closeToolEnd() {
        closed.withLock { state in
            if !state.tools { close(toolEnd) }
            state.tools = true
        }
    }

    func closeOurEnd() {
        closed.withLock { state in
            if !state.ours { close(ourEnd) }
            state.ours = true
        }
    }

    func closeBoth() {
        closeToolEnd()
        closeOurEnd()
    }
}
