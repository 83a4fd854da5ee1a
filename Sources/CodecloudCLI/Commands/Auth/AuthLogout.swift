import ArgumentParser
import CodecloudCore

extension Auth {
    /// `git codecloud auth logout`: forget the stored key.
    struct Logout: EnvironmentCommand {
        static let configuration = CommandConfiguration(
            commandName: "logout",
            abstract: "Remove your stored API key.",
            discussion: """
                Removes the key for the configured service from the git credential helper and the \
                credentials file. A key in CODECLOUD_API_KEY stays; unset it yourself.

                Examples:
                  $ git codecloud auth logout
                  $ CODECLOUD_API_URL=http://127.0.0.1:8080 git codecloud auth logout
                """
        )

        mutating func run(in environment: Environment) async throws {
            let configuration = try Dependencies.configuration(environment: environment)
            let workflow = AuthWorkflow(configuration: configuration, environment: environment, transport: Dependencies.transport(for: environment))
            let removed = try workflow.logout()
            let service = configuration.apiURL.absoluteString
            if removed.isEmpty {
                environment.output.err("No stored key for \(service).\n")
            }
            for credential in removed {
                environment.output.err("Removed the key \(credential.redacted) for \(service) from \(credential.location).\n")
            }
        }
    }
}
