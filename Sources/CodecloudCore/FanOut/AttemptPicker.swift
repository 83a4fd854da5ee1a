import CodecloudAPI
import CodecloudGit
import Foundation

/// Keeps one attempt of a fan-out and clears the others away without losing anything: each
/// other attempt's branch tip is kept under `refs/codecloud/backup/<branch>/<time>` before the
/// branch and its worktree go, and local changes in a worktree are refused, or with `force`
/// saved first as a commit under `refs/codecloud/backup/<branch>/<time>-worktree`.
public struct AttemptPicker {
    public var session: RunSession

    public init(session: RunSession) { self.session = session }

    /// What `pick` was asked to do.
    public struct Request: Sendable {
        public var runID: String
        /// Leave the kept attempt in its worktree instead of landing it in the main one.
        public var keepWorktree: Bool
        /// Save local changes in the worktrees to be removed instead of refusing.
        public var force: Bool

        public init(runID: String, keepWorktree: Bool, force: Bool) {
            self.runID = runID
            self.keepWorktree = keepWorktree
            self.force = force
        }
    }

    /// One attempt cleared away.
    public struct Removed: Sendable, Encodable {
        public var runID: String
        public var branch: String?
        public var worktree: String?
        /// Where the branch tip is kept now.
        public var backupReference: String?
        /// Where the worktree's local changes were saved (`--force`), if it had any.
        public var savedChangesReference: String?

        enum CodingKeys: String, CodingKey {
            case runID = "run", branch, worktree, backupReference = "backup_ref", savedChangesReference = "saved_changes_ref"
        }
    }

    /// What `pick` did.
    public struct Outcome: Sendable, Encodable {
        public var runID: String
        public var branch: String?
        /// Where the kept attempt is checked out now.
        public var worktree: String?
        /// The landing in the main worktree (nil with `keepWorktree`).
        public var landing: LandingOutcome?
        public var removed: [Removed]
        /// Where the kept worktree's local changes were saved before it was removed.
        public var savedChangesReference: String?

        enum CodingKeys: String, CodingKey {
            case runID = "run", branch, worktree, landing, removed, savedChangesReference = "saved_changes_ref"
        }
    }

    /// The attempts of the last fan-out made from this checkout (for `pick` without a run).
    public func lastGroup() throws -> [String] {
        let repository = try session.environment.openRepository()
        guard let group = try repository.configValue("codecloud.lastFanOut") else { return [] }
        return try FanOutRecord(repository, environment: session.environment).runs(ofGroup: group)
    }

