import ArgumentParser

// PLACEHOLDER: replaced by the API client work (issue 3).
struct Auth: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Store, check or remove your codecloud API key.", subcommands: [])
}
