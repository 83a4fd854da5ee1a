import CodecloudAPI
import CodecloudCore
import CodecloudGit
import Foundation
import Synchronization

/// `fix --attempts N` (and `run --attempts N`): N creates of the same prompt from the same
/// base, then `AttemptsFinisher` waits for all of them at once and lands each beside the
/// repository as it completes.
struct FanOutFlow {
    var newRun: NewRun
    var attempts: Int
    var context: ContextOptions
    var wait: WaitOptions
    var checkout: Bool

    func run(in environment: Environment) async throws {
        try newRun.validate()
        let driver = try RunDriver.make(in: environment, context: context)
        let newRun = self.newRun, attempts = self.attempts, wait = self.wait, checkout = self.checkout
        try await interruptible(in: environment, json: wait.json) { resume in
            var ids: [String] = []
            var repositoryContext: RepositoryContext?
            for attempt in 1...attempts {
                // Warnings about the checkout (unpushed commits, …) are said once, for the first create.
                let session = attempt == 1 ? driver.session : driver.session.quietened()
                environment.output.err("Creating attempt \(attempt)/\(attempts)…\n")
                let submission: RunSession.Submission
                do {
                    submission = try await session.submit(newRun)
                } catch let error as any PresentableError where !ids.isEmpty {
                    // Each create is sent once: a failed or unknown one is reported, never re-sent.
                    environment.output.warning(
                        "attempt \(attempt)/\(attempts) was not created: \(TerminalText.line(error.message, limit: 200)); going on with the \(ids.count) created")
                    break
                }
                ids.append(submission.runID)
                repositoryContext = repositoryContext ?? submission.context
                resume.set(all: ids)
                environment.output.err("Submitted run \(submission.runID) (attempt \(attempt)/\(attempts))"
                    + (submission.context.map { " on \($0.repository)" + ($0.branch.map { " (\($0))" } ?? "") } ?? "") + "\n")
            }
            if let repository = try? environment.openRepository() {
                do {
                    let group = try FanOutRecord(repository, environment: environment).recordGroup(ids)
                    try repository.setConfigValue(group, forKey: "codecloud.lastFanOut")
                } catch {
                    environment.output.warning("could not record the attempts in this checkout's git config: \(error)")
                }
            }
            if wait.noWait {
                if wait.json {
                    environment.output.out(try JSONOutput.encode(ids.map { ["id": $0, "status": "queued"] }))
                } else {
                    environment.output.out(ids.joined(separator: "\n") + "\n")
                }
                environment.output.hint("follow them with 'git codecloud wait \(ids.joined(separator: " "))'")
                return
            }
            try await AttemptsFinisher(driver: driver).finish(
                runIDs: ids, labelled: true, timeout: wait.timeout, json: wait.json, checkout: checkout, context: repositoryContext)
        }
    }
}

extension RunSession {
    /// The same session, saying no warnings (for the second and later creates of a fan-out)
    /// and checking no model again.
    func quietened() -> RunSession {
        var quiet = environment
        let output = environment.output
        quiet.output = OutputStreams(out: { output.out($0) }, err: { text in
            if !text.hasPrefix("warning: ") { output.err(text) }
        })
        return RunSession(environment: quiet, configuration: configuration, client: client, waiter: waiter)
    }
}

/// One row of the comparison table: one attempt, as its run finished and where it landed.
/// Encodable for `--json`; new columns (the `--verify` result) go in `AttemptTable.columns`.
struct AttemptReport: Encodable, Sendable {
    var runID: String
    /// `attempt i/N` when the runs are one fan-out.
    var label: String?
    var status: String
    var run: RunDetail?
    var landing: LandingOutcome?
    var changes: ChangeStatistics?
    /// The result of `--verify` in this attempt's worktree, once that exists.
    var verify: String?
    var error: ReportedError?

    var tokens: Int? {
        guard let run, let input = run.inputTokens, let output = run.outputTokens else { return nil }
        return input + output
    }

