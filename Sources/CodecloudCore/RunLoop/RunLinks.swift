import CodecloudGit

/// What the checkout remembers about runs, in its own git config:
/// - `branch.<name>.codecloudRun` / `.codecloudPr`: the run a landed branch came from (written
///   by `Lander`), so `followup`, `wait`, `show` and `diff` need no run id on that branch;
/// - `codecloud.lastRun`: the last run submitted from this checkout (a plan has no branch yet,
///   and `execute` right after `plan` should find it);
/// - `codecloud-run.<id>.base`: the branch a run started from, for `diff`;
/// - `codecloud-run.<id>.remote` / `.remoteBranch`: the remote and PR branch it was last
///   landed from here (written by `Lander`), so landing it again can start fetching before the
///   service has answered (`EarlyFetch`). (`.branch` is a fan-out attempt's local branch.)
struct RunLinks {
    let repository: Repository

    init(_ repository: Repository) { self.repository = repository }

    func recordSubmission(runID: String, base: String?) throws {
        try repository.setConfigValues([("codecloud.lastRun", runID)] + (base.map { [("codecloud-run.\(runID).base", $0)] } ?? []))
    }

    func lastRun() throws -> String? { try repository.configValue("codecloud.lastRun") }

    func linkedRun(ofBranch branch: String) throws -> String? {
        try repository.configValue("branch.\(branch).codecloudRun")
    }

    func base(ofRun runID: String) throws -> String? {
        try repository.configValue("codecloud-run.\(runID).base")
    }

    /// The config values that record run `runID`'s PR branch `branch` as landed from `remote`,
    /// only those that change: `Lander` writes them with its own in one `setConfigValues`.
    func landingValues(runID: String, remote: String, branch: String) throws -> [(key: String, value: String)] {
        try [("remote", remote), ("remoteBranch", branch)]
            .map { (key: "codecloud-run.\(runID).\($0.0)", value: $0.1) }
            .filter { try repository.configValue($0.key) != $0.value }
    }

    /// The remote and PR branch run `runID` was last landed from here, if it was.
    func landedBranch(ofRun runID: String) throws -> (remote: String, branch: String)? {
        guard let remote = try repository.configValue("codecloud-run.\(runID).remote"),
              let branch = try repository.configValue("codecloud-run.\(runID).remoteBranch") else { return nil }
        return (remote, branch)
    }
}

/// Where a run id came from, so the CLI can say which run it picked.
public enum RunReference: Sendable, Equatable {
    /// Given on the command line.
    case explicit(String)
    /// Linked to the checked-out branch.
    case linkedToBranch(String, branch: String)
    /// The last run submitted from this checkout.
    case lastSubmitted(String)

    /// The run id.
    public var id: String {
        switch self {
        case .explicit(let id), .linkedToBranch(let id, _), .lastSubmitted(let id): id
        }
    }

    /// A note for stderr when the run was not named explicitly.
    public var note: String? {
        switch self {
        case .explicit: nil
        case .linkedToBranch(let id, let branch): "using run \(id), linked to branch '\(branch)'"
        case .lastSubmitted(let id): "using run \(id), the last run submitted from this checkout"
        }
    }
}
