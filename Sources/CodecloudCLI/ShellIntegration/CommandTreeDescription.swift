import ArgumentParser
import Foundation

/// The command tree as ArgumentParser describes it (`--experimental-dump-help`, ToolInfo
/// version 0), decoded into just the parts the manual page needs.
struct CommandTreeDescription: Decodable {
    /// One command or subcommand.
    struct Command: Decodable {
        var commandName: String
        var abstract: String?
        var discussion: String?
        var shouldDisplay: Bool?
        var subcommands: [Command]?
        var arguments: [Argument]?

        var isVisible: Bool { shouldDisplay ?? true }
    }

    /// One flag, option or positional argument.
    struct Argument: Decodable {
        enum Kind: String, Decodable { case positional, option, flag }

        struct Name: Decodable {
            var kind: String
            var name: String

            /// As typed: `--json`, `-h`, `-long`.
            var spelling: String { kind == "long" ? "--" + name : "-" + name }
        }

        var kind: Kind
        var shouldDisplay: Bool?
        var isOptional: Bool
        var isRepeating: Bool
        var names: [Name]?
        var preferredName: Name?
        var valueName: String?
        var defaultValue: String?
        var allValues: [String]?
        var abstract: String?
        var discussion: String?

        var isVisible: Bool { shouldDisplay ?? true }
    }

    var command: Command

    /// The tree of `GitCodecloud`, as its own `--experimental-dump-help` prints it.
    static func current() async throws -> CommandTreeDescription {
        let json: String
        do {
            _ = try await GitCodecloud.asyncParseAsRoot(["--experimental-dump-help"])
            throw CLIError("ArgumentParser did not describe the command tree", exitCode: .failure)
        } catch let error as CLIError {
            throw error
        } catch {
            json = GitCodecloud.fullMessage(for: error)
        }
        return try JSONDecoder().decode(CommandTreeDescription.self, from: Data(json.utf8))
    }
}