    var duration: Duration? {
        guard let run, let completed = run.completedAt else { return nil }
        let started = run.startedAt ?? run.createdAt
        return completed >= started ? .seconds(Int(completed.timeIntervalSince(started))) : nil
    }

    enum CodingKeys: String, CodingKey {
        case runID = "id", label, status, run, landing, changes, verify, error, tokens, durationSeconds = "duration_seconds"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(runID, forKey: .runID)
        try container.encode(label, forKey: .label)
        try container.encode(status, forKey: .status)
        try container.encode(run, forKey: .run)
        try container.encode(landing, forKey: .landing)
        try container.encode(changes, forKey: .changes)
        try container.encode(verify, forKey: .verify)
        try container.encode(error, forKey: .error)
        try container.encode(tokens, forKey: .tokens)
        try container.encode(duration.map { Int($0.components.seconds) }, forKey: .durationSeconds)
    }
}

/// The comparison table of attempts (stdout).
enum AttemptTable {
    /// The columns in order: a header and how to fill its cell.
    static let columns: [(header: String, cell: @Sendable (AttemptReport) -> String)] = [
        ("RUN", { $0.runID }),
        ("STATUS", { TerminalText.line($0.status, limit: 200) }),
        ("WORKTREE", { report in report.landing.map { $0.worktreePath.map(AttemptTable.relativeToParent) ?? $0.localBranch } ?? "-" }),
        ("FILES", { $0.changes.map { String($0.filesChanged) } ?? "-" }),
        ("+/-", { $0.changes.map { "+\($0.insertions)/-\($0.deletions)" } ?? "-" }),
        ("TOKENS", { $0.tokens.map(compactCount) ?? "-" }),
        ("DURATION", { $0.duration.map(formatDuration) ?? "-" }),
        ("VERIFY", { $0.verify ?? "-" }),
    ]

    static func render(_ reports: [AttemptReport]) -> String {
        var table = TextTable(headers: columns.map(\.header))
        for report in reports { table.append(columns.map { $0.cell(report) }) }
        return table.render()
    }

    /// `../widgets-codecloud-add-auth` for a worktree beside the repository: short, and what
    /// `cd` takes from the repository's top directory.
    @Sendable static func relativeToParent(_ path: String) -> String {
        "../" + (path as NSString).lastPathComponent
    }
}

/// What `--json` prints for a fan-out or a multi-run `wait`.
struct AttemptsReport: Encodable {
    var group: String?
    var attempts: [AttemptReport]
}

/// Waits for several runs with one list request per tick, landing each completed one in its
/// own worktree beside the repository as soon as it finishes; then prints the comparison table.
struct AttemptsFinisher {
    let driver: RunDriver

