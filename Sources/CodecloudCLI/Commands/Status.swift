import ArgumentParser
import CodecloudCore

// PLACEHOLDER: replaced by the foundation work (issue 2).
struct Status: EnvironmentCommand {
    static let configuration = CommandConfiguration(abstract: "Show what git codecloud infers from this checkout.")
    @Flag(help: "Print one JSON object.") var json = false
    mutating func run(in environment: Environment) async throws {
        throw CLIError("status is not implemented yet", exitCode: .failure)
    }
}
