import Foundation

// Durations from people (`--timeout 1h30m`) and from the service (timestamps), turned into text
// and numbers without arithmetic that can trap. Fuzzed by Tests/Reliability/Fuzz (durations).

/// `1h02m`, `3m05s`, `42s`: short durations for people.
public func formatDuration(_ duration: Duration) -> String {
    let total = max(0, Int(duration.components.seconds))
    let hours = total / 3600, minutes = total % 3600 / 60, seconds = total % 60
    if hours > 0 { return "\(hours)h" + String(format: "%02dm", minutes) }
    if minutes > 0 { return "\(minutes)m" + String(format: "%02ds", seconds) }
    return "\(seconds)s"
}

/// Whole seconds between two instants the service reported, for durations people read: never
/// negative, never a trap however far apart the dates are.
public func elapsedSeconds(from start: Date, to end: Date) -> Duration {
    let interval = end.timeIntervalSince(start)
    guard interval.isFinite, interval > 0 else { return .zero }
    return .seconds(Int64(min(interval, 1e15)))
}

/// Durations as `--timeout` takes them: `90` (seconds), `90s`, `10m`, `1h30m`.
public enum DurationText {
    /// The longest duration accepted: a week is far beyond any run.
    public static let maximumSeconds = 7 * 24 * 3600

    /// The seconds `text` spells, or nil when it is not a duration, is 0, or exceeds
    /// `maximumSeconds`. Every step is checked for overflow, so no input can trap.
    public static func seconds(in text: String) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 64, text.allSatisfy(\.isASCII) else { return nil }
        if text.allSatisfy(\.isNumber) { return Int(text).flatMap { (1...maximumSeconds).contains($0) ? $0 : nil } }
        var total = 0, number = ""
        for character in text.lowercased() {
            if character.isNumber { number.append(character); continue }
            guard let value = Int(number) else { return nil }
            let unit = switch character {
            case "h": 3600
            case "m": 60
            case "s": 1
            default: 0
            }
            guard unit > 0 else { return nil }
            let (product, overflowed) = value.multipliedReportingOverflow(by: unit)
            let (sum, overflowedSum) = total.addingReportingOverflow(product)
            guard !overflowed, !overflowedSum, sum <= maximumSeconds else { return nil }
            total = sum
            number = ""
        }
        return number.isEmpty && total > 0 ? total : nil
    }
}