    public func pick(_ request: Request) async throws -> Outcome {
        let environment = session.environment
        let repository = try environment.openRepository()
        let record = FanOutRecord(repository, environment: environment)
        guard let group = try record.group(ofRun: request.runID) else {
            throw WorkflowError(
                "run \(request.runID) is not an attempt of a fan-out made in this checkout",
                hint: "pick chooses among the runs of 'git codecloud fix --attempts N'; land a single run with 'git codecloud checkout \(request.runID)'",
                exitCode: .usage)
        }
        let attempts = try record.runs(ofGroup: group)
        let checkouts = try repository.worktreeCheckouts()
        guard let main = checkouts.first else { throw WorkflowError("this repository has no work tree to land in") }

        struct Plan {
            var runID: String
            var branch: String?
            var worktree: String?
            var changes: [String]
        }
        var plans: [Plan] = []
        for id in attempts {
            let branch = try record.branch(ofRun: id)
            var worktree = try record.worktree(ofRun: id)
            if let path = worktree, !FileManager.default.fileExists(atPath: path) { worktree = nil }
            var changes: [String] = []
            if let worktree, id != request.runID || !request.keepWorktree {
                var inside = environment
                inside.currentDirectory = worktree
                let status = try inside.openRepository().status()
                changes = status.trackedPaths + status.untracked
            }
            plans.append(Plan(runID: id, branch: branch, worktree: worktree, changes: changes))
        }

        // Refuse everything before changing anything.
        let here = Self.resolved(environment.currentDirectory)
        for plan in plans where plan.runID != request.runID || !request.keepWorktree {
            guard let worktree = plan.worktree else { continue }
            if here == Self.resolved(worktree) || here.hasPrefix(Self.resolved(worktree) + "/") {
                throw WorkflowError(
                    "cannot remove the worktree at \(worktree) while working in it",
                    hint: "run pick from the main worktree: cd \(main.path)", exitCode: .usage)
            }
            if !plan.changes.isEmpty, !request.force {
                let shown = plan.changes.prefix(5).joined(separator: ", ") + (plan.changes.count > 5 ? " and \(plan.changes.count - 5) more" : "")
                throw WorkflowError(
                    "the worktree of attempt \(plan.runID) at \(worktree) has local changes: \(shown)",
                    hint: "commit or remove them, or pass --force to save them under refs/codecloud/backup/ first",
                    exitCode: .localWorkProtected)
            }
        }
        var mainEnvironment = environment
        mainEnvironment.currentDirectory = main.path
        var landingRequest: LandingRequest?
        if !request.keepWorktree {
            let mainStatus = try mainEnvironment.openRepository().status()
            if mainStatus.hasTrackedChanges {
                throw WorkflowError(
                    "the main worktree at \(main.path) has local changes; the kept attempt cannot be checked out there",
                    hint: "commit or stash them (git stash -u), or pass --keep-worktree to keep the attempt where it is",
                    exitCode: .localWorkProtected)
            }
            let run = try await session.client.run(id: request.runID)
            guard let landing = try session.landingRequest(for: run, preferences: LandingPreferences(checkout: true)) else {
                throw WorkflowError(
                    "run \(request.runID) has no pull request to land", hint: "pick an attempt that completed with a PR", exitCode: .usage)
            }
            landingRequest = landing
        }

        let git = GitRunner(environment: environment, directory: main.path)
        let stamp = Self.timestamp()
        var removed: [Removed] = []
        var keptChanges: String?
        for plan in plans {
            let isKept = plan.runID == request.runID
            if isKept && request.keepWorktree { continue }
            var saved: String?
            if let worktree = plan.worktree {
                if !plan.changes.isEmpty {
                    saved = try saveChanges(in: worktree, branch: plan.branch ?? plan.runID, stamp: stamp)
                }
                try git.check(["worktree", "remove", "--force", worktree], what: "removing the worktree \(worktree)")
            }
            if isKept {
                keptChanges = saved
                continue
            }
            var backup: String?
            if let branch = plan.branch, let tip = try repository.branchCommit(branch) {
                let reference = try uniqueReference("refs/codecloud/backup/\(branch)/\(stamp)", in: repository)
                try git.check(["update-ref", "-m", "codecloud pick: attempt \(plan.runID) not kept", reference, tip.hex, ""],
                              what: "saving \(branch) as \(reference)")
                // Compare-and-swap: the branch goes only if it still points where it was read.
                try git.check(["update-ref", "-m", "codecloud pick", "-d", "refs/heads/\(branch)", tip.hex], what: "deleting branch \(branch)")
                _ = try? git.run(["config", "--remove-section", "branch.\(branch)"])
                backup = reference
            }
            removed.append(Removed(runID: plan.runID, branch: plan.branch, worktree: plan.worktree, backupReference: backup, savedChangesReference: saved))
        }

        var landing: LandingOutcome?
        let kept = plans.first { $0.runID == request.runID }
        if let landingRequest {
            landing = try Lander.land(landingRequest, in: mainEnvironment)
        }
        try? repository.setConfigValue(request.runID, forKey: "codecloud.lastRun")
        record.forgetGroup(group, runs: attempts)
        if try repository.configValue("codecloud.lastFanOut") == group {
            _ = try? git.run(["config", "--unset", "codecloud.lastFanOut"])
        }
        return Outcome(
            runID: request.runID, branch: landing?.localBranch ?? kept?.branch,
            worktree: request.keepWorktree ? kept?.worktree : main.path, landing: landing, removed: removed,
            savedChangesReference: keptChanges)
    }

    /// Commits everything in `worktree` (tracked changes and untracked files, not ignored
    /// ones) through a scratch index, so neither its index nor its files change, and keeps the
    /// commit under a backup reference.
    private func saveChanges(in worktree: String, branch: String, stamp: String) throws -> String {
        let environment = session.environment
        let git = GitRunner(environment: environment, directory: worktree)
        let index = NSTemporaryDirectory() + "codecloud-pick-\(UUID().uuidString).index"
        defer { try? FileManager.default.removeItem(atPath: index) }
        let scratch = ["GIT_INDEX_FILE": index]
        try git.check(["read-tree", "HEAD"], extraVariables: scratch, what: "reading \(worktree)")
        try git.check(["add", "--all", "--", "."], extraVariables: scratch, what: "saving the changes in \(worktree)")
        let tree = try git.check(["write-tree"], extraVariables: scratch, what: "saving the changes in \(worktree)")
        let commit = try git.check(
            ["-c", "user.name=git-codecloud", "-c", "user.email=git-codecloud@localhost",
             "commit-tree", tree, "-p", "HEAD", "-m", "codecloud pick: local changes in \(worktree)"],
            what: "saving the changes in \(worktree)")
        let repository = try environment.openRepository()
        let reference = try uniqueReference("refs/codecloud/backup/\(branch)/\(stamp)-worktree", in: repository)
        try git.check(["update-ref", reference, commit, ""], what: "saving the changes in \(worktree) as \(reference)")
        return reference
    }

    private func uniqueReference(_ base: String, in repository: Repository) throws -> String {
        var candidate = base, counter = 2
        while try repository.commit(ofReference: candidate) != nil {
            candidate = "\(base)-\(counter)"
            counter += 1
        }
        return candidate
    }

    private static func timestamp() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: Date())
    }

    private static func resolved(_ path: String) -> String {
        ((path as NSString).standardizingPath as NSString).resolvingSymlinksInPath
    }
}
