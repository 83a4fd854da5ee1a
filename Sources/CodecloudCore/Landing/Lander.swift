import CodecloudGit
import Foundation

/// Where to check the landed branch out instead of the current work tree (`--worktree [PATH]`).
public enum WorktreeChoice: Sendable, Equatable {
    /// Beside the repository: `../<repository directory>-<branch slug>`.
    case besideRepository
    /// At this path (relative paths are resolved against the current directory).
    case path(String)
}

/// What to land: the PR branch of a finished run, and how.
public struct LandingRequest: Sendable, Equatable {
    /// The PR's repository; the remote whose URL names it is fetched from.
    public var repository: RepositorySlug
    /// The PR's head branch on the remote.
    public var branch: String
    /// The run that produced it (recorded as `branch.<name>.codecloudRun`).
    public var runID: String
    /// The PR number (recorded as `branch.<name>.codecloudPr`).
    public var prNumber: Int?
    /// The PR's base branch; a head branch with the same name is landed under another name.
    public var baseBranch: String?
    /// Move a diverged local branch (after saving its tip under `refs/codecloud/backup/…`).
    public var force: Bool
    /// Check out into a new linked worktree instead of the current work tree.
    public var worktree: WorktreeChoice?
    /// How to fetch (resolved from `codecloud.fetch` by `Configuration`).
    public var fetchMode: FetchMode
    /// Fetch from this remote instead of the one whose URL names `repository` (`--remote`).
    public var remote: String?

    /// A request; everything after `runID` is optional.
    public init(
        repository: RepositorySlug, branch: String, runID: String, prNumber: Int? = nil, baseBranch: String? = nil,
        force: Bool = false, worktree: WorktreeChoice? = nil, fetchMode: FetchMode = .git, remote: String? = nil
    ) {
        self.repository = repository
        self.branch = branch
        self.runID = runID
        self.prNumber = prNumber
        self.baseBranch = baseBranch
        self.force = force
        self.worktree = worktree
        self.fetchMode = fetchMode
        self.remote = remote
    }
}

/// What landing did, for the CLI to report (`summary` for humans; Encodable for `--json`
/// with keys local_branch, remote, remote_branch, commit, action, previous_commit,
/// backup_ref, worktree_path, fetched_with, left_behind_commit, left_behind_ref).
public struct LandingOutcome: Sendable, Equatable, Encodable {
    /// What happened to the local branch.
    public enum Action: Sendable, Equatable {
        /// A new local branch was created.
        case created
        /// The existing branch moved forward from `from`.
        case fastForwarded(from: ObjectID)
        /// The branch already pointed at the PR's tip.
        case upToDate
        /// A diverged branch was moved (`--force`); its old tip is kept at `backupReference`.
        case forced(from: ObjectID, backupReference: String)
    }

    /// The local branch name (may differ from the PR branch, see `LandingRequest.baseBranch`).
    public var localBranch: String
    /// The remote fetched from.
    public var remote: String
    /// The PR branch on that remote, which the local branch now tracks.
    public var remoteBranch: String
    /// The commit the local branch points at now.
    public var commit: ObjectID
    /// What happened to the branch.
    public var action: Action
    /// The new linked worktree, when one was created.
    public var worktreePath: String?
    /// How the fetch was done (always `.git`).
    public var fetchedWith: FetchMode
    /// A detached HEAD's commit that no reference contained, and the backup reference that
    /// now keeps it (without one, leaving it would have left it to the reflog alone).
    public var leftBehind: DetachedCommit?

    /// A commit a detached HEAD was on, and the reference that keeps it.
    public struct DetachedCommit: Sendable, Equatable {
        public var commit: ObjectID
        public var reference: String
    }

