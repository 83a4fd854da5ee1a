import CodecloudCron
import Foundation

/// The schedules' view of a cron expression: parsed with the service's rules, fired in UTC.
struct CronSchedule: Sendable {
    /// The shortest allowed gap between two firings (15 minutes, per the reference).
    static let minimumInterval: TimeInterval = 15 * 60

    private let expression: CronExpression

    /// Parses `text`, rejecting it with a field-precise 400 when invalid, too frequent or never firing.
    init(_ text: String) throws(ServiceError) {
        do {
            let expression = try CronExpression(parsing: text)
            try expression.validateMinimumInterval(Self.minimumInterval)
            guard expression.canFire else { throw ServiceError.validation("cron", "'\(text)' never fires") }
            self.expression = expression
        } catch let error as CronError {
            throw .validation("cron", error.description)
        } catch let error as ServiceError {
            throw error
        } catch {
            throw .validation("cron", "\(error)")
        }
    }

    /// The first firing strictly after `date`, in UTC.
    func nextFiring(after date: Date) -> Date? {
        expression.nextFiring(after: date, in: TimeZone(identifier: "UTC")!)
    }
}
