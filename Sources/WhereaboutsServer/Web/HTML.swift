import Foundation

/// Markup ready to send. Literals written in code are taken as markup; everything interpolated
/// into them is escaped unless it is itself `HTML`, so text from a record or a request can only
/// ever appear as text.
public struct HTML: Sendable, Equatable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public private(set) var rendered: String

    public init(stringLiteral value: String) { rendered = value }

    public init(stringInterpolation: Interpolation) { rendered = stringInterpolation.output }

    public var description: String { rendered }

    public static let empty: HTML = ""

    /// Markup joined from parts.
    public init(_ parts: [HTML], separator: HTML = "") {
        rendered = parts.map(\.rendered).joined(separator: separator.rendered)
    }

    public struct Interpolation: StringInterpolationProtocol {
        var output = ""

        public init(literalCapacity: Int, interpolationCount: Int) { output.reserveCapacity(literalCapacity * 2) }

        public mutating func appendLiteral(_ literal: String) { output += literal }

        /// Text: escaped.
        public mutating func appendInterpolation(_ text: String) { output += HTML.escape(text) }

        /// Optional text: escaped, nothing when absent.
        public mutating func appendInterpolation(_ text: String?) { output += HTML.escape(text ?? "") }

        public mutating func appendInterpolation(_ number: Int) { output += String(number) }

        /// Markup: as it is.
        public mutating func appendInterpolation(_ html: HTML) { output += html.rendered }

        public mutating func appendInterpolation(_ parts: [HTML]) { for part in parts { output += part.rendered } }
    }

    /// Escapes the five characters that are markup in text and in quoted attribute values.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }
}
