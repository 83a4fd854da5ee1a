import Foundation

/// Reads fields out of a JSON request body, failing with the service's zod-style messages
/// (`prompt: Required`, `mode: Invalid enum value. …`) so clients see what the real API says.
struct BodyReader {
    private let object: [String: JSONValue]
    private let prefix: String

    /// Parses a request body that must be a JSON object.
    init(body: Data) throws(ServiceError) {
        guard !body.isEmpty else { throw .validation("body", "Expected a JSON object, received nothing") }
        guard let value = JSONValue.parse(body) else { throw .validation("body", "Invalid JSON") }
        try self.init(value, path: "")
    }

    /// Wraps a nested object; `path` prefixes field names in messages (`tools.0.`).
    init(_ value: JSONValue, path: String) throws(ServiceError) {
        guard case .object(let object) = value else {
            throw .validation(path.isEmpty ? "body" : String(path.dropLast()), "Expected object, received \(value.typeName)")
        }
        self.object = object
        self.prefix = path
    }

    /// The raw value of a field; explicit `null` counts as a type error, as zod treats it.
    func value(_ key: String, required: Bool = false) throws(ServiceError) -> JSONValue? {
        guard let value = object[key] else {
            if required { throw .validation(prefix + key, "Required") }
            return nil
        }
        return value
    }

    /// A string field, optionally bounded in length (counted in characters).
    func string(_ key: String, required: Bool = false, length: ClosedRange<Int>? = nil) throws(ServiceError) -> String? {
        guard let value = try value(key, required: required) else { return nil }
        guard case .string(let text) = value else { throw typeMismatch(key, expected: "string", value) }
        if let length {
            let count = text.count
            if count < length.lowerBound {
                throw .validation(prefix + key, "String must contain at least \(length.lowerBound) character(s)")
            }
            if count > length.upperBound {
                throw .validation(prefix + key, "String must contain at most \(length.upperBound) character(s)")
            }
        }
        return text
    }

    /// A boolean field.
    func bool(_ key: String) throws(ServiceError) -> Bool? {
        guard let value = try value(key) else { return nil }
        guard case .bool(let flag) = value else { throw typeMismatch(key, expected: "boolean", value) }
        return flag
    }

    /// A string field limited to an enumeration's raw values.
    func choice<Choice: RawRepresentable & CaseIterable>(_ key: String, required: Bool = false, as: Choice.Type) throws(ServiceError) -> Choice?
    where Choice.RawValue == String {
        guard let text = try string(key, required: required) else { return nil }
        guard let choice = Choice(rawValue: text) else {
            throw .validation(prefix + key, Self.invalidChoice(text, Choice.allCases.map(\.rawValue)))
        }
        return choice
    }

    /// An ISO 8601 date-time field.
    func date(_ key: String) throws(ServiceError) -> Date? {
        guard let text = try string(key) else { return nil }
        guard let date = WireCoding.parseTimestamp(text) else {
            throw .validation(prefix + key, "Invalid datetime, expected ISO 8601 such as 2025-03-01T09:00:00Z")
        }
        return date
    }

    /// An http(s) URL field.
    func url(_ key: String, required: Bool = false) throws(ServiceError) -> String? {
        guard let text = try string(key, required: required) else { return nil }
        guard Self.isWebURL(text) else { throw .validation(prefix + key, "Invalid url") }
        return text
    }

    /// An object field, as a nested reader.
    func object(_ key: String, required: Bool = false) throws(ServiceError) -> BodyReader? {
        guard let value = try value(key, required: required) else { return nil }
        return try BodyReader(value, path: "\(prefix)\(key).")
    }

    /// An array field.
    func array(_ key: String, maximum: Int? = nil) throws(ServiceError) -> [JSONValue]? {
        guard let value = try value(key) else { return nil }
        guard case .array(let items) = value else { throw typeMismatch(key, expected: "array", value) }
        if let maximum, items.count > maximum {
            throw .validation(prefix + key, "Array must contain at most \(maximum) element(s)")
        }
        return items
    }

    /// Fails for `key` with a message of the caller's choosing.
    func invalid(_ key: String, _ message: String) -> ServiceError {
        .validation(prefix + key, message)
    }

    private func typeMismatch(_ key: String, expected: String, _ value: JSONValue) -> ServiceError {
        .validation(prefix + key, "Expected \(expected), received \(value.typeName)")
    }

    /// Zod's wording for a value outside an enumeration.
    static func invalidChoice(_ text: String, _ choices: [String]) -> String {
        "Invalid enum value. Expected \(choices.map { "'\($0)'" }.joined(separator: " | ")), received '\(text)'"
    }

    /// True for an absolute http or https URL with a host.
    static func isWebURL(_ text: String) -> Bool {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else { return false }
        return true
    }
}
