@testable import CodecloudCLI
import CodecloudCore
import Testing

@Suite struct ManualPageTests {
    static func page() async throws -> String {
        ManualPage.render(try await CommandTreeDescription.current())
    }

    @Test func hasTheStandardSectionsInOrder() async throws {
        let page = try await Self.page()
        let sections = page.split(separator: "\n").filter { $0.hasPrefix(".Sh ") }.map { $0.dropFirst(4) }
        #expect(sections == ["NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "LANDING", "ENVIRONMENT", "FILES", "EXIT STATUS", "SEE ALSO"])
        #expect(page.hasPrefix(".Dd "))
        #expect(page.contains(".Dt GIT-CODECLOUD 1\n"))
    }

    @Test func landingSaysWhatRunsThroughGitAndWhatIsRefused() async throws {
        let page = try await Self.page()
        let landing = try #require(page.components(separatedBy: ".Sh LANDING\n").last?.components(separatedBy: ".Sh ENVIRONMENT").first)
        for phrase in ["git update-ref", "git merge", "git worktree add", "compare-and-swap", "ignored files", ".git/codecloud/backup/"] {
            #expect(landing.contains(ManualPage.escapeLine(phrase)) || landing.contains(phrase), "\(phrase)")
        }
    }

    @Test func exitStatusListsEveryExitCodeWithItsMeaning() async throws {
        let page = try await Self.page()
        for code in CodecloudExitCode.allCases {
            #expect(page.contains(".It Sy \(code.rawValue)\n\(ManualPage.escapeLine(ManualPage.sentence(code.meaning)))\n"), "\(code)")
        }
    }

    @Test func environmentListsTheVariablesTheToolReads() async throws {
        let page = try await Self.page()
        for name in ["CODECLOUD_API_KEY", "CODECLOUD_API_URL", "CODECLOUD_DEBUG", "NO_COLOR", "XDG_CACHE_HOME"] {
            #expect(page.contains(".It Ev \(name)\n"), "\(name)")
        }
    }

    @Test func everyVisibleCommandHasASubsectionAndHiddenOnesDoNot() async throws {
        let page = try await Self.page()
        let tree = try await CommandTreeDescription.current()
        for command in tree.command.subcommands ?? [] where command.isVisible && command.commandName != "help" {
            #expect(page.contains(".Ss git codecloud \(command.commandName)\n"), "\(command.commandName)")
        }
        #expect(!page.contains("generate\\-shell\\-integration"))
        #expect(!page.contains(".Ss git codecloud help"))
    }

    @Test func pageIsPlainASCIIWithEscapedHyphensInProse() async throws {
        let page = try await Self.page()
        #expect(page.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(page.contains("git codecloud schedule create \\-\\-cron '0 */6 * * *' \\-F task.md \\e\n"))
        #expect(page.contains("\\-\\-first\\-run 2027\\-03\\-01T00:00Z\n"))
    }

    @Test(arguments: [
        (".starts with a dot", "\\&.starts with a dot"),
        ("a\\b", "a\\eb"),
        ("use `--json`", "use \\fB\\-\\-json\\fP"),
        ("odd ` backtick", "odd ` backtick"),
    ])
    func escapesProse(_ line: String, _ expected: String) {
        #expect(ManualPage.escapeLine(line) == expected)
    }
}
