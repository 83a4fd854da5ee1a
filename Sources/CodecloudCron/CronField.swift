/// One of the five fields of a cron expression, in the order they are written.
public enum CronField: Int, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case minute, hour, dayOfMonth, month, dayOfWeek

    /// The field's name as users write it in documentation and error messages.
    public var description: String {
        switch self {
        case .minute: "minute"
        case .hour: "hour"
        case .dayOfMonth: "day-of-month"
        case .month: "month"
        case .dayOfWeek: "day-of-week"
        }
    }

    /// The numbers the field accepts (day-of-week accepts 7 as a second spelling of Sunday).
    public var allowedValues: ClosedRange<Int> {
        switch self {
        case .minute: 0...59
        case .hour: 0...23
        case .dayOfMonth: 1...31
        case .month: 1...12
        case .dayOfWeek: 0...7
        }
    }

    /// Names accepted in place of numbers, upper-case, each with its number.
    var names: [String: Int] {
        switch self {
        case .month:
            let months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
            return Dictionary(uniqueKeysWithValues: months.enumerated().map { ($1, $0 + 1) })
        case .dayOfWeek:
            let days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
            return Dictionary(uniqueKeysWithValues: days.enumerated().map { ($1, $0) })
        case .minute, .hour, .dayOfMonth:
            return [:]
        }
    }

    /// What a single value of this field may be, for error messages.
    var allowedValueDescription: String {
        let numbers = "\(allowedValues.lowerBound)–\(allowedValues.upperBound)"
        switch self {
        case .month: return "a month name (JAN–DEC) or number \(numbers)"
        case .dayOfWeek: return "a day name (SUN–SAT) or number \(numbers)"
        case .minute, .hour, .dayOfMonth: return "a number \(numbers)"
        }
    }
}
