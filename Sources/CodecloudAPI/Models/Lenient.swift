import Foundation

// How the models stay lenient with synthesized Codable, so adding a field is one line in its type
// (plus its wire key in the type's `CodingKeys`, when it has one):
//
// - an optional property (`var title: String?`) may be absent or `null`; encoded, a `nil` is
//   left out, as the service leaves it out;
// - a server-defined string is an `OpenEnum` (unknown values kept, never a decoding error);
// - `@DefaultEmpty` reads an absent or `null` list or map as empty;
// - `@Lossy` drops an informational value whose shape this client does not understand instead
//   of failing the whole response.
//
// Every type gets Swift's memberwise initialiser (internal: values come from decoding; tests
// build them through `@testable import CodecloudAPI`), so there is no init to keep in step.
// Request bodies, which Core builds, add a public init of their required fields in an
// extension (which keeps the memberwise one); the caller sets the optional ones.

/// A collection that reads as empty when the service leaves it out.
public protocol EmptyDefaultable: Codable {
    init()
}

extension Array: EmptyDefaultable where Element: Codable {}
extension Dictionary: EmptyDefaultable where Key: Codable, Value: Codable {}

/// A list or map that is empty, not a decoding error, when absent or `null` on the wire.
/// Always encoded (an empty list as `[]`).
@propertyWrapper
public struct DefaultEmpty<Value: EmptyDefaultable>: Codable {
    public var wrappedValue: Value

    public init(wrappedValue: Value = Value()) { self.wrappedValue = wrappedValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        wrappedValue = container.decodeNil() ? Value() : try container.decode(Value.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wrappedValue)
    }
}

/// An optional informational value that becomes `nil` when its shape is not understood
/// (`"limit": "lots"`), so one odd field cannot fail a list. Left out when `nil`.
@propertyWrapper
public struct Lossy<Value: Codable>: Codable {
    public var wrappedValue: Value?

    public init(wrappedValue: Value? = nil) { self.wrappedValue = wrappedValue }

    public init(from decoder: any Decoder) throws {
        wrappedValue = try? decoder.singleValueContainer().decode(Value.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wrappedValue)
    }
}

extension DefaultEmpty: Sendable where Value: Sendable {}
extension DefaultEmpty: Equatable where Value: Equatable {}
extension DefaultEmpty: Hashable where Value: Hashable {}
extension Lossy: Sendable where Value: Sendable {}
extension Lossy: Equatable where Value: Equatable {}
extension Lossy: Hashable where Value: Hashable {}

// Synthesized Codable calls `decode(_:forKey:)`/`encode(_:forKey:)` for a wrapped property;
// these overloads give the wrappers the absent-key behaviour of an optional.
extension KeyedDecodingContainer {
    public func decode<Value>(_ type: DefaultEmpty<Value>.Type, forKey key: Key) throws -> DefaultEmpty<Value> {
        DefaultEmpty(wrappedValue: try decodeIfPresent(Value.self, forKey: key) ?? Value())
    }

    public func decode<Value>(_ type: Lossy<Value>.Type, forKey key: Key) throws -> Lossy<Value> {
        Lossy(wrappedValue: (try? decodeIfPresent(Value.self, forKey: key)) ?? nil)
    }
}

extension KeyedEncodingContainer {
    public mutating func encode<Value>(_ value: Lossy<Value>, forKey key: Key) throws {
        try encodeIfPresent(value.wrappedValue, forKey: key)
    }
}
