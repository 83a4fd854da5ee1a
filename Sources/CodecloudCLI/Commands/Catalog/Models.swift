import ArgumentParser
import CodecloudAPI
import CodecloudCore
import Foundation

/// `git codecloud models`: the models codecloud offers (public, no key needed).
struct Models: EnvironmentCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List the AI models codecloud can run, grouped by provider.",
        discussion: """
            Shows the most recent models of each provider with their capabilities, context \
            window and price in US dollars per million input/output tokens. Needs no API key.

            Examples:
              $ git codecloud models
              $ git codecloud models --provider anthropic
              $ git codecloud models --json | jq '.models.openai[].id'
            """
    )

    @Option(help: ArgumentHelp("Only this provider's models.", valueName: "provider"), completion: .providerIdentifiers)
    var provider: String?

    @Flag(help: "Print the service's answer as JSON.")
    var json = false

    func validate() throws {
        if let provider, provider.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--provider needs a provider id, e.g. anthropic")
        }
    }

    mutating func run(in environment: Environment) async throws {
        let configuration = try Dependencies.configuration(environment: environment)
        let client = ClientFactory.makeClient(
            configuration: configuration, apiKey: nil, environment: environment, transport: Dependencies.transport(for: environment))
        let response = try await client.models(provider: provider)
        if json {
            environment.output.out(try JSONOutput.encode(response))
            return
        }
        if response.models.values.allSatisfy(\.isEmpty) {
            environment.output.err("No models\(provider.map { " for provider '\($0)'" } ?? "").\n")
            environment.output.hint("list the providers with 'git codecloud providers'")
            return
        }
        environment.output.out(Self.table(response))
    }

    static func table(_ response: ModelsResponse) -> String {
        var table = TextTable(headers: ["PROVIDER", "ID", "NAME", "REASONING", "TOOLS", "CONTEXT", "PRICE IN/OUT ($/M)"])
        for provider in response.models.keys.sorted() {
            for model in response.models[provider] ?? [] {
                table.append([
                    provider, model.id, model.name ?? "", yesNo(model.reasoning), yesNo(model.toolCall),
                    model.contextLimit.map(tokens) ?? "-", price(model.pricing),
                ])
            }
        }
        return table.render()
    }

    private static func yesNo(_ value: Bool?) -> String {
        switch value {
        case true?: "yes"
        case false?: "no"
        case nil: "-"
        }
    }

    /// 200000 → `200K`, 1048576 → `1M`.
    static func tokens(_ count: Int) -> String {
        if count >= 1_000_000 { return String(format: "%gM", (Double(count) / 1_000_000 * 10).rounded() / 10) }
        if count >= 1_000 { return "\(count / 1_000)K" }
        return String(count)
    }

    /// `$3 / $15`, `$1.25 / $10`, or `-`.
    static func price(_ pricing: ModelPricing?) -> String {
        guard let pricing, pricing.input != nil || pricing.output != nil else { return "-" }
        func dollars(_ value: Double?) -> String { value.map { "$" + String(format: "%g", $0) } ?? "?" }
        return "\(dollars(pricing.input)) / \(dollars(pricing.output))"
    }
}
