/// Canonical JSON: the bytes `JSONEncoder.canonical` writes (keys sorted by their UTF-8 bytes, no
/// whitespace, slashes as they are), written without Foundation's encoder.
///
/// The store encodes every record it writes; Foundation's encoder checks every value against the
/// types it treats specially and keeps objects in hashed dictionaries, which made encoding one of
/// the largest costs of a bulk import. Record bodies hold strings, numbers, booleans, arrays and
/// objects only; the output is tested byte for byte against `JSONEncoder.canonical`.
public enum CanonicalJSON {
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let root = Node()
        try value.encode(to: NodeEncoder(node: root, codingPath: []))
        var out: [UInt8] = []
        out.reserveCapacity(512)
        root.write(to: &out)
        return out
    }

    /// A JSON value being built: a scalar's finished text, a string (quoted when written, so no
    /// bytes are built for it twice), an object's members or an array's elements.
    final class Node {
        enum Kind { case empty, scalar, string, object, array }
        var kind = Kind.empty
        var scalar: [UInt8] = []
        var string = ""
        var keys: [String] = []
        var children: [Node] = []

        func becomeObject() {
            if kind != .object {
                kind = .object
                keys = []
                children = []
            }
        }

        func becomeArray() {
            if kind != .array {
                kind = .array
                children = []
            }
        }

        func set(_ bytes: [UInt8]) {
            kind = .scalar
            scalar = bytes
        }

        func set(_ text: String) {
            kind = .string
            string = text
        }

        /// The member for `key`, replacing one already there (as Foundation's encoder does).
        func member(_ key: String) -> Node {
            let node = Node()
            if let index = keys.firstIndex(of: key) {
                children[index] = node
            } else {
                keys.append(key)
                children.append(node)
            }
            return node
        }

        func element() -> Node {
            let node = Node()
            children.append(node)
            return node
        }

        func write(to out: inout [UInt8]) {
            switch kind {
            case .empty: out += [0x7B, 0x7D]
            case .scalar: out += scalar
            case .string: CanonicalJSON.appendString(string, to: &out)
            case .array:
                out.append(0x5B)
                for (index, child) in children.enumerated() {
                    if index > 0 { out.append(0x2C) }
                    child.write(to: &out)
                }
                out.append(0x5D)
            case .object:
                out.append(0x7B)
                let order = keys.indices.sorted { keys[$0].utf8.lexicographicallyPrecedes(keys[$1].utf8) }
                for (position, index) in order.enumerated() {
                    if position > 0 { out.append(0x2C) }
                    CanonicalJSON.appendString(keys[index], to: &out)
                    out.append(0x3A)
                    children[index].write(to: &out)
                }
                out.append(0x7D)
            }
        }
    }

    /// `text` as a JSON string: quotes and backslashes escaped, control characters as `\b \t \n \f \r`
    /// or `\u00xx`, everything else (slashes, non-ASCII) as it is — Foundation's escapes.
    public static func quoted(_ text: String) -> String {
        var out: [UInt8] = []
        appendString(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `text` as a JSON string (``quoted(_:)``) to UTF-8 being built: runs of bytes that need
    /// no escape are copied whole.
    public static func appendString(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            out.reserveCapacity(out.count + quotedLength(bytes))
            out.append(0x22)
            var start = 0
            for (index, byte) in bytes.enumerated() where byte == 0x22 || byte == 0x5C || byte < 0x20 {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                appendEscape(byte, to: &out)
                start = index + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
            out.append(0x22)
        }
    }

    /// The length of the quoted form of `bytes`: one pass to size, so the text is written once.
    private static func quotedLength(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var length = bytes.count + 2
        for byte in bytes {
            switch byte {
            case 0x22, 0x5C, 0x08, 0x09, 0x0A, 0x0C, 0x0D: length += 1
            case 0..<0x20: length += 5
            default: break
            }
        }
        return length
    }

    /// The escape of a quote, a backslash or a control character.
    private static func appendEscape(_ byte: UInt8, to out: inout [UInt8]) {
        switch byte {
        case 0x22, 0x5C:
            out.append(0x5C)
            out.append(byte)
        case 0x08, 0x09, 0x0A, 0x0C, 0x0D:
            out.append(0x5C)
            out.append(shortEscapes[Int(byte) - 0x08])
        default:
            out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30])
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0xF)])
        }
    }

    /// The letters after the backslash for 0x08 to 0x0D (0x0B has none and is never looked up).
    private static let shortEscapes: [UInt8] = Array("btn fr".utf8)
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    static func number(_ value: Double) throws -> [UInt8] {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value, .init(codingPath: [], debugDescription: "\(value) is not valid JSON"))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return Array(text.utf8)
    }

    static func number(_ value: Float) throws -> [UInt8] {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value, .init(codingPath: [], debugDescription: "\(value) is not valid JSON"))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return Array(text.utf8)
    }

    static func integer<I: FixedWidthInteger>(_ value: I) -> [UInt8] { Array(String(value).utf8) }

    static let null = Array("null".utf8)
    static func boolean(_ value: Bool) -> [UInt8] { value ? trueText : falseText }
    private static let trueText = Array("true".utf8)
    private static let falseText = Array("false".utf8)
}

/// The `Encoder` that fills a ``CanonicalJSON/Node``. Coding paths are not tracked (nothing here
/// fails on a value's position, and building them cost an array per value).
private struct NodeEncoder: Encoder {
    let node: CanonicalJSON.Node
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.becomeObject()
        return KeyedEncodingContainer(KeyedNodeContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.becomeArray()
        return UnkeyedNodeContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleNodeContainer(node: node, codingPath: codingPath)
    }
}

