import Foundation

/// The schedules' view of a cron expression: parse with the service's rules, find the next firing.
struct CronSchedule: Sendable {
    /// The shortest allowed gap between two firings (15 minutes, per the reference).
    static let minimumInterval: TimeInterval = 15 * 60

    /// Parses `text`, rejecting it with a field-precise 400 when invalid or too frequent.
    init(_ text: String) throws(ServiceError) {
        // Placeholder until CodecloudCron lands (branch cron-work).
        throw .validation("cron", "cron expressions are not supported yet")
    }

    /// The first firing strictly after `date`, in UTC.
    func nextFiring(after date: Date) -> Date? { nil }
}
