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
        encoder.dateEncodingStrategy = .custom(encodeTimestamp)
        return encoder
    }

    /// Encodes `date` as `formatTimestamp` writes it; the date strategy of every encoder that
    /// writes what codecloud or a script reads.
    @Sendable public static func encodeTimestamp(_ date: Date, to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(formatTimestamp(date))
    }

    /// Parses `2025-01-16T12:00:00Z`, `…00.000Z`, `…00.123456Z` and numeric offsets.
    /// The fraction is added separately: Foundation's parser loses precision in it (`.127` came
    /// back as `.1269999`), which would shift a re-encoded timestamp by a millisecond.
    public static func parseTimestamp(_ text: String) -> Date? {
        var whole = text
        var fraction = 0.0
        if let dot = text.firstIndex(of: "."), dot > (text.firstIndex(of: "T") ?? text.endIndex) {
            let digits = text[text.index(after: dot)...].prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, let value = Double("0." + digits) else { return nil }
            fraction = value
            whole = String(text[..<dot]) + String(text[text.index(after: dot)...].dropFirst(digits.count))
        }
        guard let seconds = try? Date.ISO8601FormatStyle().parse(whole) else { return nil }
        return seconds.addingTimeInterval(fraction)
    }

    /// Formats `date` as `2025-01-16T12:00:00.000Z`, rounded to the millisecond.
    public static func formatTimestamp(_ date: Date) -> String {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        let seconds = (milliseconds / 1000).rounded(.down)
        let text = Date.ISO8601FormatStyle().format(Date(timeIntervalSince1970: seconds))
        let fraction = String(format: ".%03d", Int(milliseconds - seconds * 1000))
        return text.dropLast() + fraction + "Z"
    }
}
