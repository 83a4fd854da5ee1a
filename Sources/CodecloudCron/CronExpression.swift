import Foundation

/// A parsed five-field cron expression (minute, hour, day-of-month, month, day-of-week).
///
/// Accepts numbers, month and day names (JAN–DEC, SUN–SAT, any case), `*`, ranges `a-b`, steps
/// `*/n`, `a-b/n` and `a/n` (from `a` to the field's end), and comma-separated lists of these.
/// Day-of-week 0 and 7 are both Sunday.
///
/// Day-of-month and day-of-week combine as in Vixie cron and cronie: when both fields are
/// restricted a day matches if EITHER matches; when either field starts with `*` (including
/// `*/n`) a day must match both. Equality compares the allowed values and that day rule, so
/// `0 9 * * MON-FRI` equals `0 9 * * 1-5`.
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    /// The expression as written, with runs of whitespace collapsed to one space.
    public let text: String

    // Allowed values as bit sets: bit n is set when value n is allowed.
    let minutes: UInt64
    let hours: UInt64
    let daysOfMonth: UInt64
    let months: UInt64
    /// Bits 0–6, Sunday = 0 (a written 7 is folded onto 0).
    let daysOfWeek: UInt64
    let dayOfMonthIsWildcard: Bool
    let dayOfWeekIsWildcard: Bool

    /// Parses `text`, throwing a `CronError` that names the offending field.
    public init(parsing text: String) throws {
        let fields = text.split(whereSeparator: \.isWhitespace).map(String.init)
        self.text = fields.joined(separator: " ")
        guard fields.count == CronField.allCases.count else {
            let names = CronField.allCases.map(\.description).joined(separator: " ")
            let shown = self.text.isEmpty ? text : self.text
            throw CronError.syntax(nil, shown, "has \(fields.count) field\(fields.count == 1 ? "" : "s"); expected 5 (\(names))")
        }
        minutes = try Self.parse(fields[0], as: .minute)
        hours = try Self.parse(fields[1], as: .hour)
        daysOfMonth = try Self.parse(fields[2], as: .dayOfMonth)
        months = try Self.parse(fields[3], as: .month)
        let weekdays = try Self.parse(fields[4], as: .dayOfWeek)
        daysOfWeek = (weekdays | (weekdays >> 7)) & 0b111_1111
        dayOfMonthIsWildcard = fields[2].hasPrefix("*")
        dayOfWeekIsWildcard = fields[4].hasPrefix("*")
    }

    /// The expression as written.
    public var description: String { text }

    public static func == (lhs: CronExpression, rhs: CronExpression) -> Bool {
        lhs.semanticKey == rhs.semanticKey
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(semanticKey)
    }

    private var semanticKey: [UInt64] {
        [minutes, hours, daysOfMonth, months, daysOfWeek, dayFieldsMustBothMatch ? 1 : 0]
    }

    /// Whether a day must match both day fields (one starts with `*`) rather than either.
    var dayFieldsMustBothMatch: Bool { dayOfMonthIsWildcard || dayOfWeekIsWildcard }

    /// Whether a calendar day (day of month 1–31, weekday 0–6 with Sunday = 0) matches the
    /// day-of-month and day-of-week fields; the month is checked separately.
    func matchesDay(_ day: Int, weekday: Int) -> Bool {
        let dayOfMonthMatches = daysOfMonth.contains(day)
        let dayOfWeekMatches = daysOfWeek.contains(weekday)
        if dayFieldsMustBothMatch {
            return dayOfMonthMatches && dayOfWeekMatches
        }
        return dayOfMonthMatches || dayOfWeekMatches
    }

    // MARK: - Parsing

    private static func parse(_ text: String, as field: CronField) throws -> UInt64 {
        var allowed: UInt64 = 0
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard !item.isEmpty else {
                throw CronError.syntax(field, text, "empty list item; separate values with single commas")
            }
            allowed |= try parseItem(String(item), of: text, as: field)
        }
        return allowed
    }

    /// One list item: `*`, `a`, `a-b`, each optionally followed by `/step`.
    private static func parseItem(_ item: String, of text: String, as field: CronField) throws -> UInt64 {
        let parts = item.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2 else {
            throw CronError.syntax(field, text, "'\(item)' has more than one '/'; write a step as '*/n' or 'a-b/n'")
        }
        let base = String(parts[0])
        let bounds = field.allowedValues
        var range: ClosedRange<Int>
        if base == "*" {
            range = bounds
        } else {
            let ends = base.split(separator: "-", omittingEmptySubsequences: false)
            guard ends.count <= 2 else {
                throw CronError.syntax(field, text, "'\(base)' is not a value or a range 'a-b' of \(field.allowedValueDescription)")
            }
            let low = try value(String(ends[0]), of: text, as: field)
            let high = ends.count == 2 ? try value(String(ends[1]), of: text, as: field) : low
            guard low <= high else {
                throw CronError.syntax(field, text, "range '\(base)' runs backwards; write it as a list, e.g. '\(low)-\(bounds.upperBound),\(bounds.lowerBound)-\(high)'")
            }
            // `a/n` means "from a to the end of the field, every n" (cronie, Quartz).
            range = low...(ends.count == 1 && parts.count == 2 ? bounds.upperBound : high)
        }
        var step = 1
        if parts.count == 2 {
            guard let parsed = Int(parts[1]), parsed >= 1, parts[1].allSatisfy(\.isASCII) else {
                throw CronError.syntax(field, text, "step '\(parts[1])' is not a whole number of at least 1")
            }
            step = parsed
        }
        var allowed: UInt64 = 0
        for value in stride(from: range.lowerBound, through: range.upperBound, by: step) {
            allowed |= 1 << UInt64(value)
        }
        return allowed
    }

    private static func value(_ token: String, of text: String, as field: CronField) throws -> Int {
        if let number = Int(token), token.allSatisfy({ $0.isASCII && $0.isNumber }) {
            guard field.allowedValues.contains(number) else {
                throw CronError.syntax(field, text, "\(number) is out of range; expected \(field.allowedValueDescription)")
            }
            return number
        }
        if let number = field.names[token.uppercased()] {
            return number
        }
        let shown = token.isEmpty ? "a missing value" : "'\(token)'"
        throw CronError.syntax(field, text, "\(shown) is not \(field.allowedValueDescription)")
    }
}

extension UInt64 {
    /// Whether bit `value` is set.
    func contains(_ value: Int) -> Bool {
        value >= 0 && value < 64 && self & (1 << UInt64(value)) != 0
    }

    /// The smallest set bit at or above `value`, if any.
    func firstValue(atLeast value: Int) -> Int? {
        guard value < 64 else { return nil }
        let remaining = self & (~0 << UInt64(Swift.max(value, 0)))
        return remaining == 0 ? nil : remaining.trailingZeroBitCount
    }

    /// The largest set bit, if any.
    var lastValue: Int? {
        self == 0 ? nil : 63 - leadingZeroBitCount
    }
}
