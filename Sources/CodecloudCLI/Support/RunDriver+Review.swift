import CodecloudAPI
import CodecloudCore
import CodecloudGit
import CodecloudProcess
import Foundation

/// A `--verify` check that failed on a landed round (exit 7). Carries what the next follow-up
/// needs: the output, the tip, and where the branch is checked out now.
struct CheckFailure: PresentableError {
    var runID: String
    var round: Int
    var outcome: Verification.Outcome
    var landed: ObjectID
    var worktreePath: String?
    var resumeFlags: String

    var message: String {
        "the check failed with exit status \(outcome.result.status) on round \(round) of run \(runID) (\(landed.short)): \(outcome.result.command)"
    }
    var hint: String? {
        "send it back to the agent: git codecloud wait \(runID) --verify \(shellQuoted(outcome.result.command)) --iterate 1; or fix it yourself and push"
    }
    var exitCode: CodecloudExitCode { .checkFailed }
}

extension RunDriver {
    /// The same driver working in `directory` (a worktree the run's branch is checked out in),
    /// so later rounds land there.
    func working(in directory: String) -> RunDriver {
        var environment = self.environment
        environment.currentDirectory = directory
        let session = RunSession(
            environment: environment, configuration: self.session.configuration, client: self.session.client,
            waiter: self.session.waiter, modelCheck: self.session.modelCheck)
        var driver = RunDriver(session: session, environment: environment)
        driver.review = review
        return driver
    }

    /// Lands `run` (see `land`), and while its check fails and `--iterate` allows, sends the
    /// failure back as a follow-up, waits, lands and checks again. `early` serves the first
    /// landing only (`EarlyFetch`).
    func landReviewing(
        _ run: RunDetail, landing: LandingPreferences, json: Bool, context: RepositoryContext? = nil, timeout: TimeoutDuration? = nil,
        early: EarlyFetch? = nil
    ) async throws {
        do {
            try land(run, landing: landing, json: json, context: context, early: early)
        } catch let failure as CheckFailure where review.remaining > 0 && !Task.isCancelled && failure.outcome.result.status != 130 {
            var landing = landing
            var next = self
            if let path = failure.worktreePath {
                // The branch is checked out in that worktree now: the next rounds land in it.
                next = working(in: path)
                landing.worktree = nil
            }
            review.progress.recordSent()
            let prompt = Verification.followUpPrompt(
                for: failure.outcome, landed: failure.landed.short, secrets: review.secrets, environment: environment)
            let previousCompletion = try await next.session.followUp(
                runID: run.id, FollowUp(prompt: prompt, mode: .execute, updatePR: true), landing: landing)
            environment.output.err(
                "Sent the failure back to run \(run.id) (follow-up \(review.progress.sent) of \(review.iterations))\n")
            try await next.finish(
                runID: run.id, previousCompletion: previousCompletion, timeout: timeout, json: json, landing: landing, context: context)
        }
    }

