@testable import CodecloudCLI
import CodecloudCore
import CodecloudTestSupport
import Testing

@Suite struct ReviewCommandTests {
    @Test func diffWordsSplitIntoARunAndGitOptions() throws {
        let words = try DiffArguments(["--stat", "jd7x8k9m2n3p4q5r", "-U5", "--", "--word-diff", "path"])
        #expect(words.run == "jd7x8k9m2n3p4q5r")
        #expect(words.gitOptions == ["--stat", "-U5", "--word-diff", "path"])
        #expect(try DiffArguments([]).run == nil)
        #expect(throws: (any Error).self) { try DiffArguments(["r1", "r2"]) }
        #expect(throws: (any Error).self) { try DiffArguments(["~/r"]) }
    }

    @Test func gitDiffOptionsReachGitAsTyped() throws {
        let direct = try DiffArguments(Diff.parse(["-U5", "--stat", "-w", "jd7x8k9m2n3p4q5r"]).words)
        #expect(direct.run == "jd7x8k9m2n3p4q5r")
        #expect(direct.gitOptions == ["-U5", "--stat", "-w"])
        let terminated = try DiffArguments(Diff.parse(["--", "--stat"]).words)
        #expect(terminated.run == nil && terminated.gitOptions == ["--stat"])
        let review = try Review.parse(["--round", "2", "--word-diff=color"])
        #expect(review.round == 2)
        #expect(try DiffArguments(review.words).gitOptions == ["--word-diff=color"])
    }

    @Test func theEditorsCommentsAndBlankEdgesAreStrippedLikeGitCommit() {
        let text = "\n\n# instructions\nFirst line   \n\n\n# more\nSecond line\n\n#\n#   result\n"
        #expect(MessageEditor.stripComments(text) == "First line\n\nSecond line")
        #expect(MessageEditor.stripComments("# only\n#\n\n").isEmpty)
    }

    @Test func resumeFlagsAreQuotedForTheShell() {
        #expect(shellQuoted("make") == "make")
        #expect(shellQuoted("make test") == "'make test'")
        #expect(shellQuoted("it's") == #"'it'\''s'"#)
        var settings = ReviewSettings(command: "make test", iterations: 2)
        #expect(settings.resumeFlags == " --verify 'make test' --iterate 2")
        settings.progress.recordSent()
        settings.progress.recordSent()
        #expect(settings.resumeFlags == " --verify 'make test'")
    }

    @Test(arguments: [
        (["fix", "x", "--iterate", "0", "--verify", "true"], "--iterate takes a number of follow-ups from 1 to 20"),
        (["wait", "--verify", " "], "--verify needs a command"),
        (["checkout", "--no-verify", "--verify", "true"], "--no-verify cannot be combined"),
        (["review", "--round", "1", "--all"], "--round and --all exclude each other"),
    ])
    func verifyAndReviewMistakesAreUsageErrors(arguments: [String], message: String) async {
        let output = CapturedOutput()
        let code = await CommandRunner.run(arguments, environment: Environment(variables: [:], currentDirectory: "/", output: output.streams))
        #expect(code == 64)
        #expect(output.stderr.hasPrefix("error: \(message)"), "\(output.stderr)")
    }
}
