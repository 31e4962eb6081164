import Foundation

/// Where a JSON body could not be read as a record, as a field issue with a JSON Pointer.
extension DecodingError {
    /// The issue, or `nil` when the text is not JSON at all (nothing points into it).
    public var fieldIssue: FieldIssue? {
        func pointer(_ path: [any CodingKey]) -> String {
            path.map { "/" + ($0.intValue.map(String.init) ?? $0.stringValue) }.joined()
        }
        switch self {
        case .typeMismatch(let type, let context):
            return FieldIssue(path: pointer(context.codingPath), message: "must be \(Self.describe(type))")
        case .valueNotFound(_, let context):
            return FieldIssue(path: pointer(context.codingPath), message: "is required")
        case .keyNotFound(let key, let context):
            return FieldIssue(path: pointer(context.codingPath + [key]), message: "is required")
        case .dataCorrupted(let context):
            guard !context.codingPath.isEmpty else { return nil }
            return FieldIssue(path: pointer(context.codingPath), message: context.debugDescription)
        @unknown default:
            return nil
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        default: return "\(type)".hasPrefix("Array") ? "an array" : "an object"
        }
    }
}