    private enum Keys: String, CodingKey {
        case localBranch = "local_branch", remote, remoteBranch = "remote_branch", commit, action
        case previousCommit = "previous_commit", backupReference = "backup_ref", worktreePath = "worktree_path"
        case fetchedWith = "fetched_with", leftBehindCommit = "left_behind_commit", leftBehindReference = "left_behind_ref"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(localBranch, forKey: .localBranch)
        try container.encode(remote, forKey: .remote)
        try container.encode(remoteBranch, forKey: .remoteBranch)
        try container.encode(commit, forKey: .commit)
        var previous: ObjectID?, backup: String?
        let name: String
        switch action {
        case .created: name = "created"
        case .upToDate: name = "up_to_date"
        case .fastForwarded(let from): name = "fast_forwarded"; previous = from
        case .forced(let from, let reference): name = "forced"; previous = from; backup = reference
        }
        try container.encode(name, forKey: .action)
        try container.encode(previous, forKey: .previousCommit)
        try container.encode(backup, forKey: .backupReference)
        try container.encode(worktreePath, forKey: .worktreePath)
        try container.encode(fetchedWith.rawValue, forKey: .fetchedWith)
        try container.encode(leftBehind?.commit, forKey: .leftBehindCommit)
        try container.encode(leftBehind?.reference, forKey: .leftBehindReference)
    }
}

/// Lands a run's PR branch locally: fetch just that branch, then create, fast-forward or
/// (with force and a backup ref) move the local branch and check it out, never touching a
/// dirty work tree.
public enum Lander {
    /// Lands `request` in the repository `environment` points at. Refusals to touch local
    /// work throw with exit code `localWorkProtected` (6) before anything is changed.
    ///
    /// Reads (which branch, dirty tree, collisions, ancestry) go through libgit2; every write
    /// goes through git (`GitWrites`), each branch move compare-and-swap against the pre-flight
    /// read. `beforeWriting` runs between the last check and the first write: a test seam for
    /// "something wrote the branch meanwhile" (nil in production).
    ///
    /// `early` is the fetch `checkout` began before the service answered (`EarlyFetch`); it
    /// stands in for this landing's fetch when it is of the same branch from the same remote.
    public static func land(
        _ request: LandingRequest, in environment: Environment, early: EarlyFetch? = nil, now: Date = Date(),
        beforeWriting: (() throws -> Void)? = nil
    ) throws -> LandingOutcome {
        let repository = try environment.openRepository()
        guard !repository.isBare, let workTree = repository.workTree else {
            throw GitError(.bareRepository, "\(repository.gitDirectory) is a bare repository; there is no work tree to land in")
        }
        let writes = GitWrites(directory: workTree, environment: environment)
        return try Landing(
            repository: repository, request: request, environment: environment, early: early, now: now, writes: writes,
            beforeWriting: beforeWriting
        ).run()
    }

