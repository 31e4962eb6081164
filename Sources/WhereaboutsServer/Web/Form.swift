import Foundation
import Hummingbird

/// A submitted `application/x-www-form-urlencoded` form. Field values keep every script as sent;
/// a field sent several times keeps all its values.
public struct Form: Sendable {
    let fields: [(String, String)]

    init(_ body: String) {
        fields = body.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]) else { return nil }
            return (name, parts.count > 1 ? Self.decode(parts[1]) ?? "" : "")
        }
    }

    /// Reads a request's form body (refused above 1 MiB).
    static func read(_ request: Request, context: some RequestContext) async throws -> Form {
        let data = try await request.bodyData(context: context)
        return Form(String(decoding: data, as: UTF8.self))
    }

    /// The first value of a field, trimmed; `nil` when absent or blank.
    public subscript(_ name: String) -> String? {
        fields.first { $0.0 == name }.map { $0.1.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap {
            $0.isEmpty ? nil : $0
        }
    }

    /// Every non-blank value of a field.
    public func all(_ name: String) -> [String] {
        fields.filter { $0.0 == name }.map { $0.1.trimmingCharacters(in: .whitespacesAndNewlines) }.filter {
            !$0.isEmpty
        }
    }

    /// The raw first value, untrimmed (passwords).
    public func raw(_ name: String) -> String? { fields.first { $0.0 == name }?.1 }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
