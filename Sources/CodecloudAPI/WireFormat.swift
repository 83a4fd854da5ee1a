import Foundation

/// JSON coding as codecloud speaks it: ISO-8601 timestamps read with or without fractional
/// seconds, written with milliseconds (`2025-01-16T12:00:00.000Z`). Keys come from each type's
/// CodingKeys, because the wire mixes camelCase timestamps with snake_case fields.
public enum WireFormat {
    /// A decoder for codecloud responses.
    public static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = parseTimestamp(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "not an ISO-8601 timestamp: \(text)")
            }
            return date
        }
        return decoder
    }

    /// An encoder for codecloud request bodies.
    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(formatTimestamp(date))
        }
        return encoder
    }

    /// Parses `2025-01-16T12:00:00Z`, `…00.000Z`, `…00.123456Z` and numeric offsets.
    public static func parseTimestamp(_ text: String) -> Date? {
        (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
            ?? (try? Date.ISO8601FormatStyle().parse(text))
    }

    /// Formats `date` as `2025-01-16T12:00:00.000Z`.
    public static func formatTimestamp(_ date: Date) -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(date)
    }
}
