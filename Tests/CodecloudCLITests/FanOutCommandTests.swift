@testable import CodecloudAPI
@testable import CodecloudCLI
import CodecloudCore
import CodecloudTestSupport
import Foundation
import Testing

/// Parsing and rendering of `--attempts`, `pick`, `watch` and multi-run `wait`; the workflows
/// themselves run end to end (Tests/EndToEndTests/FanOutEndToEndTests.swift).
@Suite struct FanOutCommandTests {
    private func run(_ arguments: [String]) async -> (code: Int32, output: CapturedOutput) {
        let output = CapturedOutput()
        let environment = Environment(variables: [:], currentDirectory: "/", output: output.streams)
        let code = await CommandRunner.run(arguments, environment: environment)
        return (code, output)
    }

    @Test(arguments: [
        (["fix", "x", "--attempts", "1"], "--attempts must be between 2 and 5, got 1"),
        (["fix", "x", "--attempts", "6"], "--attempts must be between 2 and 5, got 6"),
        (["fix", "x", "--attempts", "3", "--worktree"], "leave out --worktree"),
        (["fix", "x", "--attempts", "3", "--force"], "leave out --force"),
        (["run", "x", "--mode", "plan", "--attempts", "2"], "--attempts needs execute mode"),
        (["wait", "jd7x8k9m2n3p4q5r", "k2m4n6p8q0r1s3t5", "--worktree"], "leave out --worktree"),
        (["wait", "--all", "jd7x8k9m2n3p4q5r"], "--all waits for this repository's active runs"),
    ])
    func misuseIsAUsageErrorBeforeAnythingIsSent(arguments: [String], message: String) async {
        let (code, output) = await run(arguments)
        #expect(code == CodecloudExitCode.usage.rawValue)
        #expect(output.stderr.contains(message), "\(output.stderr)")
    }

    @Test func theComparisonTableHasAColumnPerFactAndRoomForVerify() {
        let run = RunDetail(
            id: "jd7x8k9m2n3p4q5r", status: .completed, prompt: "p", inputTokens: 12_000, outputTokens: 3_500,
            createdAt: Date(timeIntervalSince1970: 0), startedAt: Date(timeIntervalSince1970: 10),
            completedAt: Date(timeIntervalSince1970: 190))
        let report = AttemptReport(
            runID: run.id, label: "attempt 1/2", status: "completed", run: run,
            changes: ChangeStatistics(filesChanged: 3, insertions: 41, deletions: 12))
        let failed = AttemptReport(runID: "k2m4n6p8q0r1s3t5", status: "failed\u{1B}[31m")
        let lines = AttemptTable.render([report, failed]).split(separator: "\n").map { $0.split(separator: " ") }
        #expect(lines[0] == ["RUN", "STATUS", "WORKTREE", "FILES", "+/-", "TOKENS", "DURATION", "VERIFY"])
        #expect(lines[1] == ["jd7x8k9m2n3p4q5r", "completed", "-", "3", "+41/-12", "15.5k", "3m00s", "-"])
        #expect(lines[2] == ["k2m4n6p8q0r1s3t5", "failed^[[31m", "-", "-", "-", "-", "-", "-"], "no escape reaches the terminal")
    }

    @Test func serviceTextLosesControlCharactersAndLongTails() {
        let shown = TerminalText.line("ok\u{1B}]0;pwned\u{07}\r\nnext\u{202E}", limit: 200)
        #expect(!shown.unicodeScalars.contains { TerminalText.needsEscaping($0) || $0 == "\n" || $0 == "\r" }, "\(shown)")
        #expect(shown.hasPrefix("ok^[]0;pwned^G  next"))
        #expect(TerminalText.line(String(repeating: "a", count: 300), limit: 10) == "aaaaaaaaa…")
    }

    @Test func waitTakesSeveralRuns() throws {
        let command = try #require(try GitCodecloud.parseAsRoot(["wait", "jd7x8k9m2n3p4q5r", "k2m4n6p8q0r1s3t5"]) as? Wait)
        #expect(command.runs == ["jd7x8k9m2n3p4q5r", "k2m4n6p8q0r1s3t5"])
    }

    @Test func theLiveBoardRedrawsItselfInPlace() {
        let output = CapturedOutput()
        let environment = Environment(variables: [:], currentDirectory: "/", output: output.streams)
        let created = Date(timeIntervalSince1970: 1_700_000_000)
        let board = RunBoard(environment: environment, style: .live, now: { created.addingTimeInterval(42) })
        let queued = RunSummary(id: "jd7x8k9m2n3p4q5r", title: "Tune\u{1B}[2J the cache", status: .queued, createdAt: created)
        board.observed([queued], elapsed: .zero)
        let first = output.stderr
        #expect(first.hasPrefix("RUN "))
        #expect(first.contains("jd7x8k9m2n3p4q5r  queued  42s"))
        #expect(!first.contains("\u{1B}[2J"), "the title's escape is stripped")
        var running = queued
        running.status = .running
        board.observed([running], elapsed: .seconds(1))
        let second = String(output.stderr.dropFirst(first.count))
        #expect(second.hasPrefix("\u{1B}[2A\r\u{1B}[J"), "two lines (header and one run) are erased: \(second.debugDescription)")
        #expect(second.contains("running"))
    }
}
