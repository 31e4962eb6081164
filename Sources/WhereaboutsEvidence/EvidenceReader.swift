import Foundation
import WhereaboutsSecurity

/// Reads a stored file back frame by frame, opening each and checking, at the end, that the count,
/// the size and both digests are those intake recorded. A frame altered, moved, taken from another
/// item or missing, and a file cut short, each stop the read with ``EvidenceError/damaged(_:)``
/// before any byte of the bad frame is handed on.
public struct EvidenceReader: Sendable {
    public typealias FetchFrame = @Sendable (_ index: Int) async throws -> [UInt8]?

    private let cipher: FrameCipher
    private let expected: EvidenceIntake.Summary
    private let fetch: FetchFrame

    /// A reader of the item whose intake found `expected`, taking sealed frames from `fetch` (nil: no such frame).
    public init(cipher: FrameCipher, expected: EvidenceIntake.Summary, fetch: @escaping FetchFrame) {
        self.cipher = cipher
        self.expected = expected
        self.fetch = fetch
    }

    /// Opens frame `index`, which must be there.
    public func frame(_ index: Int) async throws -> [UInt8] {
        try open(try await fetch(index), index: index)
    }

    private func open(_ sealed: [UInt8]?, index: Int) throws -> [UInt8] {
        guard let sealed else { throw EvidenceError.damaged("frame \(index) is missing") }
        do {
            return try cipher.open(sealed, index: index, final: index == expected.frames - 1)
        } catch {
            throw EvidenceError.damaged("frame \(index) does not open (altered, moved or cut short)")
        }
    }

    /// Every frame in order, handed to `deliver` as it is opened; then the checks of the whole.
    /// Fails before delivering a frame that does not open, and at the end when the whole differs.
    /// The next frame is fetched while one is opened, hashed and delivered (decision 0029).
    public func read(_ deliver: ([UInt8]) async throws -> Void) async throws {
        var digests = ContentDigests()
        let fetch = self.fetch
        var fetching: Task<[UInt8]?, any Error> = Task { try await fetch(0) }
        for index in 0..<expected.frames {
            let sealed = try await fetching.value
            fetching = Task { [index] in try await fetch(index + 1) }
            let plain = try open(sealed, index: index)
            digests.update(plain)
            try await deliver(plain)
        }
        if try await fetching.value != nil {
            throw EvidenceError.damaged("there is a frame after the last one")
        }
        let (sha256, sha512, size) = digests.finish()
        guard size == expected.size else { throw EvidenceError.damaged("the size is \(size), not \(expected.size)") }
        guard sha256 == expected.sha256, sha512 == expected.sha512 else {
            throw EvidenceError.damaged("the content's hashes differ from those taken at intake")
        }
    }

    /// Reads everything and discards it: whether the stored file is intact.
    public func verify() async throws { try await read { _ in } }
}