    /// After `outcome` landed: records the round, prints the round line and the stale-base
    /// warning, runs the check, and prints the report (`report` first for humans, last with
    /// `--json`, which then carries every round). Throws `CheckFailure` when the check fails.
    func reviewLanding(_ run: RunDetail, landed outcome: LandingOutcome, report: RunReport, json: Bool) throws {
        let output = environment.output
        if !json { try report.print(to: environment, json: false) }
        let repository = try environment.openRepository()
        let book = RoundBook(repository)
        let inspector = RoundInspector(repository: repository, environment: environment)
        var round: Round?
        do {
            let recorded = try book.record(runID: run.id, landing: outcome, in: environment)
            round = recorded.round
            if recorded.isNew { output.err(try roundLine(recorded.round, inspector: inspector) + "\n") }
        } catch {
            output.warning("could not record this landing as a round of run \(run.id): \((error as? any PresentableError)?.message ?? "\(error)")")
        }
        if let stale = try? inspector.staleBaseWarning(runID: run.id, landed: outcome.commit, branch: outcome.localBranch) {
            output.warning(stale.warning)
            output.hint(stale.hint)
        }
        var failure: CheckFailure?
        if let command = review.command, let round {
            let directory = outcome.worktreePath ?? repository.workTree ?? environment.currentDirectory
            output.err("Checking round \(round.number) in \(directory): \(command)\n")
            let checked = try Verification.run(command, in: directory, environment: environment)
            // Interrupted: no result to record; the round stays, and resuming checks it again.
            if Task.isCancelled { throw CancellationError() }
            do {
                try book.recordCheck(checked.result, runID: run.id, round: round.number)
            } catch {
                output.warning("could not record the check's result: \(error)")
            }
            if checked.result.passed {
                output.err("Check passed on round \(round.number): \(command)\n")
            } else {
                failure = CheckFailure(
                    runID: run.id, round: round.number, outcome: checked, landed: outcome.commit,
                    worktreePath: outcome.worktreePath, resumeFlags: review.resumeFlags)
                if review.remaining > 0 {
                    output.err("Check failed on round \(round.number) with exit status \(checked.result.status): \(command)\n")
                }
            }
        }
        if json {
            var report = report
            report.rounds = try? book.rounds(ofRun: run.id)
            report.error = report.error ?? failure.map { ReportedError($0) }
            // A failure the loop sends back is not the end: one report, after the last round.
            if failure == nil || review.remaining == 0 { try report.print(to: environment, json: true) }
        }
        if let failure { throw failure }
    }

    /// `round 2: 3 files changed, +40 −2 since the last round`.
    private func roundLine(_ round: Round, inspector: RoundInspector) throws -> String {
        let prefix = "round \(round.number): "
        guard let previous = round.previous else { return prefix + "landed \(round.landed.short)" }
        let since = round.number == 1 ? "against the start (\(previous.short))" : "since the last round"
        switch try inspector.shape(from: previous, to: round.landed) {
        case .unchanged:
            return prefix + "no change \(since)"
        case .appended:
            let stat = try inspector.stat(from: previous, to: round.landed)
            return prefix + "\(stat.text) \(since)"
        case .rewritten(let sameChanges):
            if sameChanges {
                return prefix + "no effective change \(since): the agent rewrote the branch with the same patches"
            }
            let stat = try inspector.stat(from: previous, to: round.landed)
            return prefix + "\(stat.text) \(since); the agent rewrote the branch ('git codecloud review' shows a range-diff)"
        }
    }

    // MARK: The done signal

    /// After a wait that took longer than `codecloud.notifyAfter` seconds (default 30): on a
    /// terminal, the bell or an OSC 9 notification (`codecloud.notify = bell|osc9|off`); and
    /// `codecloud.notifyCommand`, run through the shell with the run as JSON on stdin.
    func signalDone(_ run: RunDetail, waited: Duration) {
        let repository = try? environment.openRepository()
        func config(_ key: String) -> String? {
            let value: String? = try? repository?.configValue(key)
            return value
        }
        // `0` (always signal) is a valid threshold here, though not a valid --timeout.
        let threshold = config("codecloud.notifyAfter").flatMap { $0 == "0" ? 0 : DurationText.seconds(in: $0) } ?? 30
        guard waited >= .seconds(threshold) else { return }
        if environment.terminal.stderrIsTTY {
            switch config("codecloud.notify")?.lowercased() ?? "bell" {
            case "off", "false", "none": break
            // The tool's own control sequences (`errControl`); the service's id and status
            // inside the notification are made inert first.
            case "osc9": environment.output.errControl("\u{1B}]9;" + TerminalText.line("codecloud: run \(run.id) \(run.status)", limit: 200) + "\u{07}")
            default: environment.output.errControl("\u{07}")
            }
        }
        guard let command = config("codecloud.notifyCommand"), !command.isEmpty, let json = try? JSONOutput.encode(run) else { return }
        var variables = environment.variables
        variables["CODECLOUD_API_KEY"] = nil
        do {
            let result = try ChildProcess.run("/bin/sh", ["-c", command], in: environment.currentDirectory, environment: variables, input: json)
            if result.status != 0 {
                environment.output.warning("codecloud.notifyCommand exited with status \(result.status)")
            }
        } catch {
            environment.output.warning("could not run codecloud.notifyCommand: \(error)")
        }
    }
}
