import ArgumentParser
import CodecloudCore
import Foundation

/// `git codecloud generate-shell-integration` (hidden): writes the completion scripts and the
/// manual page generated from the command tree; `make completions` runs it.
struct GenerateShellIntegration: EnvironmentCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-shell-integration",
        abstract: "Write the completion scripts, the manual page and the README tables generated from the command tree.",
        discussion: """
            Examples:
              $ git codecloud generate-shell-integration
              $ git codecloud generate-shell-integration --output /tmp/check
            """,
        shouldDisplay: false
    )

    @Option(help: "The repository root to write completions/ and docs/ under.")
    var output = "."

    mutating func run(in environment: Environment) async throws {
        let root = URL(fileURLWithPath: output, relativeTo: URL(fileURLWithPath: environment.currentDirectory))
        let readme = try? String(contentsOf: root.appendingPathComponent(ReadmeTables.repositoryPath), encoding: .utf8)
        for file in try await GeneratedFile.all(readme: readme) {
            let url = root.appendingPathComponent(file.path)
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try file.contents.write(to: url, atomically: true, encoding: .utf8)
            } catch {
                throw CLIError("cannot write \(url.path): \(error.localizedDescription)", exitCode: .failure)
            }
            environment.output.err("wrote \(file.path)\n")
        }
    }
}
