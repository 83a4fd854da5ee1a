import ArgumentParser
import CodecloudAPI
import CodecloudCore
import Foundation

/// `git codecloud watch`: a live board of this repository's active runs.
struct Watch: EnvironmentCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Show a live board of this repository's queued and running runs.",
        discussion: """
            One list request per tick, with the same adaptive cadence as wait; runs that start \\
            while watching join the board. Exits when nothing is queued or running any more, \\
            or at --timeout (exit 5). On a terminal the board is redrawn in place; otherwise \\
            one line per status change; --json prints one JSON object per status change on \\
            stdout. Tokens and the PR appear once a run has finished (the list does not carry them).

            Examples:
              $ git codecloud watch
              $ git codecloud watch --all --timeout 10m
              $ git codecloud watch --json | jq -r 'select(.status == "completed") | .id'
            """
    )

    @Flag(help: "Every repository's runs, not only this one's.")
    var all = false
    @Option(help: ArgumentHelp("Stop watching after this long (e.g. 90s, 10m, 1h); the runs go on (exit 5).", valueName: "duration"))
    var timeout: TimeoutDuration?
    @Flag(help: "Print one JSON object per status change on stdout (JSON lines).")
    var json = false

    func validate() throws {
        try TimeoutDuration.validate(timeout)
    }

    mutating func run(in environment: Environment) async throws {
        let driver = try RunDriver.make(in: environment)
        let repository = try all ? nil : ContextResolver.resolve(ContextOverrides(), in: environment, requiringBranch: false).repository
        let board = RunBoard(environment: environment, style: json ? .json : nil)
        let timeout = self.timeout
        try await interruptible(in: environment) { resume in
            let outcome = try await MultiRunWaiter.using(driver.session.client).wait(
                forRuns: [],
                adopting: { summary in
                    if let repository, summary.repo.flatMap({ try? RepositorySlug(validating: $0) })?.matches(repository) != true {
                        return false
                    }
                    // Ticks run one after another, so this read-then-write does not race.
                    resume.set(all: resume.all + [summary.id])
                    return true
                },
                timeout: timeout?.duration, observer: board)
            if outcome.order.isEmpty {
                environment.output.err("No queued or running runs\(repository.map { " for \($0)" } ?? "").\n")
                return
            }
            if outcome.timedOut {
                let waiting = outcome.order.filter { outcome.unfinished[$0] != nil }
                throw WorkflowError(
                    "\(waiting.count) \(waiting.count == 1 ? "run is" : "runs are") still active after \(formatDuration(timeout?.duration ?? .zero))",
                    hint: "wait for them with 'git codecloud wait \(waiting.joined(separator: " "))'", exitCode: .timedOut)
            }
        }
    }
}
