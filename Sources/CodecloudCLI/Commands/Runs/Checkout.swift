import ArgumentParser
import CodecloudAPI
import CodecloudCore
import Foundation

/// `git codecloud checkout`: land a completed run's PR branch.
struct Checkout: EnvironmentCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkout",
        abstract: "Fetch a finished run's PR branch and check it out.",
        discussion: """
            Fetches only the PR branch (no tags) from the remote that points at the PR's \
            repository, then creates a local branch tracking it, or fast-forwards the existing \
            one. A dirty work tree is never touched; a diverged branch moves only with --force, \
            after its old tip is saved under refs/codecloud/backup/. A run landed here before \
            is fetched while codecloud is asked about it (used only if the run finished before \
            that fetch began; otherwise fetched again).

            Examples:
              $ git codecloud checkout jd7x8k9m2n3p4q5r
              $ git codecloud checkout jd7x8k9m2n3p4q5r --worktree
              $ git codecloud checkout jd7x8k9m2n3p4q5r --worktree=../review
              $ git codecloud checkout --force
              $ git codecloud checkout jd7x8k9m2n3p4q5r --verify "make test"
            """
    )

    @Argument(help: ArgumentHelp("The run id.", valueName: "run"), completion: .runIdentifiers)
    var run: String?
    @Flag(help: "Print one JSON object with the run and what was checked out on stdout.")
    var json = false
    @OptionGroup(title: "Checkout") var landing: PlacementOptions
    @OptionGroup(title: "Verify") var verify: VerifyOptions

    func validate() throws {
        if let run { try usageCheck { try RunIdentifier.validate(run) } }
    }

    mutating func run(in environment: Environment) async throws {
        var driver = try RunDriver.make(in: environment)
        try driver.apply(verify)
        let reference = try driver.session.resolveRun(run)
        if let note = reference.note { environment.output.err(note + "\n") }
        let preferences = landing.preferences(), json = self.json, runID = reference.id
        // Interruptible, so that a signal to this process alone also stops a stuck `git fetch`.
        try await interruptible(in: environment, json: json) { [driver] resume in
            resume.set(runID, review: driver.review, resumeWith: "git codecloud checkout \(runID)\(driver.review.resumeFlags)")
            // A run landed here before: its branch is fetched while the service is asked about it.
            let begun = preferences.checkout
                ? EarlyFetch.start(forRun: runID, remote: driver.session.configuration.remote, in: driver.environment) : nil
            defer { begun?.abandon() }
            let answer: (run: RunDetail, serverDate: Date?)
            do {
                answer = try await driver.session.client.runWithServerDate(id: runID)
            } catch where Task.isCancelled {
                throw WorkflowError("interrupted before codecloud answered; nothing was changed", exitCode: .interrupted)
            }
            let (detail, answeredAt) = answer
            try driver.session.checkLandable(detail)
            let early = begun?.ifBegunAfterFinishing(detail, serverDate: answeredAt)
            try await driver.landReviewing(detail, landing: preferences, json: json, early: early)
        }
    }
}
