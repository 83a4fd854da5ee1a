@testable import CodecloudAPI
@testable import CodecloudCLI
@testable import CodecloudCore
import CodecloudGit
import Foundation
import Testing

/// The `--json` field lists are a scripting contract: scripts read these keys, so changing one
/// is a breaking change. Each test encodes a fully populated value through the one shared
/// encoder and pins the keys it produces.
@Suite struct JSONContractTests {
    private func keys(of value: some Encodable) throws -> [String] {
        let data = Data(try JSONOutput.encode(value).utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return object.keys.sorted()
    }

    private let date = Date(timeIntervalSince1970: 1_764_400_000)

    private var run: RunDetail {
        RunDetail(
            id: "jd7x8k9m2n3p4q5r", title: "Add JWT auth", status: .completed, mode: .execute, model: "claude-sonnet-4-5",
            provider: "anthropic", result: "Done", plan: "1. Do it", error: "none", repo: "acme/widgets", prompt: "Add JWT auth",
            prURL: "https://github.com/acme/widgets/pull/7", prNumber: 7,
            prs: [PullRequest(url: "https://github.com/acme/widgets/pull/7", number: 7, branch: "codecloud/add-jwt-auth", repo: "acme/widgets", title: "Add JWT auth")],
            inputTokens: 12_500, outputTokens: 3_200, scheduleID: "sch_1", createdAt: date, startedAt: date, completedAt: date)
    }

    @Test func runCommandsReportRunAndLanding() throws {
        let landing = LandingOutcome(
            localBranch: "codecloud/add-jwt-auth", remote: "origin", remoteBranch: "codecloud/add-jwt-auth",
            commit: ObjectID(hex: String(repeating: "a", count: 40)),
            action: .forced(from: ObjectID(hex: String(repeating: "b", count: 40)), backupReference: "refs/codecloud/backup/x/1"),
            worktreePath: "/tmp/w", fetchedWith: .git)
        #expect(try keys(of: RunReport(run: run, landing: landing)) == ["error", "landing", "rounds", "run"])
        let round = Round(number: 2, previous: ObjectID(hex: String(repeating: "a", count: 40)), landed: ObjectID(hex: String(repeating: "b", count: 40)),
                          check: CheckResult(command: "make test", status: 2))
        #expect(try keys(of: round) == ["check", "landed_commit", "previous_commit", "round"])
        #expect(try keys(of: round.check!) == ["command", "exit_status", "passed"])
        let refused = ReportedError(WorkflowError("not touching a work tree with local changes: a.txt", hint: "commit", exitCode: .localWorkProtected))
        #expect(try keys(of: refused) == ["exit_code", "hint", "message"])
        #expect(try keys(of: UnfinishedReport(runID: "r1", error: refused)) == ["error", "run_id"])
        #expect(try keys(of: landing) == [
            "action", "backup_ref", "commit", "fetched_with", "left_behind_commit", "left_behind_ref", "local_branch", "previous_commit",
            "remote", "remote_branch", "worktree_path",
        ].sorted())
    }

    @Test func showPrintsTheRunAsTheServiceReturnsIt() throws {
        #expect(try keys(of: run) == [
            "completedAt", "createdAt", "error", "id", "input_tokens", "mode", "model", "output_tokens", "plan", "pr_number",
            "pr_url", "prompt", "provider", "prs", "repo", "result", "schedule_id", "startedAt", "status", "title",
        ].sorted())
    }

    @Test func listPrintsRunSummaries() throws {
        let summary = RunSummary(
            id: "jd7x8k9m2n3p4q5r", title: "t", status: .running, model: "m", provider: "p", repo: "acme/widgets",
            createdAt: date, completedAt: date)
        #expect(try keys(of: summary) == ["completedAt", "createdAt", "id", "model", "provider", "repo", "status", "title"])
    }

    @Test func statusKeysAreStable() throws {
        let context = RepositoryContext(
            repository: RepositorySlug(owner: "acme", name: "widgets"), remote: "origin", remoteURL: "git@github.com:acme/widgets.git",
            branch: "main", localBranch: "main", head: ObjectID(hex: String(repeating: "c", count: 40)),
            upstream: nil, ahead: 0, behind: 0, workTree: nil, linkedRun: "jd7x8k9m2n3p4q5r", linkedPR: 7, warnings: [])
        #expect(try keys(of: StatusJSON(context)) == [
            "ahead", "behind", "branch", "dirty", "head", "local_branch", "pr_number", "remote", "remote_url", "repository",
            "run_id", "upstream", "warnings",
        ])
    }

    @Test func authStatusKeysAreStable() throws {
        let status = AuthStatus(
            apiURL: "https://codecloud.dev", source: .environment, location: "CODECLOUD_API_KEY", redactedKey: "cc_ab…",
            accepted: true, problem: "none")
        #expect(try keys(of: status) == ["accepted", "api_url", "key", "location", "problem", "source"])
        // Without a key the shape stays the same, with nulls.
        #expect(try keys(of: AuthStatus(apiURL: "https://codecloud.dev")) == ["accepted", "api_url", "key", "location", "problem", "source"])
    }

    @Test func scheduleKeysAreStable() throws {
        let detail = Schedule(
            id: "sch_1", type: .recurring, status: .active, prompt: "p", repo: "acme/widgets", cron: "0 9 * * MON-FRI",
            nextRunAt: date, totalRuns: 3, totalSkips: 1, lastRunAt: date, createdAt: date, lastRunID: "jd7x8k9m2n3p4q5r")
        #expect(try keys(of: detail) == [
            "created_at", "cron", "id", "last_run_at", "last_run_id", "next_run_at", "prompt", "repo", "status", "total_runs",
            "total_skips", "type",
        ])
    }

    @Test func timestampsKeepTheServicesMilliseconds() throws {
        struct Stamped: Encodable { var at: Date }
        let text = try JSONOutput.encode(Stamped(at: Date(timeIntervalSince1970: 1_700_000_000.127)))
        #expect(text.contains(#""at" : "2023-11-14T22:13:20.127Z""#), "\(text)")
    }
}
