import Foundation

/// The JSON conventions of the codecloud wire format: ISO 8601 timestamps with milliseconds in
/// UTC (`2025-01-16T12:00:00.000Z`), absent optionals omitted.
enum WireCoding {
    /// Formats a timestamp the way the service does (JavaScript's `toISOString`): UTC, always
    /// three fraction digits, the nearest millisecond. Rounded, not truncated: `.127` held in a
    /// `Date` is `.12699…`, which a formatter that truncates writes as `.126`.
    static func timestamp(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let (seconds, remainder) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        let (wholeSeconds, fraction) = remainder < 0 ? (seconds - 1, remainder + 1000) : (seconds, remainder)
        let text = Date(timeIntervalSince1970: TimeInterval(wholeSeconds)).formatted(Date.ISO8601FormatStyle())
        return text.dropLast() + "." + String(String(fraction + 1000).dropFirst()) + "Z"
    }

    /// Parses an ISO 8601 date-time with any number of fraction digits (or none) and `Z` or an
    /// offset: `2025-03-01T09:00:00Z`, `…00.000Z`, `…00.123456Z`, `…00+01:00`. The fraction is
    /// read apart from the rest, which Foundation parses to whole seconds.
    static func parseTimestamp(_ text: String) -> Date? {
        guard let time = text.firstIndex(of: "T") else { return nil }
        var rest = text
        var fraction: TimeInterval = 0
        if let dot = text[time...].firstIndex(of: ".") {
            let digits = text[text.index(after: dot)...].prefix(while: { ("0"..."9").contains($0) })
            guard !digits.isEmpty, let value = TimeInterval("0." + digits) else { return nil }
            fraction = value
            rest = String(text[..<dot]) + text[digits.endIndex...]
        }
        guard let seconds = try? Date.ISO8601FormatStyle().parse(rest) else { return nil }
        return seconds.addingTimeInterval(fraction)
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
