import ArgumentParser
@testable import CodecloudCLI
import Testing

/// What keeps the start-up path from growing with the number of commands.
@Suite struct StartupCostTests {
    private func everyCommand(below command: any ParsableCommand.Type = GitCodecloud.self) -> [any ParsableCommand.Type] {
        [command] + command.configuration.subcommands.flatMap { everyCommand(below: $0) }
    }

    /// ArgumentParser names a command without a `commandName` by `String(describing:)` of its
    /// type, a dynamic cast that scans every protocol conformance record in the (statically
    /// linked) binary; it does so for every command in the tree on every run, `--help` and
    /// `status` alike. That was a third of `--version`'s CPU time in the release build.
    @Test func everyCommandNamesItself() {
        let commands = everyCommand()
        #expect(commands.count > 20)
        for command in commands {
            #expect(command.configuration.commandName != nil, "\(command) needs commandName: in its CommandConfiguration")
        }
    }

    @Test func theNamesAreTheOnesUsersType() {
        let names = GitCodecloud.configuration.subcommands.compactMap { $0.configuration.commandName }
        #expect(names == ["fix", "plan", "run", "execute", "followup", "wait", "watch", "pick", "checkout", "show", "list",
                          "diff", "review", "status", "schedule", "auth", "models", "providers", "completion", "generate-shell-integration"])
        #expect(Auth.configuration.subcommands.compactMap { $0.configuration.commandName } == ["login", "status", "logout"])
    }
}
