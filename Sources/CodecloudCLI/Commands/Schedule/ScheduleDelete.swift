import ArgumentParser
import CodecloudAPI
import CodecloudCore

/// `git codecloud schedule delete`: stops a schedule's future runs.
struct ScheduleDelete: EnvironmentCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a schedule; runs it already started are not affected.",
        discussion: """
            Asks for confirmation on a terminal; elsewhere (scripts, CI) --yes is required.

            Examples:
              $ git codecloud schedule delete k3v9x2m8q1w7z5p4
              $ git codecloud schedule delete k3v9x2m8q1w7z5p4 --yes
            """
    )

    @Argument(help: ArgumentHelp("The schedule id.", valueName: "schedule"), completion: .scheduleIdentifiers)
    var schedule: String

    @Flag(name: .shortAndLong, help: "Delete without asking.")
    var yes = false

    mutating func run(in environment: Environment) async throws {
        if !yes, !(environment.terminal.stdinIsTTY && environment.terminal.stderrIsTTY) {
            throw CLIError("not deleting schedule '\(schedule)' without confirmation", hint: "pass --yes to delete it from a script")
        }
        let client = try ScheduleCommand.client(in: environment)
        // Fetching first shows what is being deleted; a missing schedule fails here, and one
        // deleted before is said to be so.
        let detail = try await client.schedule(id: schedule)
        if detail.status == .deleted {
            environment.output.err("Schedule \(schedule) was already deleted.\n")
            return
        }
        if !yes {
            let what = ScheduleCommand.describeType(detail.type, cron: detail.cron) + " on " + (detail.repo ?? "no repository")
            let answer = environment.input.readAnswer(prompt: "Delete schedule \(detail.id), \(what): \"\(ScheduleList.excerpt(detail.prompt))\"? [y/N] ", output: environment.output)
            guard let answer, ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased()) else {
                environment.output.err("Schedule \(schedule) kept.\n")
                return
            }
        }
        try await client.deleteSchedule(id: schedule)
        environment.output.err("Deleted schedule \(schedule); runs already started go on.\n")
    }
}
