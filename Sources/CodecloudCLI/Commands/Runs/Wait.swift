import ArgumentParser
import CodecloudCore

/// `git codecloud wait`: resume waiting on a run, then land it as `fix` would.
struct Wait: EnvironmentCommand {
    static let configuration = CommandConfiguration(
        commandName: "wait",
        abstract: "Wait for a run (or several) to finish, then check out the PR branches.",
        discussion: """
            Picks up where 'fix --no-wait', a --timeout or Ctrl-C left off. RUN defaults to the \
            run linked to the current branch, else the last run submitted from this checkout.

            With several runs (or --all: this repository's queued and running runs) one list \
            request per tick follows all of them, each run is checked out in its own worktree \
            beside the repository as it completes, and a table compares them at the end.
            Waiting always ends. --timeout makes one last poll at the deadline. A status this \
            version does not know is shown by name and waited out for 15 minutes (or until \
            --timeout); a Retry-After from the service is honoured for at most 5 minutes, and \
            never past --timeout or the 2-minute outage budget. See docs/WAITING.md.

            Examples:
              $ git codecloud wait
              $ git codecloud wait jd7x8k9m2n3p4q5r --timeout 30m
              $ git codecloud wait jd7x8k9m2n3p4q5r --no-checkout --json
              $ git codecloud wait jd7x8k9m2n3p4q5r k2m4n6p8q0r1s3t5
              $ git codecloud wait --all --no-checkout
              $ git codecloud wait --verify "swift test"
            """
    )

    @Argument(help: ArgumentHelp("The run id (several: wait for all of them).", valueName: "run"), completion: .runIdentifiers)
    var runs: [String] = []
    @Flag(help: "Wait for every queued or running run of this repository.")
    var all = false
    @Option(help: ArgumentHelp("Stop waiting after this long (e.g. 90s, 10m, 1h; at most 168h); the run goes on (exit 5).", valueName: "duration"))
    var timeout: TimeoutDuration?
    @Flag(help: "Print one JSON object with the run (and what was checked out) on stdout.")
    var json = false
    @OptionGroup(title: "Checkout") var landing: LandingOptions
    @OptionGroup(title: "Verify") var verify: VerifyOptions

    func validate() throws {
        try TimeoutDuration.validate(timeout)
        for run in runs { try usageCheck { try RunIdentifier.validate(run) } }
        if all, !runs.isEmpty { throw ValidationError("--all waits for this repository's active runs; leave out the run ids") }
        if all || runs.count > 1, landing.placement.worktree || landing.placement.worktreePath != nil || landing.placement.force {
            throw ValidationError("several runs land each in its own worktree beside the repository; leave out --worktree and --force")
        }
    }

    mutating func run(in environment: Environment) async throws {
        var driver = try RunDriver.make(in: environment)
        try driver.apply(verify)
        if all || runs.count > 1 {
            try await waitForSeveral(driver: driver, in: environment)
            return
        }
        let reference = try driver.session.resolveRun(runs.first)
        if let note = reference.note { environment.output.err(note + "\n") }
        let timeout = self.timeout, json = self.json, landing = self.landing.preferences
        try await interruptible(in: environment, json: json) { [driver] resume in
            resume.set(reference.id, review: driver.review)
            try await driver.finish(runID: reference.id, timeout: timeout, json: json, landing: landing)
        }
    }

    /// `wait A B C` / `wait --all`: one list request per tick for all of them.
    private func waitForSeveral(driver: RunDriver, in environment: Environment) async throws {
        var ids = runs.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        if all {
            let repository = try ContextResolver.resolve(ContextOverrides(), in: environment, requiringBranch: false).repository
            let listing = try await RunListing.fetch(limit: 100, status: nil, repository: repository, client: driver.session.client)
            if let note = listing.incompleteNote { environment.output.err("note: \(note)\n") }
            let active = listing.runs.filter { !$0.status.isFinished }
            ids = active.reversed().map(\.id)
            guard !ids.isEmpty else {
                environment.output.err("No queued or running runs for \(repository).\n")
                return
            }
        }
        let timeout = self.timeout, json = self.json, checkout = !landing.noCheckout, runIDs = ids
        try await interruptible(in: environment, json: json) { resume in
            resume.set(all: runIDs)
            try await AttemptsFinisher(driver: driver).finish(
                runIDs: runIDs, labelled: false, timeout: timeout, json: json, checkout: checkout, context: nil)
        }
    }
}