    /// Before a follow-up is sent: refuses (exit 6) when landing its result here is bound to be
    /// refused, so a follow-up is not spent on a result that cannot come back. That is a work
    /// tree with changes (unless it lands in a new worktree), or a local branch with commits the
    /// PR branch lacks (unless `force`): the agent would not see those, and its new commits
    /// could not be fast-forwarded onto them. Reads only; fetches nothing.
    public static func checkBeforeFollowUp(_ request: LandingRequest, in environment: Environment) throws {
        let repository = try environment.openRepository()
        guard !repository.isBare else { return }
        let localName = localBranchName(for: request)
        let holder = try repository.worktreeCheckouts().first { $0.branch == localName }
        if let holder, request.worktree != nil || !holder.isCurrent {
            throw WorkflowError(
                holder.isCurrent
                    ? "not sending the follow-up: '\(localName)' is checked out here, so its result cannot go into a new worktree"
                    : "not sending the follow-up: '\(localName)' is checked out in the worktree at \(holder.path), where its result lands",
                hint: holder.isCurrent
                    ? "land it here without --worktree (commit or stash local changes first), or pass --no-checkout"
                    : "run the follow-up from there (cd \(holder.path)), or pass --no-checkout",
                exitCode: .localWorkProtected)
        }
        if request.worktree == nil {
            try refuseIfOperationInProgress(in: repository, doing: "not sending the follow-up")
            let paths = try changedTrackedPaths(in: repository, environment: environment)
            if !paths.isEmpty {
                let shown = paths.prefix(10).joined(separator: ", ") + (paths.count > 10 ? " and \(paths.count - 10) more" : "")
                throw WorkflowError(
                    "not sending the follow-up: its result could not be checked out over local changes: \(shown)",
                    hint: holder != nil
                        ? "commit or stash them (git stash -u), or pass --no-checkout"
                        : "commit or stash them (git stash -u), or pass --worktree or --no-checkout",
                    exitCode: .localWorkProtected)
            }
        }
        try checkWorktreePath(request.worktree, in: environment)
        guard !request.force,
              let local = try repository.branchCommit(localName),
              let remote = try? Lander.remote(for: request, in: repository)
        else { return }
        let trackingReference = "refs/remotes/\(remote.name)/\(request.branch)"
        func commitsOnlyHere() throws -> Int {
            guard let tracked = try repository.commit(ofReference: trackingReference), tracked != local else { return 0 }
            return try repository.aheadBehind(local: local, upstream: tracked).ahead
        }
        var ahead = try commitsOnlyHere()
        if ahead > 0 {
            // The tracking ref may be stale (pushed through another remote name, a narrow
            // refspec): ask the remote before refusing.
            if try BranchFetcher.refresh(branch: request.branch, remote: remote, repository: repository, environment: environment) {
                ahead = try commitsOnlyHere()
            }
        }
        guard ahead > 0 else { return }
        throw WorkflowError(
            "not sending the follow-up: '\(localName)' has \(ahead == 1 ? "1 commit" : "\(ahead) commits") that \(remote.name)/\(request.branch) lacks; the agent would not see \(ahead == 1 ? "it" : "them")",
            hint: "push first (git push \(remote.name) \(localName):\(request.branch)), or pass --force to land over \(ahead == 1 ? "it" : "them") (the tip is saved under refs/codecloud/backup/)",
            exitCode: .localWorkProtected)
    }

    /// The tracked paths the work tree or index changed, as git sees them (untracked files are
    /// not looked for: `Repository.filesInTheWay(ofCheckoutOf:)` finds the ones that matter).
    /// The scan is `WorkTreeScan`'s (git itself for a large index, as fast as `git status`;
    /// libgit2 for a small one), or `started` (the same scan, begun earlier) when it has an
    /// answer. libgit2's answer is corrected to git's: unstaged paths git does not check out
    /// (skip-worktree: a sparse checkout) are not changes, and the rest are confirmed by git,
    /// which runs clean filters (libgit2 does not, so a Git LFS file can look modified to it).
    static func changedTrackedPaths(in repository: Repository, environment: Environment, started: WorkTreeScan.Pending? = nil) throws -> [String] {
        let (status, scanner) = try started?.result().map { ($0, WorkTreeScan.Scanner.git) }
            ?? WorkTreeScan.scan(of: repository, in: environment, scanner: WorkTreeScan.scanner(for: repository, in: environment), untracked: false)
        var paths = status.trackedPaths
        guard scanner == .libgit2 else { return paths }
        let skipped = try repository.skipWorktreePaths(among: status.unstaged)
        if !skipped.isEmpty {
            let staged = Set(status.staged + status.conflicted)
            paths = paths.filter { staged.contains($0) || !skipped.contains($0) }
        }
        guard !paths.isEmpty, let top = repository.workTree,
              let confirmed = GitWrites(directory: top, environment: environment).trackedChanges() else { return paths }
        return paths.filter(confirmed.contains)
    }