    func finish(
        runIDs: [String], labelled: Bool, timeout: TimeoutDuration?, json: Bool, checkout: Bool, context: RepositoryContext?
    ) async throws {
        let environment = driver.environment
        let session = driver.session
        let (group, labels) = Self.labels(for: runIDs, labelled: labelled, in: environment)
        let board = RunBoard(environment: environment, labels: labels)
        let reports = Mutex<[String: AttemptReport]>([:])
        let outcome = try await MultiRunWaiter.using(session.client).wait(
            forRuns: runIDs, timeout: timeout?.duration, observer: board
        ) { run in
            var report = AttemptReport(runID: run.id, label: labels[run.id], status: "\(run.status)", run: run)
            let name = labels[run.id].map { "\($0) (run \(run.id))" } ?? "run \(run.id)"
            if run.status == .failed {
                board.say("\(name) failed: \(TerminalText.line(run.error ?? "the service gave no reason", limit: 200))\n")
                report.error = ReportedError(WorkflowError(
                    "run \(run.id) failed: \(run.error ?? "the service gave no reason")",
                    hint: "see the run with 'git codecloud show \(run.id)'", exitCode: .runFailed))
            } else if checkout {
                do {
                    if let landing = try session.land(run, preferences: LandingPreferences(checkout: true, worktree: .besideRepository), context: context) {
                        report.landing = landing
                        if let repository = try? environment.openRepository() {
                            let record = FanOutRecord(repository, environment: environment)
                            try? record.recordLanding(runID: run.id, branch: landing.localBranch, worktree: landing.worktreePath)
                            report.changes = record.changes(ofRun: run.id, branch: landing.localBranch, remote: landing.remote)
                        }
                        board.say("\(name) completed: branch '\(landing.localBranch)' in \(landing.worktreePath ?? "this worktree")\n")
                    } else {
                        board.say("\(name) completed without a pull request; nothing to check out\n")
                    }
                } catch {
                    let presentable = (error as? any PresentableError) ?? WorkflowError("\(error)")
                    report.error = ReportedError(presentable)
                    board.say("\(name) completed, but was not checked out: \(TerminalText.line(presentable.message, limit: 200))\n")
                }
            } else {
                board.say("\(name) completed\n")
            }
            reports.withLock { $0[run.id] = report }
        }

        var rows: [AttemptReport] = []
        for id in outcome.order {
            if let report = reports.withLock({ $0[id] }) {
                rows.append(report)
            } else if let status = outcome.unfinished[id] {
                rows.append(AttemptReport(runID: id, label: labels[id], status: "\(status)"))
            } else {
                let message = outcome.unreadable[id] ?? "not found"
                rows.append(AttemptReport(
                    runID: id, label: labels[id], status: "unknown",
                    error: ReportedError(WorkflowError("run \(id) could not be read: \(message)"))))
            }
        }
        if json {
            environment.output.out(try JSONOutput.encode(AttemptsReport(group: group, attempts: rows)))
        } else {
            environment.output.out(AttemptTable.render(rows))
        }

        let completed = rows.filter { $0.status == "completed" }
        let failed = rows.filter { $0.status == "failed" }
        if outcome.timedOut {
            let waiting = outcome.order.filter { outcome.unfinished[$0] != nil }
            throw WorkflowError(
                "\(waiting.count == 1 ? "run \(waiting[0]) is" : "runs \(waiting.joined(separator: ", ")) are") still going after \(formatDuration(timeout?.duration ?? .zero)); \(waiting.count == 1 ? "it keeps" : "they keep") going on codecloud",
                hint: "resume waiting with 'git codecloud wait \(waiting.joined(separator: " "))'", exitCode: .timedOut)
        }
        if completed.isEmpty {
            throw WorkflowError(
                rows.count == 1 ? "the run failed" : "all \(rows.count) runs failed",
                hint: "see why with 'git codecloud show \(rows[0].runID)'; start over with git codecloud fix", exitCode: .runFailed)
        }
        if !failed.isEmpty {
            environment.output.warning("\(failed.count) of \(rows.count) \(rows.count == 1 ? "run" : "runs") failed: \(failed.map(\.runID).joined(separator: ", "))")
        }
        if group != nil, completed.contains(where: { $0.landing != nil }) {
            environment.output.hint("compare the worktrees, then keep one with 'git codecloud pick RUN' (the others are removed; their tips are kept under refs/codecloud/backup/)")
        }
    }

    /// The fan-out group the runs belong to (if recorded) and an `attempt i/N` label per run
    /// when they are one.
    private static func labels(for runIDs: [String], labelled: Bool, in environment: Environment) -> (String?, [String: String]) {
        let repository = try? environment.openRepository()
        let record = repository.map { FanOutRecord($0, environment: environment) }
        let group = (try? record?.group(ofRun: runIDs[0])) ?? nil
        var labels: [String: String] = [:]
        guard labelled || group != nil else { return (group, labels) }
        let members = ((try? group.flatMap { try record?.runs(ofGroup: $0) }) ?? nil) ?? runIDs
        for (index, id) in runIDs.enumerated() {
            let position = (members.firstIndex(of: id) ?? index) + 1
            labels[id] = "attempt \(position)/\(max(members.count, runIDs.count))"
        }
        return (group, labels)
    }
}
