import ArgumentParser
import CodecloudCore

/// `git codecloud checkout`: land a completed run's PR branch.
struct Checkout: EnvironmentCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkout",
        abstract: "Fetch a finished run's PR branch and check it out.",
        discussion: """
            Fetches only the PR branch (no tags) from the remote that points at the PR's \
            repository, then creates a local branch tracking it, or fast-forwards the existing \
            one. A dirty work tree is never touched; a diverged branch moves only with --force, \
            after its old tip is saved under refs/codecloud/backup/.

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
        let detail = try await driver.session.client.run(id: reference.id)
        try driver.session.checkLandable(detail)
        // Interruptible, so that a signal to this process alone also stops a stuck `git fetch`.
        let preferences = landing.preferences(), json = self.json
        try await interruptible(in: environment, json: json) { [driver] resume in
            resume.set(detail.id, review: driver.review, resumeWith: "git codecloud checkout \(detail.id)\(driver.review.resumeFlags)")
            try await driver.landReviewing(detail, landing: preferences, json: json)
        }
    }
}
