import SQLKit

extension Array {
    /// The array cut into consecutive pieces of at most `size` elements.
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}

extension ArraySlice where Element == SQLQueryString {
    func joined(separator: String) -> SQLQueryString { Array(self).joined(separator: separator) }
}
