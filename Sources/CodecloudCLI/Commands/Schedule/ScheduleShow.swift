import ArgumentParser
import CodecloudAPI
import CodecloudCore
import Foundation

/// `git codecloud schedule show`: one schedule with its counters.
struct ScheduleShow: EnvironmentCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a schedule: timing, status, runs and skips, next and last run.",
        discussion: """
            Examples:
              $ git codecloud schedule show k3v9x2m8q1w7z5p4
              $ git codecloud schedule show k3v9x2m8q1w7z5p4 --json | jq .last_run_id
            """
    )

    @Argument(help: ArgumentHelp("The schedule id.", valueName: "schedule"), completion: .scheduleIdentifiers)
    var schedule: String

    @Flag(help: "Print the schedule as the service returns it, as JSON.")
    var json = false

    mutating func run(in environment: Environment) async throws {
        let detail = try await ScheduleCommand.client(in: environment).schedule(id: schedule)
        environment.output.out(json ? try JSONOutput.encode(detail) : Self.render(detail, timeZone: environment.timeZone))
    }

    static func render(_ schedule: Schedule, timeZone: TimeZone) -> String {
        let time = { (date: Date) in ScheduleTime.describe(date, localZone: timeZone) }
        var rows: [(String, String)] = [
            ("schedule", schedule.id),
            ("type", ScheduleCommand.describeType(schedule.type, cron: schedule.cron)),
            ("status", schedule.status.rawValue),
            ("repository", schedule.repo ?? "(none)"),
            ("next run", schedule.nextRunAt.map(time) ?? "-"),
        ]
        if let lastRun = schedule.lastRunAt {
            rows.append(("last run", time(lastRun) + (schedule.lastRunID.map { "  \($0)" } ?? "")))
        } else if let lastRunID = schedule.lastRunID {
            rows.append(("last run", lastRunID))
        }
        rows.append(("runs", "\(schedule.totalRuns) created, \(schedule.totalSkips) skipped"))
        rows.append(("created", time(schedule.createdAt)))
        let width = rows.map(\.0.count).max() ?? 0
        var text = rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 + "\n" }.joined()
        text += "\nprompt:\n" + schedule.prompt.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 + "\n" }.joined()
        return text
    }
}
