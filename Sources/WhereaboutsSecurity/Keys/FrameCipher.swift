import Crypto
import Foundation

/// Seals and opens the frames of one stored file (an evidence item) with AES-256-GCM, one frame at
/// a time, so a file of any size is encrypted without ever being whole in memory (decision 0022).
///
/// Each item gets its own key, derived with HKDF-SHA256 from the compartment's data key and the
/// item's id, so a frame's nonce can simply be its index: no two frames under one key share a nonce.
/// The associated data names the item, the frame's index and whether it is the last frame, so a
/// frame moved to another place or another item, a frame dropped, and a file cut short after any
/// frame all fail to open.
public struct FrameCipher: Sendable {
    /// Plaintext bytes per frame (the last frame may be shorter, or empty for an empty file).
    public static let frameSize = 1 << 20
    /// Bytes a sealed frame adds to its plaintext (the tag).
    public static let overhead = 16

    /// The id of the data key the item's key comes from.
    public let keyID: String
    private let item: String
    private let key: SymmetricKey

    /// The cipher of the item with id `item`, under `dataKey`.
    public init(dataKey: DataKey, item: String) {
        keyID = dataKey.id
        self.item = item
        key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: dataKey.key, salt: Array("whereabouts evidence frames v1".utf8),
            info: Array("\(dataKey.id.utf8.count):\(dataKey.id);\(item.utf8.count):\(item);".utf8), outputByteCount: 32)
    }

    /// Frame `index` of the item, sealed: ciphertext followed by the tag.
    public func seal(_ plaintext: some DataProtocol, index: Int, final: Bool) throws -> [UInt8] {
        let box = try AES.GCM.seal(
            plaintext, using: key, nonce: try Self.nonce(index), authenticating: context(index: index, final: final))
        var sealed: [UInt8] = []
        sealed.reserveCapacity(box.ciphertext.count + Self.overhead)
        sealed.append(contentsOf: box.ciphertext)
        sealed.append(contentsOf: box.tag)
        return sealed
    }

    /// Opens frame `index`; fails with ``KeyError/wrongKey`` when the frame was altered, belongs to
    /// another place or item, or is (or is not) the last frame when `final` says otherwise.
    public func open(_ sealed: [UInt8], index: Int, final: Bool) throws -> [UInt8] {
        guard sealed.count >= Self.overhead else { throw KeyError.wrongKey }
        let split = sealed.count - Self.overhead
        guard
            let box = try? AES.GCM.SealedBox(
                nonce: try Self.nonce(index), ciphertext: sealed[..<split], tag: sealed[split...]),
            let plain = try? AES.GCM.open(box, using: key, authenticating: context(index: index, final: final))
        else { throw KeyError.wrongKey }
        return Array(plain)
    }

    private static func nonce(_ index: Int) throws -> AES.GCM.Nonce {
        var bytes = [UInt8](repeating: 0, count: 12)
        var value = UInt64(index)
        for position in (4..<12).reversed() {
            bytes[position] = UInt8(value & 0xff)
            value >>= 8
        }
        return try AES.GCM.Nonce(data: bytes)
    }

    private func context(index: Int, final: Bool) -> [UInt8] {
        Array("wh-frame-v1;\(item.utf8.count):\(item);\(index);\(final ? "final" : "more")".utf8)
    }
}
