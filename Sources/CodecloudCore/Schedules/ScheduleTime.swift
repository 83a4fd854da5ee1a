import Foundation

/// Times given to and shown by the schedule commands: ISO 8601 in, UTC and local time out.
public enum ScheduleTime {
    /// Parses `2026-03-01T09:00:00Z`, `2026-03-01T09:00Z`, `2026-03-01T09:00+01:00`,
    /// `2026-03-01T09:00:00.5Z`, or a time without offset (`2026-03-01T09:00`,
    /// `2026-03-01 09:00`) read in `timeZone`.
    public static func parse(_ text: String, in timeZone: TimeZone) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let withT = trimmed.count > 10 && trimmed[trimmed.index(trimmed.startIndex, offsetBy: 10)] == " "
            ? trimmed.prefix(10) + "T" + trimmed.dropFirst(11)
            : Substring(trimmed)
        let text = String(withT)
        for options: ISO8601DateFormatter.Options in [
            [.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds],
        ] {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            if let date = formatter.date(from: text) { return date }
        }
        // ISO 8601 also allows leaving out the seconds (`09:00Z`, `09:00+01:00`, `09:00+0100`);
        // without an offset: wall-clock time in the user's zone, with or without seconds.
        for format in [
            "yyyy-MM-dd'T'HH:mmXXXXX", "yyyy-MM-dd'T'HH:mmXX",
            "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm",
        ] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.calendar = Calendar(identifier: .gregorian)
            formatter.timeZone = timeZone
            formatter.dateFormat = format
            formatter.isLenient = false
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }

    /// A time to show in examples and hints: tomorrow at 09:00, `2026-03-01T09:00` (local
    /// time, read in `timeZone`) or with `Z` for UTC, so a copied example is never in the past.
    public static func example(after now: Date = Date(), utc: Bool, in timeZone: TimeZone = .current) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = utc ? TimeZone(identifier: "UTC")! : timeZone
        let tomorrow = calendar.date(byAdding: .day, value: 1, to: now) ?? now
        let morning = calendar.date(bySettingHour: 9, minute: 0, second: 0, of: tomorrow) ?? tomorrow
        return format(morning, "yyyy-MM-dd'T'HH:mm", in: calendar.timeZone) + (utc ? "Z" : "")
    }

    /// `2026-03-01 09:00`, in UTC.
    public static func utcMinute(_ date: Date) -> String {
        format(date, "yyyy-MM-dd HH:mm", in: TimeZone(identifier: "UTC")!)
    }

    /// `2026-03-01 09:00 UTC (10:00 CET)`, or with the local date too when it differs.
    public static func describe(_ date: Date, localZone: TimeZone) -> String {
        let utc = utcMinute(date) + " UTC"
        if localZone.secondsFromGMT(for: date) == 0 && ["UTC", "GMT", "Etc/UTC"].contains(localZone.identifier) {
            return utc
        }
        let sameDay = format(date, "yyyy-MM-dd", in: localZone) == format(date, "yyyy-MM-dd", in: TimeZone(identifier: "UTC")!)
        let local = format(date, sameDay ? "HH:mm" : "yyyy-MM-dd HH:mm", in: localZone)
        return "\(utc) (\(local) \(zoneAbbreviation(localZone, at: date)))"
    }

    private static func format(_ date: Date, _ pattern: String, in zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.timeZone = zone
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }

    /// `CET`, or `UTC+05:30` where the zone has no common abbreviation.
    private static func zoneAbbreviation(_ zone: TimeZone, at date: Date) -> String {
        if let abbreviation = zone.abbreviation(for: date), abbreviation.allSatisfy({ $0.isLetter }) {
            return abbreviation
        }
        let offset = zone.secondsFromGMT(for: date) / 60
        let sign = offset < 0 ? "-" : "+"
        let hours = abs(offset) / 60, minutes = abs(offset) % 60
        return "UTC" + sign + (hours < 10 ? "0" : "") + "\(hours):" + (minutes < 10 ? "0" : "") + "\(minutes)"
    }
}

extension Environment {
    /// The user's time zone for showing and reading local times: `TZ` when it names a zone,
    /// else the system's.
    public var timeZone: TimeZone {
        if let name = variables["TZ"], !name.isEmpty {
            return TimeZone(identifier: name.hasPrefix(":") ? String(name.dropFirst()) : name) ?? TimeZone.current
        }
        return TimeZone.current
    }
}
