extension String {
    /// The string without leading and trailing white space, computed without Foundation.
    public var trimmed: String {
        guard let first, let last, first.isWhitespace || last.isWhitespace else { return self }
        return trimmed(nil)
    }

    /// The string without leading and trailing white space and any of `characters`.
    public func trimmed(_ characters: String?) -> String {
        let drop: (Character) -> Bool = { character in
            character.isWhitespace || characters?.contains(character) == true
        }
        guard let first = firstIndex(where: { !drop($0) }), let last = lastIndex(where: { !drop($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
