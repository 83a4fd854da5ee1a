import ArgumentParser
import CodecloudAPI
import CodecloudCore

/// `git codecloud schedule …`: agents that run on a cron schedule or once at a set time.
/// (Named with a suffix, like `RunCommand`, because CodecloudAPI's `Schedule` is the data.)
struct ScheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Run agents on a cron schedule or once at a set time.",
        discussion: """
            Each firing starts an independent run with the same prompt; runs created by a \
            schedule carry its id. When a firing finds the account's run limit reached, it is \
            skipped (not queued) and counted.

            Examples:
              $ git codecloud schedule create --cron '0 9 * * MON-FRI' "Fix failing tests"
              $ git codecloud schedule list --status active
              $ git codecloud schedule delete k3v9x2m8q1w7z5p4 --yes
            """,
        subcommands: [ScheduleCreate.self, ScheduleList.self, ScheduleShow.self, ScheduleDelete.self]
    )

    /// A client with the stored key (exit 4 without one).
    static func client(in environment: Environment) throws -> CodecloudClient {
        let configuration = try Dependencies.configuration(environment: environment)
        let credential = try ClientFactory.requireKey(configuration: configuration, environment: environment)
        return ClientFactory.makeClient(
            configuration: configuration, apiKey: credential.key, environment: environment, transport: Dependencies.transport(for: environment))
    }

    /// `recurring (0 9 * * MON-FRI)` or `once`.
    static func describeType(_ type: ScheduleType, cron: String?) -> String {
        switch type {
        case .recurring: cron.map { "recurring (\($0))" } ?? "recurring"
        default: "\(type)"
        }
    }
}
