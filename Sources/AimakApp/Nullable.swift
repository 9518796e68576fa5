/// An optional that JSON shows as `null` rather than leaving the key out. Used where a reader
/// should see that the value is known to be absent (an act still in force, a unit with no parent),
/// as Aimak's JSON has always done for those keys.
@propertyWrapper
public struct Null<T: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    public var wrappedValue: T?
    public init(wrappedValue: T?) { self.wrappedValue = wrappedValue }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        wrappedValue = c.decodeNil() ? nil : try c.decode(T.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        if let v = wrappedValue { try c.encode(v) } else { try c.encodeNil() }
    }
}

extension KeyedDecodingContainer {
    /// A missing key reads as nil, as it would for a plain optional.
    public func decode<T>(_ type: Null<T>.Type, forKey key: Key) throws -> Null<T> {
        try decodeIfPresent(type, forKey: key) ?? Null(wrappedValue: nil)
    }
}
