import CodecloudAPI
import CodecloudCore

/// What `fix`, `plan` and `run` share: submit once, then (unless `--no-wait`) wait, report, land.
struct SubmitFlow {
    var prompt: PromptOptions
    var context: ContextOptions
    var agent: AgentOptions
    var wait: WaitOptions
    var landing: LandingOptions

    func run(mode: RunMode, createPR: Bool, blankWorkspace: Bool = false, in environment: Environment) async throws {
        let newRun = NewRun(
            prompt: try prompt.resolve(in: environment), mode: mode, createPR: createPR, blankWorkspace: blankWorkspace,
            model: agent.model, provider: agent.provider, webhookURL: agent.webhookURL,
            tools: try agent.loadTools(in: environment), context: context.overrides)
        try newRun.validate()
        if !wait.noWait, mode != .plan { try Lander.checkWorktreePath(landing.preferences.worktree, in: environment) }
        let driver = try RunDriver.make(in: environment, context: context)
        let wait = self.wait, landing = mode == .plan ? LandingPreferences(checkout: false) : self.landing.preferences
        try await interruptible(in: environment, json: wait.json) { resume in
            let submission = try await driver.session.submit(newRun)
            resume.set(submission.runID)
            if wait.noWait {
                if wait.json {
                    environment.output.out(try JSONOutput.encode(["id": submission.runID, "status": "queued"]))
                } else {
                    environment.output.out(submission.runID + "\n")
                }
                environment.output.hint("follow it with 'git codecloud wait \(submission.runID)'")
                return
            }
            environment.output.err("Submitted run \(submission.runID)\(submission.context.map { " on \($0.repository)" + ($0.branch.map { " (\($0))" } ?? "") } ?? "")\n")
            try await driver.finish(
                runID: submission.runID, timeout: wait.timeout, json: wait.json, landing: landing, context: submission.context)
        }
    }

    /// `--attempts N`: the same run created N times, each landed in its own worktree.
    func fanOut(attempts: Int, createPR: Bool, in environment: Environment) async throws {
        let newRun = NewRun(
            prompt: try prompt.resolve(in: environment), mode: .execute, createPR: createPR,
            model: agent.model, provider: agent.provider, webhookURL: agent.webhookURL,
            tools: try agent.loadTools(in: environment), context: context.overrides)
        try await FanOutFlow(newRun: newRun, attempts: attempts, context: context, wait: wait, checkout: !landing.noCheckout)
            .run(in: environment)
    }
}