    /// Refuses (exit 6) while a merge, rebase, am, cherry-pick or revert waits in this work tree:
    /// `git checkout` would switch branches under it (`git switch` refuses), and its
    /// `--continue` would then go on from the PR branch.
    static func refuseIfOperationInProgress(in repository: Repository, doing: String) throws {
        guard let operation = repository.operationInProgress else { return }
        throw WorkflowError(
            "\(doing): \(operation.description) is in progress in this work tree",
            hint: "finish it (\(operation.command) --continue) or stop it (\(operation.command) --abort), or land into a separate worktree with --worktree",
            exitCode: .localWorkProtected
        )
    }

    /// How old a scan begun before the fetch may be and still stand for the work tree after it;
    /// after a slower fetch the tree is scanned again, so the pre-flight never looks at a tree
    /// older than this.
    static let earlyScanLifetime: Duration = .seconds(1)

    /// Refuses a `--worktree=PATH` that exists already, before anything is sent (landing would
    /// refuse it only after the run).
    public static func checkWorktreePath(_ choice: WorktreeChoice?, in environment: Environment) throws {
        guard case .path(let given) = choice else { return }
        let path = resolvedWorktreePath(given, in: environment)
        if FileManager.default.fileExists(atPath: path) {
            throw WorkflowError("\(path) already exists", hint: "pass a directory that does not exist yet: --worktree=PATH", exitCode: .usage)
        }
    }

    /// `--worktree=PATH` as a full path: `~` expanded (the shell does not expand it after `=`),
    /// relative paths taken from the current directory.
    static func resolvedWorktreePath(_ given: String, in environment: Environment) -> String {
        var given = given
        if let home = environment.homeDirectory, given == "~" || given.hasPrefix("~/") {
            given = home + given.dropFirst()
        }
        let joined = given.hasPrefix("/") ? given : (environment.currentDirectory as NSString).appendingPathComponent(given)
        return (joined as NSString).standardizingPath
    }

    /// The local name for PR branch `branch`: as is, except a name equal to the base branch
    /// becomes `<owner>/<branch>` (like `gh pr checkout`) and a leading `-` (which git would
    /// read as an option) becomes `codecloud/<rest>`.
    public static func localBranchName(for request: LandingRequest) -> String {
        if let base = request.baseBranch, request.branch == base { return "\(request.repository.owner)/\(request.branch)" }
        if request.branch.hasPrefix("-") { return "codecloud/" + request.branch.drop { $0 == "-" } }
        return request.branch
    }

    /// The remote to fetch from: `--remote`, else the one whose URL names the PR's repository
    /// (preferring `codecloud.remote`, then `origin`, when several do).
    public static func remote(for request: LandingRequest, in repository: Repository) throws -> Remote {
        let remotes = try repository.remotes()
        if let explicit = request.remote {
            guard let remote = remotes.first(where: { $0.name == explicit }) else {
                throw WorkflowError("no remote named '\(explicit)'", hint: "remotes here: \(remotes.map(\.name).joined(separator: ", "))")
            }
            return remote
        }
        let matching = remotes.filter { (try? RemoteURL.parse($0.url))?.slug.matches(request.repository) == true }
        let preferred = try repository.configValue("codecloud.remote")
        guard let remote = matching.first(where: { $0.name == preferred }) ?? matching.first(where: { $0.name == "origin" }) ?? matching.first else {
            throw WorkflowError(
                "no remote here points at \(request.repository)",
                hint: "add one: git remote add codecloud https://github.com/\(request.repository).git"
            )
        }
        return remote
    }
}

/// One landing in progress.
private struct Landing {
    let repository: Repository
    let request: LandingRequest
    let environment: Environment
    let early: EarlyFetch?
    let now: Date
    let writes: GitWrites
    let beforeWriting: (() throws -> Void)?

    private var message: String { "codecloud: land \(request.runID)" }

