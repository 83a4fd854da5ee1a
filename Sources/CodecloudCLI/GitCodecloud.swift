import ArgumentParser
import CodecloudCore

/// The root command: `git codecloud …` (git runs `git-codecloud`).
public struct GitCodecloud: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "git-codecloud",
        abstract: "Hand work to codecloud's cloud coding agents and review it as a local branch.",
        discussion: """
            Run inside a git checkout. The repository (owner/repo) and branch are inferred from \
            the checkout; the agent's pull-request branch is fetched and checked out locally.

            Examples:
              $ git codecloud auth login
              $ git codecloud fix "Add JWT authentication"
              $ git codecloud followup "Also cover the refresh token"
              $ git codecloud status

            Exit status:
            \(exitStatusTable)
            """,
        version: CodecloudVersion.current,
        subcommands: [
            Fix.self,
            Plan.self,
            RunCommand.self,
            Execute.self,
            FollowUpCommand.self,
            Wait.self,
            Watch.self,
            Pick.self,
            Checkout.self,
            Show.self,
            List.self,
            Diff.self,
            Review.self,
            Status.self,
            ScheduleCommand.self,
            Auth.self,
            Models.self,
            Providers.self,
            Completion.self,
            GenerateShellIntegration.self,
        ]
    )

    public init() {}

    /// One line per exit code, from the one enum that defines them. Built at every start (the
    /// configuration is read before any parse), so in plain Swift: `padding(toLength:…)` went
    /// through NSString and cost each start about 1 ms.
    private static var exitStatusTable: String {
        CodecloudExitCode.allCases
            .map { code in
                let number = String(code.rawValue)
                return "  " + number + String(repeating: " ", count: max(1, 5 - number.count)) + code.meaning
            }
            .joined(separator: "\n")
    }
}
