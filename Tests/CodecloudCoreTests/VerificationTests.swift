@testable import CodecloudCore
import Foundation
import Testing

@Suite struct VerificationTests {
    @Test func controlSequencesAreStrippedAndRedrawsKeepTheirLastState() {
        let text = "\u{1B}[31mred\u{1B}[0m text\n\u{1B}]0;title\u{07}50%\r100%\n\u{1B}]8;;http://x\u{1B}\\link\u{1B}]8;;\u{1B}\\\tend\u{08}\n"
        #expect(Verification.stripControlSequences(text) == "red text\n100%\nlink\tend\n")
    }

    @Test func secretsURLCredentialsAndTokenShapesAreScrubbed() {
        let text = """
            key=cc_live_ABCDEFGH12345678 url=https://bob:hunter22@git.example.com/r.git
            Authorization: Bearer abc.def.ghi123456 token ghp_0123456789abcdefABCDEF
            custom s3cr3t-value-here plain words
            """
        let scrubbed = Verification.scrub(text, secrets: ["s3cr3t-value-here"])
        for secret in ["cc_live_ABCDEFGH12345678", "hunter22", "bob:", "abc.def.ghi123456", "ghp_0123456789abcdefABCDEF", "s3cr3t-value-here"] {
            #expect(!scrubbed.contains(secret), "\(secret) in \(scrubbed)")
        }
        #expect(scrubbed.contains("https://[redacted]@git.example.com/r.git"))
        #expect(scrubbed.contains("plain words"))
    }

    @Test func theExcerptIsTheScrubbedEndCappedInLinesAndCharacters() {
        let lines = (1...200).map { "line \($0)" }.joined(separator: "\n") + "\nsecret-at-the-end\n\n"
        let excerpt = Verification.excerpt(of: lines, secrets: ["secret-at-the-end"])
        let kept = excerpt.split(separator: "\n")
        #expect(kept.count == Verification.promptLines)
        #expect(kept.last == "[redacted]")
        #expect(kept.first == "line 142")
        let long = String(repeating: "x", count: 10_000)
        #expect(Verification.excerpt(of: long, secrets: []).count == Verification.promptCharacters)
    }

    @Test func theFollowUpPromptNamesTheCommandStatusAndOutputButNeverTheKey() {
        let environment = Environment(
            variables: ["GITHUB_TOKEN": "gho_local_token_value", "HOME": "/h"], currentDirectory: "/", output: OutputStreams(out: { _ in }, err: { _ in }))
        let outcome = Verification.Outcome(
            result: CheckResult(command: "make test", status: 2),
            outputTail: "FAIL: parser\nusing key cc_e2e_0123456789abcdef and gho_local_token_value\n")
        let prompt = Verification.followUpPrompt(for: outcome, landed: "abc1234", secrets: ["cc_e2e_0123456789abcdef"], environment: environment)
        #expect(prompt.hasPrefix("The check `make test` failed with exit status 2 on the branch at abc1234."))
        #expect(prompt.contains("FAIL: parser"))
        #expect(!prompt.contains("cc_e2e_0123456789abcdef") && !prompt.contains("gho_local_token_value"))
    }

    @Test func shortstatIsParsed() {
        #expect(DiffStat.parse(" 3 files changed, 40 insertions(+), 2 deletions(-)\n").text == "3 files changed, +40 \u{2212}2")
        #expect(DiffStat.parse(" 1 file changed, 1 deletion(-)\n") == DiffStat(files: 1, insertions: 0, deletions: 1))
        #expect(DiffStat.parse("") == DiffStat(files: 0, insertions: 0, deletions: 0))
    }
}

@Suite struct TerminalOutputFilterTests {
    @Test func coloursStayOnATerminalAndEverythingElseGoes() {
        var filter = TerminalOutputFilter(keepColours: true)
        let text = "\u{1B}[31mFAIL\u{1B}[0m \u{1B}[2J\u{1B}]52;c;cGF3bmVk\u{07}\u{1B}]0;title\u{1B}\\ok\u{07}\u{1B}c\r\n"
        #expect(filter.filter(Data(text.utf8)) == "\u{1B}[31mFAIL\u{1B}[0m ok\r\n")
        var plain = TerminalOutputFilter(keepColours: false)
        #expect(plain.filter(Data(text.utf8)) == "FAIL ok\r\n")
    }

    @Test func sequencesAndCharactersSplitBetweenChunksAreHeldBack() {
        var filter = TerminalOutputFilter(keepColours: false)
        let bytes = [UInt8]("a\u{1B}]0;evil title\u{07}é✓b".utf8)
        var output = ""
        for byte in bytes { output += filter.filter(Data([byte])) }
        #expect(output == "aé✓b")
    }
}