    func run() throws -> LandingOutcome {
        let localBranch = Lander.localBranchName(for: request)
        guard Repository.isValidBranchName(localBranch) else {
            throw WorkflowError("the PR branch '\(request.branch)' is not a valid branch name here")
        }
        let remote = try Lander.remote(for: request, in: repository)
        let mode = request.fetchMode
        let clock = PhaseClock()
        // The dirty scan does not depend on the fetch: for a large index git's runs while git
        // fetches (on another core), and is only read afterwards, so every refusal still comes
        // before the first local write. Never left running past the landing.
        let earlyScan = request.worktree == nil ? WorkTreeScan.start(for: repository, in: environment, untracked: false) : nil
        defer { _ = earlyScan?.result() }
        let fetchedWith: FetchMode
        if let begun = early?.claim(remote: remote, branch: request.branch) {
            fetchedWith = try begun.result()
            clock.mark("fetch (begun before the service answered)")
        } else {
            fetchedWith = try BranchFetcher.fetch(branch: request.branch, remote: remote, repository: repository, mode: mode, environment: environment)
            clock.mark("fetch")
        }
        defer { if environment.debugLogging { environment.output.err("codecloud: landing took \(clock.summary)\n") } }
        let trackingReference = "refs/remotes/\(remote.name)/\(request.branch)"
        guard let target = try repository.commit(ofReference: trackingReference) else {
            throw WorkflowError("\(remote.name) has no branch '\(request.branch)'", hint: "check the PR on the service: git codecloud show \(request.runID)")
        }

        let existing = try repository.branchCommit(localBranch)
        let action = try plannedAction(localBranch: localBranch, existing: existing, target: target, tracking: "\(remote.name)/\(request.branch)")
        let holder = try repository.worktreeCheckouts().first { $0.branch == localBranch }
        var worktreePath: String?
        var leftBehind: LandingOutcome.DetachedCommit?

        if let choice = request.worktree {
            if let holder { throw holder.isCurrent ? checkedOutHere(localBranch) : checkedOutElsewhere(localBranch, at: holder.path) }
            let path = try worktreeDirectory(for: choice, localBranch: localBranch)
            try beforeWriting?()
            try moveBranch(localBranch, to: target, action: action)
            do {
                try writes.addWorktree(at: path, branch: localBranch)
            } catch {
                undoMove(localBranch, to: target, action: action)
                throw error
            }
            worktreePath = path
        } else {
            if let holder, !holder.isCurrent { throw checkedOutElsewhere(localBranch, at: holder.path) }
            let isCurrent = holder != nil
            if !(isCurrent && action == .upToDate) {
                try Lander.refuseIfOperationInProgress(in: repository, doing: "not landing")
                try refuseIfIndexLocked()
                let scan = earlyScan.flatMap { ContinuousClock.now - $0.startedAt < Lander.earlyScanLifetime ? $0 : nil }
                let inTheWay = try repository.filesInTheWay(ofCheckoutOf: target)
                try refuseIfDirty(untrackedInTheWay: inTheWay.untracked, scan: scan, branchIsCurrent: isCurrent)
                clock.mark("dirty check")
                try protectIgnoredFiles(inTheWay.ignored)
                clock.mark("ignored files")
            }
            leftBehind = try detachedCommitLeftBehind()
            try beforeWriting?()
            if let leftBehind {
                try writes.updateReference(leftBehind.reference, to: leftBehind.commit, expected: .absent,
                                           message: "codecloud: detached HEAD before landing \(request.runID)")
            }
            if isCurrent {
                try updateCurrentBranch(localBranch, to: target, action: action)
            } else if action == .created {
                try writes.createAndCheckout(branch: localBranch, at: target)
            } else {
                try moveBranch(localBranch, to: target, action: action)
                do {
                    try writes.checkout(branch: localBranch)
                } catch {
                    undoMove(localBranch, to: target, action: action)
                    throw error
                }
            }
        }

        clock.mark("git writes")
        // The upstream, the run links and the early-fetch record: one write of .git/config.
        var values = Repository.upstreamValues(ofBranch: localBranch, remote: remote.name, remoteBranch: request.branch)
        values.append(("branch.\(localBranch).codecloudRun", request.runID))
        if let number = request.prNumber { values.append(("branch.\(localBranch).codecloudPr", String(number))) }
        values += try RunLinks(repository).landingValues(runID: request.runID, remote: remote.name, branch: request.branch)
        try repository.setConfigValues(values)
        clock.mark("config")
        return LandingOutcome(
            localBranch: localBranch, remote: remote.name, remoteBranch: request.branch, commit: target,
            action: action, worktreePath: worktreePath, fetchedWith: fetchedWith, leftBehind: leftBehind
        )
    }

