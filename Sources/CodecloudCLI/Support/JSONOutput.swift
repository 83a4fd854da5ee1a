import CodecloudAPI
import CodecloudCore
import Foundation

/// The one JSON encoder behind every `--json`: sorted keys, ISO-8601 dates with milliseconds as
/// the service writes them (`2025-01-16T12:00:00.000Z`), pretty printed, slashes unescaped, so
/// scripts can rely on a stable shape and lose no precision.
enum JSONOutput {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom(WireFormat.encodeTimestamp)
        let data = try encoder.encode(value)
        // DEL, C1 and bidirectional controls as \uXXXX: the same text for a JSON reader, inert
        // on a terminal (JSONEncoder escapes only C0 controls).
        return TerminalText.escapingControlsInJSON(String(decoding: data, as: UTF8.self)) + "\n"
    }
}
