import ArgumentParser
import CodecloudCore

extension Auth {
    /// `git codecloud auth login`: check a key with the service, then store it.
    struct Login: EnvironmentCommand {
        static let configuration = CommandConfiguration(
            commandName: "login",
            abstract: "Check an API key with codecloud and store it.",
            discussion: """
                Reads the key from stdin: with --with-key from a pipe or file, otherwise from a \
                prompt that does not echo. The key is checked with the service first, then kept \
                by your git credential helper when one is configured, or in \
                $XDG_CONFIG_HOME/git-codecloud/credentials (mode 0600).

                Examples:
                  $ git codecloud auth login
                  $ git codecloud auth login --with-key < ~/codecloud-key.txt
                  $ pass show codecloud | git codecloud auth login --with-key
                """
        )

        @Flag(name: .customLong("with-key"), help: "Read the key from stdin instead of prompting.")
        var withKey = false

        mutating func run(in environment: Environment) async throws {
            let configuration = try Dependencies.configuration(environment: environment)
            let key: String
            if withKey {
                key = environment.input.readAll()
            } else if environment.terminal.stdinIsTTY {
                key = environment.input.readSecret(prompt: "Paste your codecloud API key (input is hidden): ", output: environment.output) ?? ""
            } else {
                throw CLIError(
                    "stdin is not a terminal, so the key cannot be prompted for",
                    hint: "pipe it in: git codecloud auth login --with-key < key.txt")
            }
            let workflow = AuthWorkflow(configuration: configuration, environment: environment, transport: Dependencies.transport(for: environment))
            let credential = try await workflow.login(key: key)
            environment.output.err("Logged in to \(configuration.apiURL.absoluteString) with key \(credential.redacted), stored in \(credential.location).\n")
            if !(environment.variables["CODECLOUD_API_KEY"] ?? "").isEmpty {
                environment.output.warning("CODECLOUD_API_KEY is set and overrides the stored key; unset it to use the stored one")
            }
        }
    }
}