    /// The branch checked out here: `git merge --ff-only` for a fast-forward (git itself refuses
    /// when the branch moved off the ancestry meanwhile); for a forced move or an unborn branch,
    /// a detached checkout of the target, the compare-and-swap move, then HEAD re-attached, so
    /// hooks and filters run and a branch that moved meanwhile is never overwritten.
    private func updateCurrentBranch(_ name: String, to target: ObjectID, action: LandingOutcome.Action) throws {
        let reference = "refs/heads/" + name
        switch action {
        case .upToDate:
            return
        case .fastForwarded(let from):
            guard try repository.branchCommit(name) == from else { throw GitWrites.movedSinceRead(reference) }
            try writes.fastForward(to: target, branch: name)
        case .forced, .created:
            var previous: ObjectID?
            if case .forced(let from, _) = action { previous = from }
            let expected: GitWrites.Expected = previous.map { .commit($0) } ?? .absent
            try saveBackup(action)
            guard try repository.branchCommit(name) == previous else { throw GitWrites.movedSinceRead(reference) }
            try writes.checkoutDetached(target)
            do {
                try writes.updateReference(reference, to: target, expected: expected, message: message)
            } catch {
                // Back onto the branch (as it now is) rather than leave HEAD detached.
                if (try? repository.branchCommit(name)) != nil {
                    try? writes.checkout(branch: name)
                } else {
                    try? writes.attachHead(to: name, message: message)
                }
                throw error
            }
            try writes.attachHead(to: name, message: message)
        }
    }

    /// When HEAD is detached at a commit no reference contains, that commit and the backup
    /// reference to keep it under (`refs/codecloud/backup/HEAD/<UTC time>`: no branch can be
    /// called HEAD, so it never meets a branch's backups).
    private func detachedCommitLeftBehind() throws -> LandingOutcome.DetachedCommit? {
        guard case .detached(let commit) = try repository.head(),
              try !repository.isReachableFromAnyReference(commit) else { return nil }
        return .init(commit: commit, reference: backupReferenceName("HEAD"))
    }

    /// Decides what happens to the branch; a diverged branch without force is refused here,
    /// before anything changes.
    private func plannedAction(localBranch: String, existing: ObjectID?, target: ObjectID, tracking: String) throws -> LandingOutcome.Action {
        guard let existing else { return .created }
        if existing == target { return .upToDate }
        if try repository.isDescendant(target, of: existing) { return .fastForwarded(from: existing) }
        guard request.force else {
            let ahead = try repository.aheadBehind(local: existing, upstream: target).ahead
            throw WorkflowError(
                "local branch '\(localBranch)' has diverged from \(tracking): \(ahead == 1 ? "1 commit" : "\(ahead) commits") of yours would be lost",
                hint: "rerun with --force to move it anyway (its tip is saved under refs/codecloud/backup/\(localBranch)/), or merge \(tracking) yourself",
                exitCode: .localWorkProtected
            )
        }
        return .forced(from: existing, backupReference: backupReferenceName(localBranch))
    }

