import ArgumentParser
import CodecloudAPI
import CodecloudCore
import Foundation

/// `git codecloud list`: recent runs, this repository's by default.
struct List: EnvironmentCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List recent runs of this repository (or all with --all).",
        discussion: """
            Newest first. Inside a checkout, the runs of the repository its remote names; \
            outside one, or with --all, every repository's runs (a note says so).

            Examples:
              $ git codecloud list
              $ git codecloud list --status running --all
              $ git codecloud list -L 5 --json | jq -r '.[].id'
            """
    )

    @Option(help: ArgumentHelp("Only runs in this status: queued, running, completed, failed.", valueName: "status"),
            completion: .list(["queued", "running", "completed", "failed"]))
    var status: String?
    @Option(name: [.customShort("L"), .long], help: ArgumentHelp("How many runs to show at most (1–100).", valueName: "n"))
    var limit = 20
    @Flag(help: "Runs of every repository, not only this one.")
    var all = false
    @Option(name: [.customShort("R"), .long], help: ArgumentHelp("Only this repository's runs, instead of the checkout's.", valueName: "owner/repo"))
    var repo: String?
    @Option(help: ArgumentHelp("The remote whose repository's runs to list.", valueName: "name"), completion: .gitRemotes)
    var remote: String?
    @Flag(help: "Print the runs as a JSON array.")
    var json = false

    func validate() throws {
        if all, repo != nil || remote != nil { throw ValidationError("--all lists every repository; leave out --repo and --remote") }
        if let repo { try usageCheck { _ = try RepositorySlug(validating: repo) } }
        guard (1...100).contains(limit) else { throw ValidationError("--limit must be between 1 and 100, got \(limit)") }
        if let status, !RunStatus.knownCases.map({ "\($0)" }).contains(status) {
            throw ValidationError("unknown status '\(status)'; use queued, running, completed or failed")
        }
    }

    mutating func run(in environment: Environment) async throws {
        let driver = try RunDriver.make(in: environment)
        let repository = try all ? nil : repository(in: environment)
        let listing = try await RunListing.fetch(
            limit: limit, status: status.map { RunStatus(rawValue: $0) }, repository: repository, client: driver.session.client)
        let runs = listing.runs
        if let note = listing.incompleteNote { environment.output.err("note: \(note)\n") }
        if json {
            environment.output.out(try JSONOutput.encode(runs))
            return
        }
        if runs.isEmpty {
            environment.output.err("No runs\(repository.map { " for \($0)" } ?? "").\n")
            if repository != nil { environment.output.hint("git codecloud list --all shows every repository's runs") }
            return
        }
        var table = TextTable(headers: repository == nil ? ["ID", "STATUS", "AGE", "REPOSITORY", "TITLE"] : ["ID", "STATUS", "AGE", "TITLE"])
        let now = Date()
        for run in runs {
            let age = formatDuration(elapsedSeconds(from: run.createdAt, to: now)) + " ago"
            let title = run.title ?? ""
            table.append(repository == nil ? [run.id, "\(run.status)", age, run.repo ?? "-", title] : [run.id, "\(run.status)", age, title])
        }
        environment.output.out(table.render())
    }

    /// `--repo`, else the checkout's repository; nil (every repository, with a note) when
    /// there is no checkout or its remotes name none. `--remote` must work when given.
    private func repository(in environment: Environment) throws -> RepositorySlug? {
        if let repo { return try RepositorySlug(validating: repo) }
        do {
            return try ContextResolver.resolve(ContextOverrides(remote: remote), in: environment, requiringBranch: false, scanningWorkTree: false).repository
        } catch where remote == nil {
            environment.output.err("note: listing every repository's runs (\((error as? any PresentableError)?.message ?? "no repository here"))\n")
            return nil
        }
    }
}
