import ArgumentParser
import CodecloudAPI
import CodecloudCore
import Foundation

/// `git codecloud schedule list`: the account's schedules.
struct ScheduleList: EnvironmentCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List schedules, newest first.",
        discussion: """
            Shows each schedule's timing, next run (UTC), runs created and firings skipped. An \
            empty list prints nothing and exits 0.

            Examples:
              $ git codecloud schedule list
              $ git codecloud schedule list --status active -L 5
              $ git codecloud schedule list --json | jq -r '.[].id'
            """
    )

    @Option(help: ArgumentHelp("Only schedules in this status: active, completed, deleted.", valueName: "status"),
            completion: .list(["active", "completed", "deleted"]))
    var status: String?

    @Option(name: [.customShort("L"), .long], help: ArgumentHelp("How many schedules to show at most (1–100).", valueName: "n"))
    var limit = 20

    @Flag(help: "Print the schedules as a JSON array.")
    var json = false

    func validate() throws {
        guard (1...100).contains(limit) else { throw ValidationError("--limit must be between 1 and 100, got \(limit)") }
        if let status, !ScheduleStatus.knownCases.map(\.rawValue).contains(status) {
            throw ValidationError("unknown status '\(status)'; use active, completed or deleted")
        }
    }

    mutating func run(in environment: Environment) async throws {
        let schedules = try await ScheduleCommand.client(in: environment)
            .schedules(limit: limit, status: status.map { ScheduleStatus(rawValue: $0) })
        if json {
            environment.output.out(try JSONOutput.encode(schedules))
        } else if schedules.isEmpty {
            environment.output.err("No schedules\(status.map { " with status \($0)" } ?? "").\n")
        } else {
            environment.output.out(Self.table(schedules))
        }
    }

    static func table(_ schedules: [Schedule]) -> String {
        var table = TextTable(headers: ["ID", "STATUS", "WHEN", "NEXT RUN (UTC)", "RUNS", "SKIPS", "REPOSITORY", "PROMPT"])
        for schedule in schedules {
            table.append([
                schedule.id, schedule.status.rawValue, schedule.cron ?? schedule.type.rawValue,
                schedule.nextRunAt.map(ScheduleTime.utcMinute) ?? "-", "\(schedule.totalRuns)", "\(schedule.totalSkips)",
                schedule.repo ?? "-", Self.excerpt(schedule.prompt),
            ])
        }
        return table.render()
    }

    /// The prompt's first line, cut to 40 characters.
    static func excerpt(_ prompt: String) -> String {
        let line = prompt.split(separator: "\n").first.map(String.init) ?? ""
        return line.count > 40 ? String(line.prefix(39)) + "…" : line
    }
}