/// Encodes any value into `node` through its own `encode(to:)` (strings and numbers come back through
/// a single-value container).
private func encodeValue<T: Encodable>(_ value: T, into node: CanonicalJSON.Node, path: [any CodingKey]) throws {
    try value.encode(to: NodeEncoder(node: node, codingPath: path))
}

private struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: CanonicalJSON.Node
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { node.member(key.stringValue).set(CanonicalJSON.null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws {
        node.member(key.stringValue).set(CanonicalJSON.boolean(value))
    }
    mutating func encode(_ value: String, forKey key: Key) throws {
        node.member(key.stringValue).set(value)
    }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        node.member(key.stringValue).set(try CanonicalJSON.number(value))
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        node.member(key.stringValue).set(try CanonicalJSON.number(value))
    }
    mutating func encode(_ value: Int, forKey key: Key) throws {
        node.member(key.stringValue).set(CanonicalJSON.integer(value))
    }
    mutating func encode(_ value: Int8, forKey key: Key) throws {
        node.member(key.stringValue).set(CanonicalJSON.integer(value))
    }
    mutating func encode(_ value: Int16, forKey key: Key) throws {
        node.member(key.stringValue).set(CanonicalJSON.integer(value))
    }
    mutating func encode(_ value: Int32, forKey key: Key) throws {
        node.member(key.stringValue).set(CanonicalJSON.integer(value))
    }
    mutating func encode(_ value: Int64, forKey key: Key) throws {
        node.member(key.stringValue).set(CanonicalJSON.integer(value))
    }
    mutating func encode(_ value: UInt, forKey key: Key) throws {
        node.member(key.stringValue).set(CanonicalJSON.integer(value))
    }
    mutating func encode(_ value: UInt8, forKey key: Key) throws {
        node.member(key.stringValue).set(CanonicalJSON.integer(value))
    }
    mutating func encode(_ value: UInt16, forKey key: Key) throws {
        node.member(key.stringValue).set(CanonicalJSON.integer(value))
    }
    mutating func encode(_ value: UInt32, forKey key: Key) throws {
        node.member(key.stringValue).set(CanonicalJSON.integer(value))
    }
    mutating func encode(_ value: UInt64, forKey key: Key) throws {
        node.member(key.stringValue).set(CanonicalJSON.integer(value))
    }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try encodeValue(value, into: node.member(key.stringValue), path: codingPath)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let child = node.member(key.stringValue)
        child.becomeObject()
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(node: child, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = node.member(key.stringValue)
        child.becomeArray()
        return UnkeyedNodeContainer(node: child, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder {
        NodeEncoder(node: node.member("super"), codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        NodeEncoder(node: node.member(key.stringValue), codingPath: codingPath)
    }
}

private struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let node: CanonicalJSON.Node
    let codingPath: [any CodingKey]
    var count: Int { node.children.count }

    mutating func encodeNil() throws { node.element().set(CanonicalJSON.null) }
    mutating func encode(_ value: Bool) throws { node.element().set(CanonicalJSON.boolean(value)) }
    mutating func encode(_ value: String) throws { node.element().set(value) }
    mutating func encode(_ value: Double) throws { node.element().set(try CanonicalJSON.number(value)) }
    mutating func encode(_ value: Float) throws { node.element().set(try CanonicalJSON.number(value)) }
    mutating func encode(_ value: Int) throws { node.element().set(CanonicalJSON.integer(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try encodeValue(value, into: node.element(), path: codingPath)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<
        NestedKey
    > {
        let child = node.element()
        child.becomeObject()
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(node: child, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = node.element()
        child.becomeArray()
        return UnkeyedNodeContainer(node: child, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder { NodeEncoder(node: node.element(), codingPath: codingPath) }
}

private struct SingleNodeContainer: SingleValueEncodingContainer {
    let node: CanonicalJSON.Node
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.set(CanonicalJSON.null) }
    mutating func encode(_ value: Bool) throws { node.set(CanonicalJSON.boolean(value)) }
    mutating func encode(_ value: String) throws { node.set(value) }
    mutating func encode(_ value: Double) throws { node.set(try CanonicalJSON.number(value)) }
    mutating func encode(_ value: Float) throws { node.set(try CanonicalJSON.number(value)) }
    mutating func encode(_ value: Int) throws { node.set(CanonicalJSON.integer(value)) }
    mutating func encode(_ value: Int8) throws { node.set(CanonicalJSON.integer(value)) }
    mutating func encode(_ value: Int16) throws { node.set(CanonicalJSON.integer(value)) }
    mutating func encode(_ value: Int32) throws { node.set(CanonicalJSON.integer(value)) }
    mutating func encode(_ value: Int64) throws { node.set(CanonicalJSON.integer(value)) }
    mutating func encode(_ value: UInt) throws { node.set(CanonicalJSON.integer(value)) }
    mutating func encode(_ value: UInt8) throws { node.set(CanonicalJSON.integer(value)) }
    mutating func encode(_ value: UInt16) throws { node.set(CanonicalJSON.integer(value)) }
    mutating func encode(_ value: UInt32) throws { node.set(CanonicalJSON.integer(value)) }
    mutating func encode(_ value: UInt64) throws { node.set(CanonicalJSON.integer(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws { try encodeValue(value, into: node, path: codingPath) }
}
