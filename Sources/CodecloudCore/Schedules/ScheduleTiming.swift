import CodecloudCron
import Foundation

/// When a new schedule fires: on a cron expression (optionally from a first run), or once.
public enum ScheduleTiming: Sendable, Equatable {
    /// Fires on `cron` (evaluated in UTC, like the service); `firstRun` is the first firing when given.
    case recurring(CronExpression, firstRun: Date?)
    /// Fires once at this time.
    case once(Date)

    /// Checks the timing before anything is sent: the cron rules the service applies (five
    /// valid fields, at least 15 minutes between firings, fires at all) and times in the future.
    /// Throws usage errors naming what is wrong.
    public static func validated(cron: String?, at: Date?, firstRun: Date?, now: Date) throws -> ScheduleTiming {
        switch (cron, at) {
        case (nil, nil):
            throw WorkflowError("say when the schedule runs: --cron EXPRESSION or --at TIME", hint: "e.g. --cron '0 9 * * MON-FRI' or --at \(ScheduleTime.example(utc: true))", exitCode: .usage)
        case (.some, .some):
            throw WorkflowError("--cron and --at cannot be combined", hint: "use --cron with --first-run to choose the first of recurring runs", exitCode: .usage)
        case (nil, .some(let at)):
            if firstRun != nil {
                throw WorkflowError("--first-run applies to --cron schedules only", hint: "a one-time schedule runs at its --at time", exitCode: .usage)
            }
            try requireFuture(at, option: "--at", now: now)
            return .once(at)
        case (.some(let text), nil):
            let expression: CronExpression
            do {
                expression = try CronExpression(parsing: text)
                try expression.validateMinimumInterval()
            } catch let error as CronError {
                throw error.asWorkflowError
            }
            guard expression.canFire else {
                throw WorkflowError("cron expression '\(expression)' never fires (no such day in the months given)", hint: "check the day-of-month and month fields", exitCode: .usage)
            }
            if let firstRun { try requireFuture(firstRun, option: "--first-run", now: now) }
            return .recurring(expression, firstRun: firstRun)
        }
    }

    /// The next `count` firings after `now`, as the service will run them. `serviceNext` (the
    /// service's `next_run_at`, when it answered a future one) wins over the local computation
    /// for the first firing; the rest follow the cron expression from there.
    public func nextFirings(after now: Date, count: Int, serviceNext: Date? = nil) -> [Date] {
        let utc = TimeZone(identifier: "UTC")!
        let serviceNext = serviceNext.flatMap { $0 > now ? $0 : nil }
        switch self {
        case .once(let date):
            return [serviceNext ?? date]
        case .recurring(let expression, let firstRun):
            guard let first = serviceNext ?? firstRun ?? expression.nextFiring(after: now, in: utc) else { return [] }
            return [first] + expression.firings(after: first, count: max(0, count - 1), in: utc)
        }
    }

    private static func requireFuture(_ date: Date, option: String, now: Date) throws {
        guard date > now else {
            let shown = ISO8601DateFormatter().string(from: date)
            throw WorkflowError("\(option) \(shown) is in the past", hint: "give a future time, e.g. \(ISO8601DateFormatter().string(from: now.addingTimeInterval(3600)))", exitCode: .usage)
        }
    }
}

extension CronError {
    /// The one-line `error:` plus a hint with the fix, as a usage error.
    public var asWorkflowError: WorkflowError {
        let hint: String
        switch kind {
        case .syntax where field == nil:
            hint = "five fields: minute hour day-of-month month day-of-week, e.g. '0 9 * * MON-FRI'"
        case .syntax:
            hint = "fields accept numbers, names, '*', ranges 'a-b', steps '*/n' and lists 'a,b'; e.g. '0 9 * * MON-FRI'"
        case .tooFrequent:
            hint = "schedules may run at most every 15 minutes, e.g. '*/15 * * * *'"
        }
        return WorkflowError(description, hint: hint, exitCode: .usage)
    }
}
