@testable import CodecloudCLI
import CodecloudCore
import CodecloudTestSupport
import Testing

@Suite struct RootCommandTests {
    private func run(_ arguments: [String]) async -> (code: Int32, output: CapturedOutput) {
        let output = CapturedOutput()
        let environment = Environment(variables: [:], currentDirectory: "/", output: output.streams)
        let code = await CommandRunner.run(arguments, environment: environment)
        return (code, output)
    }

    @Test func versionPrintsTheVersionOnStdout() async {
        let (code, output) = await run(["--version"])
        #expect(code == 0)
        #expect(output.stdout == CodecloudVersion.current + "\n")
        #expect(output.stderr.isEmpty)
    }

    @Test func unknownSubcommandIsAUsageError() async {
        let (code, output) = await run(["frobnicate"])
        #expect(code == CodecloudExitCode.usage.rawValue)
        #expect(output.stderr.hasPrefix("error: "))
        #expect(output.stdout.isEmpty)
    }

    @Test func worktreeTakesAnOptionalValueTheWayGitSpellsIt() throws {
        func landing(_ arguments: [String]) throws -> LandingPreferences {
            let command = try GitCodecloud.parseAsRoot(OptionalValueSpelling.expand(["checkout", "r1"] + arguments))
            return try #require(command as? Checkout).landing.preferences
        }
        #expect(try landing(["--worktree"]).worktree == .besideRepository)
        #expect(try landing(["--worktree=../review"]).worktree == .path("../review"))
        #expect(try landing(["--worktree=a=b"]).worktree == .path("a=b"))
        #expect(try landing(["--worktree=-review"]).worktree == .path("-review"))
        #expect(try landing(["--worktree-path", "../review"]).worktree == .path("../review"))
        #expect(try landing([]).worktree == nil)
    }

    @Test func onlyOptionsBeforeTheDoubleDashAreRewritten() {
        #expect(OptionalValueSpelling.expand(["fix", "--worktree=w", "--", "--worktree=x"])
            == ["fix", "--worktree-path=w", "--", "--worktree=x"])
        #expect(OptionalValueSpelling.expand(["fix", "--worktrees=x", "--model=m"]) == ["fix", "--worktrees=x", "--model=m"])
        // Commands without landing options report `--worktree=…` as unknown, as typed.
        #expect(OptionalValueSpelling.expand(["show", "--worktree=w"]) == ["show", "--worktree=w"])
    }

    @Test func anEmptyWorktreePathIsAUsageError() async {
        let (code, output) = await run(["checkout", "r1", "--worktree="])
        #expect(code == CodecloudExitCode.usage.rawValue)
        #expect(output.stderr.hasPrefix("error: --worktree=PATH needs a path"), "\(output.stderr)")
    }
}
