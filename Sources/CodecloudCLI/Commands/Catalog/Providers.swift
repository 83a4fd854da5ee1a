import ArgumentParser
import CodecloudAPI
import CodecloudCore

/// `git codecloud providers`: providers and the credentials each needs (public, no key needed).
struct Providers: EnvironmentCommand {
    static let configuration = CommandConfiguration(
        commandName: "providers",
        abstract: "List AI providers and the credentials each needs on your codecloud account.",
        discussion: """
            The credentials are configured in the codecloud dashboard; optional ones are marked. \
            Needs no API key.

            Examples:
              $ git codecloud providers
              $ git codecloud providers --json
            """
    )

    @Flag(help: "Print the providers as JSON.")
    var json = false

    mutating func run(in environment: Environment) async throws {
        let configuration = try Dependencies.configuration(environment: environment)
        let client = ClientFactory.makeClient(
            configuration: configuration, apiKey: nil, environment: environment, transport: Dependencies.transport(for: environment))
        let providers = try await client.providers()
        environment.output.out(json ? try JSONOutput.encode(providers) : Self.table(providers))
    }

    static func table(_ providers: [Provider]) -> String {
        var table = TextTable(headers: ["ID", "NAME", "CREDENTIALS"])
        for provider in providers {
            let credentials = provider.credentials.map { $0.isRequired ? $0.key : "\($0.key) (optional)" }
            table.append([provider.id, provider.name, credentials.isEmpty ? "-" : credentials.joined(separator: ", ")])
        }
        return table.render()
    }
}
