/// A file generated from the command tree and committed to the repository.
struct GeneratedFile: Equatable {
    /// Its path from the repository root.
    var path: String
    /// What the current command tree generates for it.
    var contents: String

    /// Every generated file: the three completion scripts, fish's git hook, the manual page,
    /// and the README with its generated tables renewed (`readme` is the README as it is now;
    /// nil leaves it out).
    static func all(readme: String?) async throws -> [GeneratedFile] {
        Shell.allCases.map { GeneratedFile(path: $0.repositoryPath, contents: ShellCompletionScripts.script(for: $0)) }
            + [
                GeneratedFile(path: ShellCompletionScripts.fishGitHookPath, contents: ShellCompletionScripts.fishGitHookFile),
                GeneratedFile(path: ManualPage.repositoryPath, contents: ManualPage.render(try await CommandTreeDescription.current())),
            ]
            + (readme.map { [GeneratedFile(path: ReadmeTables.repositoryPath, contents: ReadmeTables.splice(into: $0))] } ?? [])
    }
}