    /// Creates the branch, or moves it (after the backup, when forced), compare-and-swap
    /// against what the pre-flight read; the work tree is untouched.
    private func moveBranch(_ name: String, to target: ObjectID, action: LandingOutcome.Action) throws {
        let reference = "refs/heads/" + name
        switch action {
        case .created: try writes.updateReference(reference, to: target, expected: .absent, message: message)
        case .upToDate: break
        case .fastForwarded(let from), .forced(let from, _):
            try saveBackup(action)
            try writes.updateReference(reference, to: target, expected: .commit(from), message: message)
        }
    }

    /// Puts the branch back where it was when the checkout after `moveBranch` failed (git
    /// wrote nothing then), compare-and-swap too: if it moved again, it is left alone.
    private func undoMove(_ name: String, to target: ObjectID, action: LandingOutcome.Action) {
        let reference = "refs/heads/" + name
        switch action {
        case .created: try? writes.deleteReference(reference, expected: target)
        case .upToDate: break
        case .fastForwarded(let from), .forced(let from, _):
            try? writes.updateReference(reference, to: from, expected: .commit(target), message: "codecloud: undo landing \(request.runID)")
        }
    }

    private func saveBackup(_ action: LandingOutcome.Action) throws {
        guard case .forced(let from, let reference) = action else { return }
        try writes.updateReference(reference, to: from, expected: .absent, message: "codecloud: backup before --force")
    }

    /// `refs/codecloud/backup/<branch>/<UTC timestamp>`, with a suffix if that exists already.
    private func backupReferenceName(_ branch: String) -> String {
        let base = "refs/codecloud/backup/\(branch)/\(utcTimestamp)"
        var candidate = base
        var counter = 2
        while (try? repository.commit(ofReference: candidate)) != nil {
            candidate = "\(base)-\(counter)"
            counter += 1
        }
        return candidate
    }

    /// Refuses when the work tree has tracked changes, or untracked files the checkout would
    /// overwrite (`untrackedInTheWay`, from `Repository.filesInTheWay(ofCheckoutOf:)`). `scan` is
    /// the tracked-change scan begun before the fetch, if still fresh. `--worktree` is suggested
    /// only when it can help: a branch checked out here cannot be checked out in a second
    /// worktree too.
    private func refuseIfDirty(untrackedInTheWay: [String], scan: WorkTreeScan.Pending?, branchIsCurrent: Bool) throws {
        let tracked = try Lander.changedTrackedPaths(in: repository, environment: environment, started: scan)
        let listed = Set(tracked)
        let paths = tracked + untrackedInTheWay.filter { !listed.contains($0) }
        guard !paths.isEmpty else { return }
        let shown = paths.prefix(10).joined(separator: ", ") + (paths.count > 10 ? " and \(paths.count - 10) more" : "")
        throw WorkflowError(
            "not touching a work tree with local changes: \(shown)",
            hint: branchIsCurrent
                ? "commit or stash them (git stash -u)"
                : "commit or stash them (git stash -u), or land into a separate worktree with --worktree",
            exitCode: .localWorkProtected
        )
    }

