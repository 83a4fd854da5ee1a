import Foundation

/// The one JSON encoder behind every `--json`: sorted keys, ISO-8601 dates, pretty printed,
/// slashes unescaped, so scripts can rely on a stable shape.
enum JSONOutput {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(value)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
