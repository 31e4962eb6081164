import Crypto
import Foundation
import WhereaboutsCore
import WhereaboutsSecurity

/// Seals one record's identifying text and digests its identity terms, with the keys of the
/// compartment the record is sealed in — or, for the benchmark's unsealed baseline, keeps text
/// as it is and digests without a key.
struct RecordSealer: Sendable {
    let sealKey: DataKey?
    private let index: BlindIndex?

    init(sealKey: DataKey?, indexKey: DataKey?) {
        self.sealKey = sealKey
        index = indexKey.map(BlindIndex.init)
    }

    /// No sealing: only ``IdentityProtection/none`` (the benchmark's baseline) uses it.
    static let unsealed = RecordSealer(sealKey: nil, indexKey: nil)

    func seal(_ text: String?, record: String, field: String) throws -> String? {
        guard let text else { return nil }
        guard let sealKey else { return text }
        return try SealedValue.seal(text, with: sealKey, record: record, field: field)
    }

    func digest(_ term: String) -> String {
        guard let index else {
            return Data(SHA256.hash(data: Array(term.utf8)).prefix(12)).base64EncodedString()
        }
        return index.digest(term)
    }
}

/// How a store keeps identifying fields.
public enum IdentityProtection: Sendable {
    /// Sealed with AES-GCM under the compartments' data keys: the product's only mode.
    case sealed(Keyring)
    /// In clear text: only for the benchmark's side-by-side baseline, never for real data.
    case none

    var keyring: Keyring? {
        if case .sealed(let keyring) = self { return keyring }
        return nil
    }
}
