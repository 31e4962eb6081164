/// Decodes a missing collection as empty, so API clients may leave out lists they do not use.
@propertyWrapper
public struct DefaultEmpty<Value: Codable & Sendable & Hashable & RangeReplaceableCollection>: Codable, Sendable,
    Hashable
{
    public var wrappedValue: Value

    public init(wrappedValue: Value) { self.wrappedValue = wrappedValue }

    public init(from decoder: any Decoder) throws { wrappedValue = try Value(from: decoder) }

    public func encode(to encoder: any Encoder) throws { try wrappedValue.encode(to: encoder) }
}

extension KeyedDecodingContainer {
    public func decode<Value>(_ type: DefaultEmpty<Value>.Type, forKey key: Key) throws -> DefaultEmpty<Value> {
        try decodeIfPresent(type, forKey: key) ?? DefaultEmpty(wrappedValue: Value())
    }
}
