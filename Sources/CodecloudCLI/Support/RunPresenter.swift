import CodecloudAPI
import CodecloudCore
import Foundation
import Synchronization

/// Shows a wait in progress on stderr: one live line on a terminal, otherwise one line per
/// status change (logs and CI stay readable).
final class ProgressPrinter: RunProgressObserver {
    private struct State {
        var lastStatus: RunStatus?
        var liveLineShown = false
        var outageReported = false
    }

    private let output: OutputStreams
    private let live: Bool
    private let state = Mutex(State())

    init(environment: Environment) {
        output = environment.output
        live = environment.stderrIsInteractive
    }

    func observed(_ run: RunDetail, elapsed: Duration) {
        let line = Self.describe(run, elapsed: elapsed)
        state.withLock { state in
            state.outageReported = false
            if live {
                output.errControl("\r\u{1B}[2K" + TerminalText.line(line))
                state.liveLineShown = true
            } else if run.status != state.lastStatus {
                output.err(TerminalText.line(line) + "\n")
            }
            state.lastStatus = run.status
        }
    }

    func pollFailed(_ error: any Error, retryIn: Duration) {
        state.withLock { state in
            guard !state.outageReported else { return }
            state.outageReported = true
            if state.liveLineShown { output.err("\n") }
            output.warning("cannot reach codecloud (\(Self.reason(error))); still waiting, next try in \(formatDuration(retryIn))")
        }
    }

    func unknownStatus(_ run: RunDetail, patience: Duration?) {
        state.withLock { state in
            if state.liveLineShown { output.err("\n") }
            state.liveLineShown = false
            let limit = patience.map { "for up to \(formatDuration($0)) while it lasts" } ?? "until --timeout"
            output.warning(
                "run \(TerminalText.line(run.id)) reports status '\(TerminalText.line(run.status.rawValue))', which this version of git-codecloud does not know; still waiting (\(limit))")
        }
    }

    func finished() {
        state.withLock { state in
            if state.liveLineShown { output.errControl("\r\u{1B}[2K") }
            state.liveLineShown = false
        }
    }

    static func describe(_ run: RunDetail, elapsed: Duration) -> String {
        var parts = ["\(run.status)", formatDuration(elapsed)]
        let tokens = saturatingSum(run.inputTokens, run.outputTokens)
        if tokens > 0 { parts.append("\(compactCount(tokens)) tokens") }
        parts.append("run \(run.id)")
        return parts.joined(separator: " · ")
    }

    private static func reason(_ error: any Error) -> String {
        (error as? any PresentableError)?.message ?? "\(error)"
    }
}

/// Token counts added without trapping: negatives count as 0, the sum stops at `Int.max`.
func saturatingSum(_ counts: Int?...) -> Int {
    counts.reduce(0) { total, count in
        let (sum, overflow) = total.addingReportingOverflow(max(0, count ?? 0))
        return overflow ? Int.max : sum
    }
}

/// 950 → `950`, 12_500 → `12.5k`, 3_200_000 → `3.2M`.
func compactCount(_ count: Int) -> String {
    switch count {
    case ..<1_000: String(count)
    case ..<1_000_000: String(format: "%gk", (Double(count) / 100).rounded() / 10)
    default: String(format: "%gM", (Double(count) / 100_000).rounded() / 10)
    }
}

/// What `fix`, `wait`, `followup`, `execute` and `checkout` print when a run is done.
/// stdout carries the data: the agent's result or plan (or, with `--json`, one object);
/// stderr carries the story: status, PR, what happened to the local branch, what to do next.
struct RunReport: Encodable {
    /// The run as the service returns it.
    var run: RunDetail
    /// What landing did, when the PR branch was checked out.
    var landing: LandingOutcome?
    /// Why the command still fails (landing refused), for `--json` readers.
    var error: ReportedError?
    /// Every round of the run this checkout recorded, with check results (after a landing).
    var rounds: [Round]?

    func print(to environment: Environment, json: Bool) throws {
        let output = environment.output
        let failure = run.status == .failed
            ? WorkflowError(
                "run \(run.id) failed: \(run.error ?? "the service gave no reason")",
                hint: "see the run with 'git codecloud show \(run.id)'; start over with git codecloud fix",
                exitCode: .runFailed)
            : nil
        if json {
            var report = self
            report.error = report.error ?? failure.map(ReportedError.init)
            output.out(try JSONOutput.encode(report))
        } else if let text = run.status == .completed ? (run.mode == .plan ? run.plan : run.result) ?? run.result ?? run.plan : nil,
                  !text.isEmpty {
            output.out(text.hasSuffix("\n") ? text : text + "\n")
        }
        output.err(summaryLines().joined(separator: "\n") + "\n")
        if let landing { output.err(landing.summary) }
        if let failure { throw failure }
    }

    private func summaryLines() -> [String] {
        var headline = "Run \(run.id) \(run.status)"
        if let started = run.startedAt ?? Optional(run.createdAt), let completed = run.completedAt, completed >= started {
            headline += " in \(formatDuration(elapsedSeconds(from: started, to: completed)))"
        }
        if let input = run.inputTokens, let output = run.outputTokens {
            headline += " · \(compactCount(input)) in / \(compactCount(output)) out tokens"
        }
        var lines = [headline]
        for pullRequest in run.prs {
            lines.append("PR #\(pullRequest.number): \(TerminalText.line(pullRequest.url)) (\(TerminalText.line(pullRequest.branch)))")
        }
        return lines
    }

    enum CodingKeys: String, CodingKey { case run, landing, error, rounds }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(run, forKey: .run)
        try container.encode(landing, forKey: .landing)
        try container.encode(error, forKey: .error)
        try container.encode(rounds, forKey: .rounds)
    }
}

/// An error as `--json` shows it: what the `error:` and `hint:` lines say, and the exit code.
struct ReportedError: Encodable {
    var message: String
    var hint: String?
    var exitCode: Int32

    init(_ error: any PresentableError) {
        message = error.message
        hint = error.hint
        exitCode = error.exitCode.rawValue
    }

    enum CodingKeys: String, CodingKey { case message, hint, exitCode = "exit_code" }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(message, forKey: .message)
        try container.encode(hint, forKey: .hint)
        try container.encode(exitCode, forKey: .exitCode)
    }
}

/// What `--json` prints when waiting ends without a finished run (`--timeout`, the service
/// unreachable): the run id to resume with, and why.
struct UnfinishedReport: Encodable {
    var runID: String
    var error: ReportedError

    enum CodingKeys: String, CodingKey { case runID = "run_id", error }
}
