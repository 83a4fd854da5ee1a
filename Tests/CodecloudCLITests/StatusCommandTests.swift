@testable import CodecloudCLI
import CodecloudCore
import CodecloudTestSupport
import Foundation
import Testing

/// `git codecloud status` through the command runner, in real repositories.
@Suite struct StatusCommandTests {
    let sandbox: GitSandbox
    let work: String

    init() throws {
        sandbox = try GitSandbox()
        work = try sandbox.makeRepository(remote: try sandbox.makeBareRemote("octo/widgets"))
    }

    func run(_ arguments: [String], in directory: String? = nil, extra: [String: String] = [:]) async -> (code: Int32, output: CapturedOutput) {
        let output = CapturedOutput()
        let code = await CommandRunner.run(["status"] + arguments, environment: sandbox.environment(in: directory ?? work, output: output, extra: extra))
        return (code, output)
    }

    @Test func printsTheContextForHumans() async throws {
        try sandbox.git("config", "branch.main.codecloudRun", "run_42", in: work)
        let (code, output) = await run([])
        #expect(code == 0)
        let remote = sandbox.scratch.appending("remotes/octo/widgets.git")
        #expect(output.stdout == """
            repository: octo/widgets
            remote:     origin (\(remote))
            branch:     main
            upstream:   origin/main (0 ahead, 0 behind)
            work tree:  clean
            run:        run_42

            """)
        #expect(output.stderr.isEmpty)
    }

    @Test func putsWarningsOnStderr() async throws {
        try writeFile(work + "/new.txt", "x\n")
        let (code, output) = await run([])
        #expect(code == 0)
        #expect(output.stdout.contains("work tree:  1 untracked\n"))
        #expect(output.stderr == "warning: uncommitted changes (1 untracked) stay local; the agent will not see them\n")
    }

    @Test func printsOneJSONObjectWithStableKeys() async throws {
        let (code, output) = await run(["--json"])
        #expect(code == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(Set(object.keys) == [
            "repository", "remote", "remote_url", "branch", "local_branch", "head", "upstream",
            "ahead", "behind", "dirty", "run_id", "pr_number", "warnings",
        ])
        #expect(object["repository"] as? String == "octo/widgets")
        #expect(object["run_id"] is NSNull)
        #expect((object["upstream"] as? [String: String]) == ["remote": "origin", "branch": "main"])
    }

    @Test func outsideARepositoryPrintsOneErrorAndAHint() async throws {
        let outside = try sandbox.scratch.makeDirectory("outside")
        let (code, output) = await run([], in: outside, extra: ["GIT_CEILING_DIRECTORIES": sandbox.scratch.path])
        #expect(code == 1)
        #expect(output.stdout.isEmpty)
        let lines = output.stderr.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("error: not a git repository") == true)
        #expect(lines.last?.hasPrefix("hint: ") == true)
    }

    @Test func badRepositoryOverrideIsAUsageError() async {
        let (code, output) = await run(["-R", "not-a-slug"])
        #expect(code == CodecloudExitCode.usage.rawValue)
        #expect(output.stderr.hasPrefix("error: invalid repository 'not-a-slug'"))
    }
}
