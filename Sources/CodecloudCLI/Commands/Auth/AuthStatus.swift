import ArgumentParser
import CodecloudCore

extension Auth {
    /// `git codecloud auth status`: where the key comes from and whether it works.
    struct Status: EnvironmentCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Show where your API key comes from and whether codecloud accepts it.",
            discussion: """
                Exits 0 when a key is found and accepted, 4 when there is no key or the service \
                rejects it, 1 when the service cannot be reached. The key is shown redacted.

                Examples:
                  $ git codecloud auth status
                  $ git codecloud auth status --json
                """
        )

        @Flag(help: "Print one JSON object.")
        var json = false

        mutating func run(in environment: Environment) async throws {
            let configuration = try Dependencies.configuration(environment: environment)
            let workflow = AuthWorkflow(configuration: configuration, environment: environment, transport: Dependencies.transport(for: environment))
            let status = try await workflow.status()
            environment.output.out(json ? try JSONOutput.encode(status) : Self.text(for: status))
            if !status.hasKey {
                throw WorkflowError(
                    "not logged in to \(status.apiURL)",
                    hint: "run 'git codecloud auth login', or set CODECLOUD_API_KEY", exitCode: .authenticationRequired)
            }
            if status.accepted == false {
                throw WorkflowError(
                    "codecloud did not accept the key from \(status.location ?? "?")",
                    hint: "run 'git codecloud auth login' to store a valid key", exitCode: .authenticationRequired)
            }
            if let problem = status.problem {
                throw WorkflowError(problem, exitCode: .failure)
            }
        }

        static func text(for status: AuthStatus) -> String {
            guard let source = status.source, let key = status.redactedKey else {
                return "service: \(status.apiURL)\nkey:     none\n"
            }
            let origin = switch source {
            case .environment: "environment variable \(status.location ?? "CODECLOUD_API_KEY")"
            case .credentialHelper: "git credential helper"
            case .file: status.location ?? "credentials file"
            }
            let accepted = switch status.accepted {
            case true?: "yes"
            case false?: "no"
            case nil: "unknown"
            }
            return "service:  \(status.apiURL)\nkey:      \(key) (from \(origin))\naccepted: \(accepted)\n"
        }
    }
}
