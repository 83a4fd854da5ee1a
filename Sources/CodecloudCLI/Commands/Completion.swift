import ArgumentParser
import CodecloudCore

/// `git codecloud completion bash|zsh|fish`: prints a shell completion script.
struct Completion: EnvironmentCommand {
    static let configuration = CommandConfiguration(
        commandName: "completion",
        abstract: "Print the shell completion script for bash, zsh or fish.",
        discussion: """
            The script completes both `git-codecloud …` and `git codecloud …` (through git's \
            own completion), including run and schedule identifiers from the service. \
            `make install` installs all three where the shells look for them.

            Examples:
              $ source <(git codecloud completion bash)      # in ~/.bashrc
              $ git codecloud completion zsh > ~/.zfunc/_git-codecloud
              $ git codecloud completion fish | source
            """
    )

    @Argument(help: "The shell to print the script for.")
    var shell: Shell

    mutating func run(in environment: Environment) async throws {
        environment.output.out(ShellCompletionScripts.script(for: shell))
    }
}
