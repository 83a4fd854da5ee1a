import CodecloudAPI
import CodecloudGit
import CodecloudProcess
import Foundation

/// What the checkout remembers about a fan-out (`fix --attempts N`), in its git config, so
/// `pick` knows an attempt's siblings long after the command that made them ended:
/// - `codecloud-fanout.<group>.runs`: the attempts' run ids, space-separated, in creation
///   order (the group is named after its first run);
/// - `codecloud-run.<id>.fanout`: the group a run belongs to;
/// - `codecloud-run.<id>.branch` / `.worktree`: where the attempt was landed.
///
/// Git config rather than a file under `.git/`: it is shared by every linked worktree, readable
/// with `git config --get-regexp codecloud-fanout`, and survives `git gc`.
public struct FanOutRecord {
    let repository: Repository
    let environment: Environment

    public init(_ repository: Repository, environment: Environment) {
        self.repository = repository
        self.environment = environment
    }

    /// Records the attempts `runIDs` as one group; returns the group's name.
    @discardableResult
    public func recordGroup(_ runIDs: [String]) throws -> String {
        guard let group = runIDs.first else { return "" }
        try repository.setConfigValue(runIDs.joined(separator: " "), forKey: "codecloud-fanout.\(group).runs")
        for id in runIDs { try repository.setConfigValue(group, forKey: "codecloud-run.\(id).fanout") }
        return group
    }

    /// The group run `runID` belongs to, if any.
    public func group(ofRun runID: String) throws -> String? {
        try repository.configValue("codecloud-run.\(runID).fanout")
    }

    /// The runs of `group`, in creation order.
    public func runs(ofGroup group: String) throws -> [String] {
        (try repository.configValue("codecloud-fanout.\(group).runs") ?? "").split(separator: " ").map(String.init)
    }

    /// Remembers where attempt `runID` was landed.
    public func recordLanding(runID: String, branch: String, worktree: String?) throws {
        try repository.setConfigValue(branch, forKey: "codecloud-run.\(runID).branch")
        if let worktree { try repository.setConfigValue(worktree, forKey: "codecloud-run.\(runID).worktree") }
    }

    /// The local branch attempt `runID` was landed on.
    public func branch(ofRun runID: String) throws -> String? { try repository.configValue("codecloud-run.\(runID).branch") }

    /// The worktree attempt `runID` was landed in.
    public func worktree(ofRun runID: String) throws -> String? { try repository.configValue("codecloud-run.\(runID).worktree") }

    /// What attempt `runID`'s `branch` changed since the branch the run started from (as
    /// `remote` has it, when there is a tracking ref; else the local branch).
    public func changes(ofRun runID: String, branch: String, remote: String) -> ChangeStatistics? {
        guard let base = try? repository.configValue("codecloud-run.\(runID).base") else { return nil }
        let tracking = "refs/remotes/\(remote)/\(base)"
        let reference = (try? repository.commit(ofReference: tracking)) != nil ? tracking : "refs/heads/\(base)"
        return ChangeStatistics.of(branch: branch, base: reference, in: repository, environment: environment)
    }

    /// Forgets `group` once one attempt was picked (the per-run keys go with their sections).
    public func forgetGroup(_ group: String, runs: [String]) {
        let git = GitRunner(environment: environment, directory: repository.workTree ?? repository.commonDirectory)
        _ = try? git.run(["config", "--remove-section", "codecloud-fanout.\(group)"])
        for id in runs {
            for key in ["fanout", "worktree", "branch"] { _ = try? git.run(["config", "--unset", "codecloud-run.\(id).\(key)"]) }
        }
    }
}

/// What an attempt's branch changed against the branch it started from.
public struct ChangeStatistics: Sendable, Equatable, Encodable {
    public var filesChanged: Int
    public var insertions: Int
    public var deletions: Int

    public init(filesChanged: Int, insertions: Int, deletions: Int) {
        self.filesChanged = filesChanged
        self.insertions = insertions
        self.deletions = deletions
    }

    enum CodingKeys: String, CodingKey { case filesChanged = "files_changed", insertions, deletions }

    /// `git diff --shortstat <base>...<branch>` (from their merge base, as a PR shows it);
    /// nil when git cannot say (unknown base).
    public static func of(branch: String, base: String, in repository: Repository, environment: Environment) -> ChangeStatistics? {
        let git = GitRunner(environment: environment, directory: repository.workTree ?? repository.commonDirectory)
        guard let result = try? git.run(["diff", "--no-ext-diff", "--shortstat", "\(base)...refs/heads/\(branch)", "--"]),
              result.status == 0 else { return nil }
        return parse(result.stdout)
    }

    /// Parses ` 3 files changed, 10 insertions(+), 2 deletions(-)` (empty output: no change).
    static func parse(_ text: String) -> ChangeStatistics {
        var statistics = ChangeStatistics(filesChanged: 0, insertions: 0, deletions: 0)
        for part in text.split(separator: ",") {
            let words = part.split(separator: " ")
            guard let number = words.first.flatMap({ Int($0) }), let kind = words.dropFirst().first else { continue }
            if kind.hasPrefix("file") { statistics.filesChanged = number }
            if kind.hasPrefix("insertion") { statistics.insertions = number }
            if kind.hasPrefix("deletion") { statistics.deletions = number }
        }
        return statistics
    }
}

/// Runs git for the fan-out workflows' writes (worktree removal, branch deletion, backup
/// references), in the user's process group, never prompting, without the API key (`GitCredentialHelper.childVariables`).
struct GitRunner {
    var environment: Environment
    var directory: String

    func run(_ arguments: [String], extraVariables: [String: String] = [:]) throws -> ChildProcessResult {
        let variables = GitCredentialHelper.childVariables(environment.variables).merging(extraVariables) { $1 }
        return try ChildProcess.run("git", arguments, in: directory, environment: variables)
    }

    /// Runs git and returns its trimmed stdout; throws with git's own reason when it fails.
    @discardableResult
    func check(_ arguments: [String], extraVariables: [String: String] = [:], what: String) throws -> String {
        let result = try run(arguments, extraVariables: extraVariables)
        guard result.status == 0 else { throw WorkflowError("\(what) failed: \(result.lastErrorLine)") }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
