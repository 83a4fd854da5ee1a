import ArgumentParser
import CodecloudCore

/// `git codecloud status`: what git codecloud infers from this checkout.
struct Status: EnvironmentCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show what git codecloud infers from this checkout.",
        discussion: """
            Prints the repository (owner/repo), the remote it came from, the branch that would \
            be sent, its upstream, commits not pushed, uncommitted changes, and the run linked \
            to the current branch. Warnings about work the agent would not see go to stderr.

            Examples:
              $ git codecloud status
              $ git codecloud status --json
              $ git codecloud status --remote upstream -b main
            """
    )

    @Option(name: [.customShort("R"), .customLong("repo")], help: ArgumentHelp("Use this repository instead of inferring it.", valueName: "owner/repo"))
    var repository: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Use this branch instead of inferring it.", valueName: "name"), completion: .remoteBranches)
    var branch: String?

    @Option(help: ArgumentHelp("Infer from this remote.", valueName: "name"), completion: .gitRemotes)
    var remote: String?

    @Flag(help: "Print one JSON object.")
    var json = false

    private var overrides: ContextOverrides { ContextOverrides(repository: repository, branch: branch, remote: remote) }

    func validate() throws {
        try usageCheck(overrides.validate)
    }

    mutating func run(in environment: Environment) async throws {
        let context = try ContextResolver.resolve(overrides, in: environment, requiringBranch: false)
        for warning in context.warnings { environment.output.warning(warning) }
        if json {
            environment.output.out(try JSONOutput.encode(StatusJSON(context)))
        } else {
            environment.output.out(Self.humanReadable(context))
        }
    }

    static func humanReadable(_ context: RepositoryContext) -> String {
        var rows: [(String, String)] = [("repository", context.repository.description)]
        if let remote = context.remote {
            rows.append(("remote", context.remoteURL.map { "\(remote) (\($0))" } ?? remote))
        }
        let branch = switch (context.branch, context.localBranch) {
        case let (sent?, local?) where sent != local: "\(sent) (local: \(local))"
        case let (sent?, _): sent
        case (nil, _): "none (" + (context.head.map { "HEAD detached at \($0.short)" } ?? "no commits yet") + ")"
        }
        rows.append(("branch", branch))
        if let upstream = context.upstream {
            var text = "\(upstream.remote)/\(upstream.remoteBranch)"
            if let ahead = context.ahead, let behind = context.behind { text += " (\(ahead) ahead, \(behind) behind)" }
            rows.append(("upstream", text))
        } else if context.localBranch != nil {
            rows.append(("upstream", "none"))
        }
        if let workTree = context.workTree { rows.append(("work tree", DirtySummary(workTree).text)) }
        if let run = context.linkedRun {
            rows.append(("run", context.linkedPR.map { "\(run) (PR #\($0))" } ?? run))
        }
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { label, value in
            (label + ":").padding(toLength: width + 2, withPad: " ", startingAt: 0) + value + "\n"
        }.joined()
    }
}

/// The `--json` shape of `status`: stable snake_case keys, absent values as null.
struct StatusJSON: Encodable {
    let context: RepositoryContext

    init(_ context: RepositoryContext) { self.context = context }

    private enum Keys: String, CodingKey {
        case repository, remote, remoteURL = "remote_url", branch, localBranch = "local_branch", head
        case upstream, ahead, behind, dirty, runID = "run_id", prNumber = "pr_number", warnings
    }

    private struct UpstreamJSON: Encodable {
        let remote: String
        let branch: String
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(context.repository.description, forKey: .repository)
        try container.encode(context.remote, forKey: .remote)
        try container.encode(context.remoteURL, forKey: .remoteURL)
        try container.encode(context.branch, forKey: .branch)
        try container.encode(context.localBranch, forKey: .localBranch)
        try container.encode(context.head?.hex, forKey: .head)
        try container.encode(context.upstream.map { UpstreamJSON(remote: $0.remote, branch: $0.remoteBranch) }, forKey: .upstream)
        try container.encode(context.ahead, forKey: .ahead)
        try container.encode(context.behind, forKey: .behind)
        try container.encode(context.workTree.map(DirtySummary.init), forKey: .dirty)
        try container.encode(context.linkedRun, forKey: .runID)
        try container.encode(context.linkedPR, forKey: .prNumber)
        try container.encode(context.warnings, forKey: .warnings)
    }
}
