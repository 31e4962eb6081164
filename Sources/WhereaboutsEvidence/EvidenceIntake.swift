import Foundation
import WhereaboutsSecurity

/// Takes a file in as its bytes arrive, in pieces of any size: cuts them into frames of
/// ``FrameCipher/frameSize``, hashes each frame (SHA-256, SHA-512), seals it and hands it, sealed, to
/// `store`; counts the bytes and sniffs the media type from the first ones — so at most about two
/// frames are ever in memory, whatever the file's size (decision 0022). SHA-512 runs on one thread
/// while SHA-256 and the sealing run on the other (decision 0029).
///
/// A frame is sealed only once the next bytes (or the end) arrive, because the last frame is sealed
/// as the last one.
public struct EvidenceIntake: Sendable {
    /// What intake learnt about the file.
    public struct Summary: Sendable, Hashable, Codable {
        public let sha256: String
        public let sha512: String
        public let size: Int
        /// Sniffed from the first bytes.
        public let mediaType: String
        public let frames: Int

        public init(sha256: String, sha512: String, size: Int, mediaType: String, frames: Int) {
            self.sha256 = sha256
            self.sha512 = sha512
            self.size = size
            self.mediaType = mediaType
            self.frames = frames
        }
    }

    private let cipher: FrameCipher
    private let maximumSize: Int?
    private var digests = ContentDigests()
    private var head: [UInt8] = []
    private var pending: [UInt8] = []
    private var taken = 0
    private var framesStored = 0

    /// Intake sealing with `cipher`; more than `maximumSize` bytes fail with ``EvidenceError/tooLarge(_:)``.
    public init(cipher: FrameCipher, maximumSize: Int? = nil) {
        self.cipher = cipher
        self.maximumSize = maximumSize
        pending.reserveCapacity(FrameCipher.frameSize)
    }

    /// Takes the next bytes; stores every frame that is complete and known not to be the last.
    public mutating func take(
        _ bytes: some Collection<UInt8>, store: (_ index: Int, _ sealed: [UInt8]) async throws -> Void
    ) async throws {
        taken += bytes.count
        if let maximumSize, taken > maximumSize { throw EvidenceError.tooLarge(maximumSize) }
        if head.count < MediaSniffer.prefixLength { head += bytes.prefix(MediaSniffer.prefixLength - head.count) }
        var rest = bytes[...]
        while !rest.isEmpty {
            if pending.count == FrameCipher.frameSize {
                // More bytes follow, so the full frame held is not the last one.
                try await store(framesStored, try seal(final: false))
                pending.removeAll(keepingCapacity: true)
            }
            let room = FrameCipher.frameSize - pending.count
            pending += rest.prefix(room)
            rest = rest.dropFirst(room)
        }
    }

    /// Seals and stores the last frame (empty for an empty file) and returns what was learnt.
    public mutating func finish(store: (_ index: Int, _ sealed: [UInt8]) async throws -> Void) async throws -> Summary {
        try await store(framesStored, try seal(final: true))
        pending = []
        let (sha256, sha512, size) = digests.finish()
        return Summary(
            sha256: sha256, sha512: sha512, size: size, mediaType: MediaSniffer.mediaType(of: head),
            frames: framesStored)
    }

    /// The frame held, hashed and sealed at once.
    private mutating func seal(final: Bool) throws -> [UInt8] {
        let frame = pending
        let cipher = self.cipher
        let index = framesStored
        var sealed: Result<[UInt8], any Error> = .success([])
        digests.update(frame) { sealed = Result { try cipher.seal(frame, index: index, final: final) } }
        framesStored += 1
        return try sealed.get()
    }
}

/// Why evidence could not be taken in, read or trusted.
public enum EvidenceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file is larger than the configured limit (bytes).
    case tooLarge(Int)
    /// The stored file does not match what intake recorded; names what failed.
    case damaged(String)
    /// The item's source no longer consents to internal documentation: its files are withheld from
    /// every reader, as its testimony text is.
    case withheld

    public var description: String {
        switch self {
        case .withheld: return "withheld: the source's consent no longer covers internal documentation"
        case .tooLarge(let limit): return "the file is larger than the limit of \(limit) bytes"
        case .damaged(let what): return "the stored evidence is damaged: \(what)"
        }
    }
}
