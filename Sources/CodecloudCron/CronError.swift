import Foundation

/// Why a cron expression was rejected: the field at fault, its text, and what is allowed.
public struct CronError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of rule the expression broke.
    public enum Kind: Sendable, Hashable {
        /// The text is not a valid five-field cron expression.
        case syntax
        /// Two consecutive firings can come closer together than the allowed minimum.
        case tooFrequent(closestGap: TimeInterval)
    }

    /// The field at fault, or nil when the whole expression is (wrong field count, too frequent).
    public let field: CronField?
    /// The offending text: the field as written, or the whole expression when `field` is nil.
    public let text: String
    /// What is wrong and what is allowed, without the field prefix.
    public let reason: String
    /// The kind of rule broken.
    public let kind: Kind

    /// One line naming the field, its text and the rule, e.g.
    /// `day-of-week field 'FRI-MOM': 'MOM' is not a day name (SUN–SAT) or number 0–7`.
    public var description: String {
        if let field {
            return "\(field) field '\(text)': \(reason)"
        }
        return "cron expression '\(text)' \(reason)"
    }

    static func syntax(_ field: CronField?, _ text: String, _ reason: String) -> CronError {
        CronError(field: field, text: text, reason: reason, kind: .syntax)
    }
}
