import ArgumentParser
import CodecloudAPI
import CodecloudCore
import CodecloudCron
import Foundation

/// `git codecloud schedule create`: a recurring (cron) or one-time schedule.
struct ScheduleCreate: EnvironmentCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a schedule that runs an agent on a cron expression or once at a set time.",
        discussion: """
            The cron expression is checked before anything is sent, with the service's rules: \
            five fields (minute hour day-of-month month day-of-week) of numbers, names \
            (JAN–DEC, SUN–SAT), '*', ranges, steps and lists, and at least 15 minutes between \
            two firings. The service evaluates it in UTC. TIME is ISO 8601 \
            (2027-03-01T09:00:00Z, or without seconds); without an offset it is read in your local time zone. \
            Prints the schedule id and its next three firings, in UTC and local time.

            Examples:
              $ git codecloud schedule create --cron '0 9 * * MON-FRI' "Fix failing tests"
              $ git codecloud schedule create --at 2027-03-01T09:00 --plan "Plan 2.0"
              $ git codecloud schedule create --cron '0 */6 * * *' -F task.md \\
                  --first-run 2027-03-01T00:00Z
            """
    )

    @Option(help: ArgumentHelp("Run on this 5-field cron expression (UTC).", valueName: "expression"))
    var cron: String?

    @Option(help: ArgumentHelp("Run once, at this time (ISO 8601).", valueName: "time"))
    var at: String?

    @Option(help: ArgumentHelp("With --cron: the first run, at this time (ISO 8601).", valueName: "time"))
    var firstRun: String?

    @OptionGroup var prompt: PromptOptions
    @OptionGroup(title: "Repository") var context: ContextOptions
    @OptionGroup(title: "Agent") var agent: AgentOptions

    @Flag(help: "Each run plans only: it returns a plan and changes nothing.")
    var plan = false

    @Flag(name: .customLong("no-pr"), help: "Do not open a pull request with the changes.")
    var noPR = false

    @Flag(help: "Print one JSON object with the schedule and its next firings.")
    var json = false

    func validate() throws {
        // Syntax only here (no clock): the timing is re-checked against the current time in run().
        let timeZone = CommandContext.currentEnvironment.timeZone
        for (option, text) in [("--at", at), ("--first-run", firstRun)] {
            if let text, ScheduleTime.parse(text, in: timeZone) == nil {
                throw ValidationError("\(option) '\(text)' is not an ISO 8601 time\nhint: write e.g. \(ScheduleTime.example(utc: true)), or \(ScheduleTime.example(utc: false, in: timeZone)) for your local time")
            }
        }
        do {
            _ = try timing(now: .distantPast, timeZone: timeZone)
        } catch let error as WorkflowError {
            throw ValidationError(error.message + (error.hint.map { "\nhint: " + $0 } ?? ""))
        }
        if plan, noPR { throw ValidationError("--no-pr has no effect with --plan: plan runs change nothing") }
    }

    private func timing(now: Date, timeZone: TimeZone) throws -> ScheduleTiming {
        try ScheduleTiming.validated(
            cron: cron, at: at.flatMap { ScheduleTime.parse($0, in: timeZone) },
            firstRun: firstRun.flatMap { ScheduleTime.parse($0, in: timeZone) }, now: now)
    }

    mutating func run(in environment: Environment) async throws {
        let now = Date()
        let timing = try timing(now: now, timeZone: environment.timeZone)
        let promptText = try prompt.resolve(in: environment)
        let repository = try ContextResolver.resolve(context.overrides, in: environment, scanningWorkTree: false)
        let tools = try agent.loadTools(in: environment)
        let client = try ScheduleCommand.client(in: environment)

        var request = CreateScheduleRequest(type: .once, prompt: promptText)
        request.repo = repository.repository.description
        request.branch = repository.branch
        request.model = agent.model
        request.provider = agent.provider
        request.mode = plan ? .plan : nil
        request.webhookURL = agent.webhookURL
        request.autoCreatePR = plan ? nil : !noPR
        request.tools = tools
        switch timing {
        case .once(let date):
            request.runAt = date
        case .recurring(let expression, let firstRun):
            request.type = .recurring
            request.cron = expression.text
            request.runAt = firstRun
        }
        let created = try await client.createSchedule(request)
        let firings = timing.nextFirings(after: now, count: 3, serviceNext: created.nextRunAt)
        if json {
            environment.output.out(try JSONOutput.encode(CreatedScheduleJSON(created: created, request: request, nextRuns: firings)))
            return
        }
        var text = "Created schedule \(created.id): \(ScheduleCommand.describeType(request.type, cron: request.cron)) on \(repository.repository)" + (repository.branch.map { " (\($0))" } ?? "") + "\n"
        text += firings.count == 1 ? "Runs at:\n" : "Next runs:\n"
        text += firings.map { "  " + ScheduleTime.describe($0, localZone: environment.timeZone) + "\n" }.joined()
        environment.output.out(text)
    }
}

/// The `--json` shape of `schedule create`: stable snake_case keys.
struct CreatedScheduleJSON: Encodable {
    let created: CreateScheduleResponse
    let request: CreateScheduleRequest
    let nextRuns: [Date]

    enum CodingKeys: String, CodingKey {
        case id, type, status, cron, repo, branch
        case runAt = "run_at"
        case nextRuns = "next_runs"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(created.id, forKey: .id)
        try container.encode(created.type, forKey: .type)
        try container.encode(created.status, forKey: .status)
        try container.encode(request.cron, forKey: .cron)
        try container.encode(request.runAt, forKey: .runAt)
        try container.encode(request.repo, forKey: .repo)
        try container.encode(request.branch, forKey: .branch)
        try container.encode(nextRuns, forKey: .nextRuns)
    }
}
