import ArgumentParser
import CodecloudCore

/// `git codecloud wait`: resume waiting on a run, then land it as `fix` would.
struct Wait: EnvironmentCommand {
    static let configuration = CommandConfiguration(
        abstract: "Wait for a run to finish, then check out its PR branch.",
        discussion: """
            Picks up where 'fix --no-wait', a --timeout or Ctrl-C left off. RUN defaults to the \
            run linked to the current branch, else the last run submitted from this checkout.

            Waiting always ends. --timeout makes one last poll at the deadline. A status this \
            version does not know is shown by name and waited out for 15 minutes (or until \
            --timeout); a Retry-After from the service is honoured for at most 5 minutes, and \
            never past --timeout or the 2-minute outage budget. See docs/WAITING.md.

            Examples:
              $ git codecloud wait
              $ git codecloud wait jd7x8k9m2n3p4q5r --timeout 30m
              $ git codecloud wait jd7x8k9m2n3p4q5r --no-checkout --json
            """
    )

    @Argument(help: ArgumentHelp("The run id.", valueName: "run"), completion: .runIdentifiers)
    var run: String?
    @Option(help: ArgumentHelp("Stop waiting after this long (e.g. 90s, 10m, 1h; at most 168h); the run goes on (exit 5).", valueName: "duration"))
    var timeout: TimeoutDuration?
    @Flag(help: "Print one JSON object with the run (and what was checked out) on stdout.")
    var json = false
    @OptionGroup(title: "Checkout") var landing: LandingOptions

    func validate() throws {
        if let run { try usageCheck { try RunIdentifier.validate(run) } }
    }

    mutating func run(in environment: Environment) async throws {
        let driver = try RunDriver.make(in: environment)
        let reference = try driver.session.resolveRun(run)
        if let note = reference.note { environment.output.err(note + "\n") }
        let timeout = self.timeout, json = self.json, landing = self.landing.preferences
        try await interruptible(in: environment, json: json) { resume in
            resume.set(reference.id)
            try await driver.finish(runID: reference.id, timeout: timeout, json: json, landing: landing)
        }
    }
}
