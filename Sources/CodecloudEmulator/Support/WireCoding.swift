import Foundation

/// The JSON conventions of the codecloud wire format: ISO 8601 timestamps with milliseconds in
/// UTC (`2025-01-16T12:00:00.000Z`), absent optionals omitted.
enum WireCoding {
    /// Formats a timestamp the way the service does.
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// Parses an ISO 8601 date-time with or without fractional seconds and with `Z` or an offset.
    static func parseTimestamp(_ text: String) -> Date? {
        let styles = [
            Date.ISO8601FormatStyle(includingFractionalSeconds: true),
            Date.ISO8601FormatStyle(includingFractionalSeconds: false),
        ]
        for style in styles {
            if let date = try? style.parse(text) { return date }
        }
        return nil
    }

    /// The encoder for every response body and the state file.
    static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(timestamp(date))
        }
        return encoder
    }

    /// The decoder matching `makeEncoder()`.
    static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = parseTimestamp(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO 8601 date: \(text)")
            }
            return date
        }
        return decoder
    }

    /// Encodes a value with the wire conventions.
    static func encode(_ value: some Encodable) -> Data {
        // Every type passed here is a plain struct of strings, numbers and dates: encoding cannot fail.
        (try? makeEncoder().encode(value)) ?? Data("{}".utf8)
    }
}
