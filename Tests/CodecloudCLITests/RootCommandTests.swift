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
            return try #require(command as? Checkout).landing.preferences()
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

    @Test func aFollowUpGivenOnlyARunIDIsRefusedBeforeAnythingIsSent() async {
        let (code, output) = await run(["followup", "ai8ld4kew2yg29p5"])
        #expect(code == CodecloudExitCode.usage.rawValue)
        #expect(output.stderr == """
            error: 'ai8ld4kew2yg29p5' is a run id, and no follow-up prompt was given
            hint: git codecloud followup ai8ld4kew2yg29p5 "what to do next"

            """)
    }

    @Test(arguments: [["checkout", "../elsewhere"], ["show", "a b"], ["wait", "x/y"], ["diff", "~/r"], ["execute", "."]])
    func whatCannotBeARunIDIsAUsageErrorBeforeAnyRequest(arguments: [String]) async {
        let (code, output) = await run(arguments)
        #expect(code == CodecloudExitCode.usage.rawValue)
        #expect(output.stderr.hasPrefix("error: '\(arguments[1])' is not a run id\nhint: "), "\(output.stderr)")
    }

    @Test func aPathWhereTheRunGoesPointsAtWorktreeEquals() async {
        let (_, output) = await run(["checkout", "--worktree", "../elsewhere"])
        #expect(output.stderr.contains("hint: to land in a directory, attach it to the option: --worktree=../elsewhere"), "\(output.stderr)")
    }

    @Test func checkoutDoesNotOfferNoCheckout() async {
        let (code, output) = await run(["checkout", "--help"])
        #expect(code == 0)
        #expect(output.stdout.contains("--worktree"))
        #expect(!output.stdout.contains("--no-checkout"))
    }

    @Test(arguments: [
        (["frobnicate"], "error: unexpected argument 'frobnicate'\nhint: see 'git codecloud --help'\n"),
        (["show", "--bogus"], "error: unknown option '--bogus'\nhint: see 'git codecloud show --help'\n"),
        (["fix", "x", "--timeout", "soon"],
         "error: the value 'soon' is invalid for '--timeout <duration>'\n"
            + "hint: --timeout takes a duration such as 90s, 10m or 1h30m (a number alone is seconds), at least 1s and at most 168h\n"),
        (["wait", "jd7x8k9m2n3p4q5r", "--timeout", "200h"],
         "error: the value '200h' is invalid for '--timeout <duration>'\n"
            + "hint: --timeout takes a duration such as 90s, 10m or 1h30m (a number alone is seconds), at least 1s and at most 168h\n"),
        (["watch", "--timeout", "0"],
         "error: the value '0' is invalid for '--timeout <duration>'\n"
            + "hint: --timeout takes a duration such as 90s, 10m or 1h30m (a number alone is seconds), at least 1s and at most 168h\n"),
        (["schedule", "show", "sch_1", "--bogus"], "error: unknown option '--bogus'\nhint: see 'git codecloud schedule show --help'\n"),
        (["list", "--all", "-R", "acme/widgets"],
         "error: --all lists every repository; leave out --repo and --remote\nhint: see 'git codecloud list --help'\n"),
    ])
    func usageMistakesAreOneErrorAndOneHint(arguments: [String], expected: String) async {
        let (code, output) = await run(arguments)
        #expect(code == CodecloudExitCode.usage.rawValue)
        #expect(output.stderr == expected)
    }

    @Test func listTakesOnlyTheOptionsThatMeanSomethingForIt() async {
        let branch = await run(["list", "-b", "main"])
        #expect(branch.code == CodecloudExitCode.usage.rawValue)
        let both = await run(["list", "--all", "-R", "acme/widgets"])
        #expect(both.code == CodecloudExitCode.usage.rawValue)
        #expect(both.output.stderr.hasPrefix("error: --all lists every repository; leave out --repo and --remote\n"))
        let bad = await run(["list", "-R", "not-a-slug"])
        #expect(bad.code == CodecloudExitCode.usage.rawValue)
    }
}
