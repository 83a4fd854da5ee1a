import CodecloudAPI
import CodecloudCore
import Foundation
import Synchronization

/// A board of several runs on stderr (or, for `watch --json`, JSON lines on stdout), fed by
/// `MultiRunWaiter`: on a terminal a block of lines redrawn in place each tick; elsewhere one
/// plain line whenever a run's status changes, so logs and CI stay readable.
final class RunBoard: MultiRunObserver {
    enum Style {
        /// Redrawn in place (stderr is a terminal).
        case live
        /// One line per status change on stderr.
        case lines
        /// One JSON object per status change on stdout.
        case json
    }

    private struct State {
        var lastStatus: [String: RunStatus] = [:]
        var details: [String: RunDetail] = [:]
        var drawnLines = 0
        var outageReported = false
    }

    private let output: OutputStreams
    private let style: Style
    /// A label per run (`attempt 2/3`); runs without one are shown by id alone.
    private let labels: [String: String]
    private let state = Mutex(State())
    private let now: @Sendable () -> Date

    init(environment: Environment, style: Style? = nil, labels: [String: String] = [:], now: @escaping @Sendable () -> Date = { Date() }) {
        output = environment.output
        self.style = style ?? (environment.stderrIsInteractive ? .live : .lines)
        self.labels = labels
        self.now = now
    }

    /// A run was read in full (it finished): its tokens and PR join the board.
    func read(_ run: RunDetail) {
        state.withLock { $0.details[run.id] = run }
    }

    /// Prints `text` on stderr below the board; the next tick draws a fresh board under it.
    func say(_ text: String) {
        state.withLock { state in
            output.err(text)
            state.drawnLines = 0
        }
    }

    func observed(_ runs: [RunSummary], elapsed: Duration) {
        state.withLock { state in
            state.outageReported = false
            switch style {
            case .live:
                var table = TextTable(headers: labels.isEmpty ? ["RUN", "STATUS", "AGE", "TOKENS", "PR", "TITLE"] : ["ATTEMPT", "RUN", "STATUS", "AGE", "TOKENS", "PR"])
                for run in runs { table.append(cells(run, details: state.details)) }
                let text = table.render()
                // The cursor moves are the tool's own; the cells went through TerminalText.
                if state.drawnLines > 0 { output.errControl("\u{1B}[\(state.drawnLines)A\r\u{1B}[J") }
                output.err(text)
                state.drawnLines = text.split(separator: "\n", omittingEmptySubsequences: false).count - 1
            case .lines, .json:
                for run in runs where run.status != state.lastStatus[run.id] {
                    if style == .json {
                        output.out(jsonLine(run, detail: state.details[run.id]))
                    } else {
                        output.err(line(run, detail: state.details[run.id]) + "\n")
                    }
                }
            }
            for run in runs { state.lastStatus[run.id] = run.status }
        }
    }

    func pollFailed(_ error: any Error, retryIn: Duration) {
        state.withLock { state in
            guard !state.outageReported else { return }
            state.outageReported = true
            state.drawnLines = 0
            let reason = (error as? any PresentableError)?.message ?? "\(error)"
            output.warning("cannot reach codecloud (\(TerminalText.line(reason, limit: 200))); still waiting, next try in \(formatDuration(retryIn))")
        }
    }

    func finished() {}

    // MARK: Rendering

    private func age(_ run: RunSummary) -> String {
        let end = run.completedAt ?? now()
        return formatDuration(.seconds(max(0, Int(end.timeIntervalSince(run.createdAt)))))
    }

    private func tokens(_ detail: RunDetail?) -> String {
        guard let detail, let input = detail.inputTokens, let output = detail.outputTokens else { return "-" }
        return compactCount(input + output)
    }

    private func pullRequest(_ detail: RunDetail?) -> String {
        guard let first = detail?.prs.first else { return "-" }
        return "#\(first.number)"
    }

    private func cells(_ run: RunSummary, details: [String: RunDetail]) -> [String] {
        let detail = details[run.id]
        let status = TerminalText.line("\(run.status)", limit: 200)
        if let label = labels[run.id] {
            return [label, run.id, status, age(run), tokens(detail), pullRequest(detail)]
        }
        return [run.id, status, age(run), tokens(detail), pullRequest(detail), TerminalText.line(run.title ?? "", limit: 60)]
    }

    private func line(_ run: RunSummary, detail: RunDetail?) -> String {
        var parts = [labels[run.id].map { "\($0) · run \(run.id)" } ?? "run \(run.id)", TerminalText.line("\(run.status)", limit: 200), age(run)]
        if detail != nil { parts.append("\(tokens(detail)) tokens") }
        if let pullRequest = detail?.prs.first { parts.append("PR #\(pullRequest.number)") }
        if labels[run.id] == nil, let title = run.title, !title.isEmpty { parts.append(TerminalText.line(title, limit: 60)) }
        return parts.joined(separator: " · ")
    }

    /// `watch --json`: one compact object per status change; text verbatim (JSON escapes it).
    private func jsonLine(_ run: RunSummary, detail: RunDetail?) -> String {
        struct Line: Encodable {
            var id: String
            var status: String
            var repo: String?
            var title: String?
            var createdAt: Date
            var completedAt: Date?
            var inputTokens: Int?
            var outputTokens: Int?
            var prURL: String?
            enum CodingKeys: String, CodingKey {
                case id, status, repo, title, createdAt = "created_at", completedAt = "completed_at"
                case inputTokens = "input_tokens", outputTokens = "output_tokens", prURL = "pr_url"
            }
        }
        let value = Line(
            id: run.id, status: "\(run.status)", repo: run.repo, title: run.title, createdAt: run.createdAt,
            completedAt: run.completedAt, inputTokens: detail?.inputTokens, outputTokens: detail?.outputTokens,
            prURL: detail?.prs.first?.url ?? detail?.prURL)
        let data = (try? WireFormat.makeEncoder().encode(value)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
