import ArgumentParser

/// `git codecloud auth …`: the API key's life cycle.
struct Auth: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "auth",
        abstract: "Store, check or remove your codecloud API key.",
        discussion: """
            The key is looked up in this order: the CODECLOUD_API_KEY environment variable, a git \
            credential helper (when credential.helper is configured), then \
            $XDG_CONFIG_HOME/git-codecloud/credentials. There is deliberately no --api-key flag: \
            command lines leak into process lists and shell history.

            Examples:
              $ git codecloud auth login
              $ git codecloud auth login --with-key < key.txt
              $ git codecloud auth status --json
            """,
        subcommands: [Login.self, Status.self, Logout.self]
    )
}
