import CodecloudGit
import CodecloudProcess
import Foundation

/// How two tips of a run's branch relate, and what that means for reviewing the round.
public enum RoundShape: Sendable, Equatable {
    /// The landing brought nothing new (same tip).
    case unchanged
    /// New commits on top of the old tip: a plain `git diff previous landed` shows the round.
    case appended
    /// The agent rewrote the branch (the old tip is not an ancestor of the new one);
    /// `sameChanges` when both sides carry the same patches (same `git patch-id`s).
    case rewritten(sameChanges: Bool)
}

/// What `git diff --shortstat` counts.
public struct DiffStat: Sendable, Equatable {
    public var files: Int
    public var insertions: Int
    public var deletions: Int

    /// `3 files changed, +40 −2`.
    public var text: String {
        "\(files) \(files == 1 ? "file" : "files") changed, +\(insertions) \u{2212}\(deletions)"
    }

    /// Parses ` 3 files changed, 40 insertions(+), 2 deletions(-)` (empty output: no change).
    static func parse(_ output: String) -> DiffStat {
        var stat = DiffStat(files: 0, insertions: 0, deletions: 0)
        for part in output.split(separator: ",") {
            let words = part.split(separator: " ")
            guard let number = words.first.flatMap({ Int($0) }), words.count > 1 else { continue }
            if words[1].hasPrefix("file") { stat.files = number }
            else if words[1].hasPrefix("insertion") { stat.insertions = number }
            else if words[1].hasPrefix("deletion") { stat.deletions = number }
        }
        return stat
    }
}

/// Reads that need git's own diff machinery (stat, patch ids): run through the git executable,
/// never paged, never prompting.
public struct RoundInspector {
    let repository: Repository
    let environment: Environment

    public init(repository: Repository, environment: Environment) {
        self.repository = repository
        self.environment = environment
    }

    /// How `landed` relates to `previous`.
    public func shape(from previous: ObjectID, to landed: ObjectID) throws -> RoundShape {
        if previous == landed { return .unchanged }
        if try repository.isDescendant(landed, of: previous) { return .appended }
        return .rewritten(sameChanges: try samePatches(previous, landed))
    }

    /// `git diff --shortstat previous landed`.
    public func stat(from previous: ObjectID, to landed: ObjectID) throws -> DiffStat {
        DiffStat.parse(try git(["diff", "--shortstat", "--no-ext-diff", previous.hex, landed.hex]))
    }

    /// Whether the commits only `previous` has and those only `landed` has carry the same
    /// patches: a rebase or reword that changed nothing in effect.
    func samePatches(_ previous: ObjectID, _ landed: ObjectID) throws -> Bool {
        guard let base = try? git(["merge-base", previous.hex, landed.hex]).trimmingCharacters(in: .whitespacesAndNewlines),
              !base.isEmpty else { return false }
        return try patchIDs(base, previous.hex) == patchIDs(base, landed.hex)
    }

    private func patchIDs(_ base: String, _ tip: String) throws -> [String: Int] {
        let log = try git(["log", "-p", "--no-merges", "--no-color", "--no-ext-diff", "--format=commit %H", "\(base)..\(tip)"])
        guard !log.isEmpty else { return [:] }
        let ids = try git(["patch-id", "--stable"], input: log)
        var counts: [String: Int] = [:]
        for line in ids.split(separator: "\n") {
            if let id = line.split(separator: " ").first { counts[String(id), default: 0] += 1 }
        }
        return counts
    }

    /// The stale-base warning for run `runID` landed at `landed`: when the PR branch does not
    /// contain the commit the agent was asked to start from, the agent worked on older code.
    public func staleBaseWarning(runID: String, landed: ObjectID, branch: String) throws -> (warning: String, hint: String)? {
        guard let start = try RoundBook(repository).startCommit(ofRun: runID), start != landed,
              try !repository.isDescendant(landed, of: start) else { return nil }
        return (
            "the agent worked on older code: '\(branch)' (\(landed.short)) does not contain \(start.short), the tip of the branch when run \(runID) was submitted",
            "bring it up to date before merging: git rebase \(start.short) (or ask the agent: git codecloud followup \(runID) \"Rebase onto the latest base branch\")")
    }

    private func git(_ arguments: [String], input: String = "") throws -> String {
        let result = try ChildProcess.run(
            "git", arguments, in: repository.workTree ?? repository.gitDirectory,
            environment: GitCredentialHelper.childVariables(environment.variables), input: input)
        guard result.status == 0 else {
            throw WorkflowError("git \(arguments.first ?? "") failed: \(result.lastErrorLine)")
        }
        return result.stdout
    }
}
