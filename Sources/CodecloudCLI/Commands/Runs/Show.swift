import ArgumentParser
import CodecloudAPI
import CodecloudCore
import Foundation

/// `git codecloud show`: everything about one run.
struct Show: EnvironmentCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a run: status, PRs, tokens, timing, and the agent's result or plan.",
        discussion: """
            RUN defaults to the run linked to the current branch, else the last run submitted \
            from this checkout.

            Examples:
              $ git codecloud show
              $ git codecloud show jd7x8k9m2n3p4q5r
              $ git codecloud show --json | jq -r '.prs[0].url'
            """
    )

    @Argument(help: ArgumentHelp("The run id.", valueName: "run"), completion: .runIdentifiers)
    var run: String?
    @Flag(help: "Print the run as the service returns it, as JSON.")
    var json = false

    func validate() throws {
        if let run { try usageCheck { try RunIdentifier.validate(run) } }
    }

    mutating func run(in environment: Environment) async throws {
        let driver = try RunDriver.make(in: environment)
        let reference = try driver.session.resolveRun(run)
        if let note = reference.note { environment.output.err(note + "\n") }
        let detail = try await driver.session.client.run(id: reference.id)
        environment.output.out(json ? try JSONOutput.encode(detail) : Self.render(detail))
    }

    static func render(_ run: RunDetail) -> String {
        var rows: [(String, String)] = [("run", run.id)]
        if let title = run.title { rows.append(("title", title)) }
        rows.append(("status", run.mode.map { "\(run.status) (\($0))" } ?? "\(run.status)"))
        rows.append(("repository", run.repo ?? "(blank workspace)"))
        if run.model != nil || run.provider != nil {
            rows.append(("model", [run.model, run.provider.map { "(\($0))" }].compactMap { $0 }.joined(separator: " ")))
        }
        rows.append(("created", timestamp(run.createdAt)))
        if let started = run.startedAt { rows.append(("started", timestamp(started))) }
        if let completed = run.completedAt {
            let took = (run.startedAt ?? run.createdAt).distance(to: completed)
            rows.append(("completed", timestamp(completed) + (took >= 0 ? " (took \(formatDuration(elapsedSeconds(from: run.startedAt ?? run.createdAt, to: completed))))" : "")))
        }
        if let input = run.inputTokens, let output = run.outputTokens {
            rows.append(("tokens", "\(compactCount(input)) in / \(compactCount(output)) out"))
        }
        for pullRequest in run.prs {
            rows.append(("PR #\(pullRequest.number)", "\(pullRequest.url) (\(pullRequest.branch))"))
        }
        if let schedule = run.scheduleID { rows.append(("schedule", schedule)) }
        let width = rows.map(\.0.count).max() ?? 0
        var text = rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }.joined(separator: "\n") + "\n"
        for (label, body) in [("prompt", run.prompt), ("plan", run.plan), ("result", run.result), ("error", run.error)] {
            guard let body, !body.isEmpty else { continue }
            text += "\n\(label):\n" + body.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n") + "\n"
        }
        return text
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false).timeSeparator(.colon)) + "Z"
    }
}
