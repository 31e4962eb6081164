import Foundation

/// One problem with one field of a submitted record, addressed by a JSON Pointer (`/places/0/country`).
public struct FieldIssue: Codable, Hashable, Sendable {
    public let path: String
    public let message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }
}

/// A record failed validation; nothing was written.
public struct ValidationFailure: Error, Sendable, Equatable {
    public let issues: [FieldIssue]

    public init(_ issues: [FieldIssue]) { self.issues = issues }
}

/// Collects field issues while a record is checked. Every check is a no-op on `nil`.
public struct Checker: Sendable {
    public private(set) var issues: [FieldIssue] = []

    public init() {}

    public mutating func fail(_ path: String, _ message: String) {
        issues.append(FieldIssue(path: path, message: message))
    }

    /// Text must not be blank when present, must fit `maxLength` characters and carry no control characters.
    public mutating func text(_ value: String?, at path: String, required: Bool = false, maxLength: Int) {
        guard let value else {
            if required { fail(path, "is required") }
            return
        }
        if value.allSatisfy(\.isWhitespace) {
            fail(path, required ? "is required" : "must not be blank")
        } else if value.count > maxLength {
            fail(path, "is longer than \(maxLength) characters")
        } else if value.unicodeScalars.contains(where: Checker.isForbiddenControl) {
            fail(path, "contains control characters")
        }
    }

    public mutating func country(_ code: String?, at path: String) {
        guard let code else { return }
        if !CountryCode.isValid(code) {
            fail(path, "'\(code.prefix(20))' is not an ISO 3166-1 alpha-2 country code (e.g. KP, JP, KR)")
        }
    }

    public mutating func countries(_ codes: [String], at path: String) {
        for (index, code) in codes.enumerated() { country(code, at: "\(path)/\(index)") }
        if codes.count > 50 { fail(path, "lists more than 50 countries") }
    }

    public mutating func count<T>(_ items: [T], at path: String, max: Int) {
        if items.count > max { fail(path, "has more than \(max) entries") }
    }

    private static func isForbiddenControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return false
        case 0x00...0x1F, 0x7F: return true
        default: return false
        }
    }
}