    /// Refuses (exit 6, listing them) when the checkout would write over ignored `paths`
    /// (from `Repository.filesInTheWay(ofCheckoutOf:)`) (the user's own `.env` that the PR branch adds): git replaces ignored files without a
    /// word, and they are the user's data. With `--force` they are first copied, relative paths
    /// kept, under `<git dir>/codecloud/backup/<UTC time>/`, and the directory is named on stderr.
    private func protectIgnoredFiles(_ paths: [String]) throws {
        guard !paths.isEmpty else { return }
        let shown = paths.prefix(10).joined(separator: ", ") + (paths.count > 10 ? " and \(paths.count - 10) more" : "")
        guard request.force else {
            throw WorkflowError(
                "not overwriting ignored \(paths.count == 1 ? "file" : "files") the PR branch would replace: \(shown)",
                hint: "move \(paths.count == 1 ? "it" : "them") away, or rerun with --force to save \(paths.count == 1 ? "it" : "them") under .git/codecloud/backup/ first",
                exitCode: .localWorkProtected
            )
        }
        let fileManager = FileManager.default
        let base = (repository.commonDirectory as NSString).appendingPathComponent("codecloud/backup/\(utcTimestamp)")
        let directory = ([base] + (2...99).map { "\(base)-\($0)" }).first { !fileManager.fileExists(atPath: $0) } ?? base
        guard let top = repository.workTree else { return }
        do {
            for path in paths {
                let destination = (directory as NSString).appendingPathComponent(path)
                try fileManager.createDirectory(atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try fileManager.copyItem(atPath: (top as NSString).appendingPathComponent(path), toPath: destination)
            }
        } catch {
            throw WorkflowError(
                "could not save the ignored files the PR branch would replace under \(directory): \(error.localizedDescription)",
                hint: "nothing was landed; move them away yourself, then run the command again",
                exitCode: .localWorkProtected)
        }
        environment.output.err("Saved \(paths.count == 1 ? "1 ignored file" : "\(paths.count) ignored files") the PR branch replaces (\(shown)) under \(directory)\n")
    }

    private var utcTimestamp: String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: now)
    }

    private func checkedOutHere(_ branch: String) -> WorkflowError {
        WorkflowError(
            "branch '\(branch)' is checked out in this work tree, so it cannot go into a second worktree",
            hint: "land it here without --worktree (commit or stash local changes first)",
            exitCode: .localWorkProtected
        )
    }

    /// Refuses before anything changes when another git process holds the index lock, or a
    /// crashed one left it: git would refuse too, but only after the branch had moved, and the
    /// refusal reads better here (make reliability found the half-landed tree libgit2 left).
    private func refuseIfIndexLocked() throws {
        let lock = (repository.gitDirectory as NSString).appendingPathComponent("index.lock")
        guard FileManager.default.fileExists(atPath: lock) else { return }
        throw WorkflowError(
            "not checking out: the index is locked (\(lock) exists)",
            hint: "if no other git command is running, remove the stale lock (rm '\(lock)')",
            exitCode: .localWorkProtected
        )
    }

    private func checkedOutElsewhere(_ branch: String, at path: String) -> WorkflowError {
        WorkflowError(
            "branch '\(branch)' is already checked out in the worktree at \(path)",
            hint: "land it from there (cd \(path)), or remove that worktree first (git worktree remove \(path))",
            exitCode: .localWorkProtected
        )
    }

    /// The new worktree's directory, which must not exist yet.
    private func worktreeDirectory(for choice: WorktreeChoice, localBranch: String) throws -> String {
        let path: String
        switch choice {
        case .path(let given):
            path = Lander.resolvedWorktreePath(given, in: environment)
        case .besideRepository:
            let top = repository.workTree ?? repository.commonDirectory
            let slug = localBranch.replacingOccurrences(of: "/", with: "-")
            let base = ((top as NSString).deletingLastPathComponent as NSString)
                .appendingPathComponent("\((top as NSString).lastPathComponent)-\(slug)")
            // The default is ours to choose: the first free name, never a failure after the run.
            path = ([base] + (2...99).map { "\(base)-\($0)" }).first { !FileManager.default.fileExists(atPath: $0) } ?? base
        }
        guard !FileManager.default.fileExists(atPath: path) else {
            throw WorkflowError("\(path) already exists", hint: "pass another directory: --worktree=PATH")
        }
        return path
    }
}

/// Wall-clock time per landing phase, for `CODECLOUD_DEBUG` (where a slow landing spends it).
private final class PhaseClock {
    private var last = DispatchTime.now().uptimeNanoseconds
    private var phases: [(String, UInt64)] = []

    func mark(_ phase: String) {
        let now = DispatchTime.now().uptimeNanoseconds
        phases.append((phase, now - last))
        last = now
    }

    var summary: String {
        phases.map { "\($0.0) \($0.1 / 1_000_000) ms" }.joined(separator: ", ")
    }
}
