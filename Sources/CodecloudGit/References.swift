import Clibgit2

/// What HEAD points at.
public enum Head: Sendable, Equatable {
    /// On a branch with at least one commit.
    case branch(name: String, commit: ObjectID)
    /// Detached at a commit.
    case detached(commit: ObjectID)
    /// On a branch that has no commits yet (a new repository).
    case unborn(branch: String)

    /// The branch name, when HEAD is on a branch (born or not).
    public var branchName: String? {
        switch self {
        case .branch(let name, _), .unborn(let name): name
        case .detached: nil
        }
    }

    /// The commit HEAD resolves to, if any.
    public var commit: ObjectID? {
        switch self {
        case .branch(_, let commit), .detached(let commit): commit
        case .unborn: nil
        }
    }
}

/// A branch's configured upstream (`branch.<name>.remote` / `.merge`).
public struct Upstream: Sendable, Equatable {
    /// The remote's name (`origin`), or `.` for a local upstream.
    public var remote: String
    /// The branch name on the remote, which may differ from the local name.
    public var remoteBranch: String
    /// The remote-tracking reference (`refs/remotes/origin/main`), when one maps.
    public var trackingReference: String?
    /// Where the remote-tracking reference points, when it exists locally.
    public var commit: ObjectID?
}

/// A configured remote, with `url.<base>.insteadOf` already applied.
public struct Remote: Sendable, Equatable {
    /// The remote's name.
    public var name: String
    /// The fetch URL after insteadOf rewriting.
    public var url: String
}

let branchPrefix = "refs/heads/"

/// A git operation that stopped half-way in this work tree and waits for `--continue` or
/// `--abort`: the ones `git switch` refuses to leave (a bisect it only warns about).
public enum OperationInProgress: String, Sendable, Equatable {
    case merge, rebase, am, cherryPick = "cherry-pick", revert

    /// The command that finishes or stops it.
    public var command: String { "git \(rawValue)" }

    /// As a message names it: "a rebase", "an am session".
    public var description: String { self == .am ? "an am session" : "a \(rawValue)" }
}

extension Repository {
    /// The operation waiting in this work tree, if any (`git status` names it too).
    public var operationInProgress: OperationInProgress? {
        switch git_repository_state(pointer) {
        case Int32(GIT_REPOSITORY_STATE_MERGE.rawValue): .merge
        case Int32(GIT_REPOSITORY_STATE_REVERT.rawValue), Int32(GIT_REPOSITORY_STATE_REVERT_SEQUENCE.rawValue): .revert
        case Int32(GIT_REPOSITORY_STATE_CHERRYPICK.rawValue), Int32(GIT_REPOSITORY_STATE_CHERRYPICK_SEQUENCE.rawValue): .cherryPick
        case Int32(GIT_REPOSITORY_STATE_REBASE.rawValue), Int32(GIT_REPOSITORY_STATE_REBASE_INTERACTIVE.rawValue),
             Int32(GIT_REPOSITORY_STATE_REBASE_MERGE.rawValue), Int32(GIT_REPOSITORY_STATE_APPLY_MAILBOX_OR_REBASE.rawValue): .rebase
        case Int32(GIT_REPOSITORY_STATE_APPLY_MAILBOX.rawValue): .am
        default: sequenceInProgress
        }
    }

    /// A cherry-pick or revert of several commits whose stop was resolved and committed: git
    /// then removed CHERRY_PICK_HEAD, which libgit2 looks for, but not the sequencer's todo
    /// list, which `git status` and `git switch` go by (`sequencer_get_last_command`).
    private var sequenceInProgress: OperationInProgress? {
        guard let todo = try? String(contentsOfFile: gitDirectory + "/sequencer/todo", encoding: .utf8) else { return nil }
        let first = todo.split(whereSeparator: \.isNewline).first { !$0.hasPrefix("#") && !$0.allSatisfy(\.isWhitespace) }
        return first?.split(separator: " ").first == "revert" ? .revert : .cherryPick
    }
}

extension Repository {
    /// Reads HEAD: branch and commit, detached commit, or unborn branch.
    public func head() throws -> Head {
        let head = try Handle.make("reading HEAD", free: git_reference_free) { git_reference_lookup($0, pointer, "HEAD") }
        if git_reference_type(head.pointer) == GIT_REFERENCE_SYMBOLIC {
            let target = String(cString: git_reference_symbolic_target(head.pointer))
            let name = target.hasPrefix(branchPrefix) ? String(target.dropFirst(branchPrefix.count)) : target
            guard let commit = try commit(ofReference: target) else { return .unborn(branch: name) }
            return .branch(name: name, commit: commit)
        }
        guard let commit = ObjectID(git_reference_target(head.pointer)) else {
            throw GitError(.other, "reading HEAD: it points at nothing")
        }
        return .detached(commit: commit)
    }

    /// The commit a reference (full name, symbolic ones followed) points at, or nil if it does not exist.
    public func commit(ofReference name: String) throws -> ObjectID? {
        var oid = git_oid()
        let code = git_reference_name_to_id(&oid, pointer, name)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "resolving \(name)")
        return ObjectID(oid)
    }

    /// The commit a local branch points at, or nil when there is no such branch.
    public func branchCommit(_ branch: String) throws -> ObjectID? {
        try commit(ofReference: branchPrefix + branch)
    }

    /// Remote names in config order.
    public func remoteNames() throws -> [String] {
        try withStringArray("listing remotes") { git_remote_list($0, pointer) }
    }

    /// The remote called `name`, its URL rewritten by `url.<base>.insteadOf`.
    public func remote(named name: String) throws -> Remote {
        let remote = try Handle.make("reading remote '\(name)'", free: git_remote_free) { git_remote_lookup($0, pointer, name) }
        guard let url = git_remote_url(remote.pointer) else {
            throw GitError(.notFound, "remote '\(name)' has no URL")
        }
        return Remote(name: name, url: String(cString: url))
    }

    /// Every remote, in config order.
    public func remotes() throws -> [Remote] {
        try remoteNames().map { try remote(named: $0) }
    }

    /// The upstream configured for local `branch`, or nil when it has none.
    public func upstream(ofBranch branch: String) throws -> Upstream? {
        let reference = branchPrefix + branch
        guard let remote = try optionalBuffer("reading the upstream remote of \(branch)", { git_branch_upstream_remote($0, pointer, reference) }),
              let merge = try optionalBuffer("reading the upstream branch of \(branch)", { git_branch_upstream_merge($0, pointer, reference) })
        else { return nil }
        let remoteBranch = merge.hasPrefix(branchPrefix) ? String(merge.dropFirst(branchPrefix.count)) : merge
        let tracking = try optionalBuffer("mapping the upstream of \(branch)", { git_branch_upstream_name($0, pointer, reference) })
        return Upstream(
            remote: remote,
            remoteBranch: remoteBranch,
            trackingReference: tracking,
            commit: try tracking.flatMap { try commit(ofReference: $0) }
        )
    }

    /// The config values (`branch.<branch>.remote/merge`) that make `branch` track
    /// `remoteBranch` on `remote`, for `setConfigValues`.
    public static func upstreamValues(ofBranch branch: String, remote: String, remoteBranch: String) -> [(key: String, value: String)] {
        [("branch.\(branch).remote", remote), ("branch.\(branch).merge", branchPrefix + remoteBranch)]
    }

    private func optionalBuffer(_ doing: String, _ fill: (UnsafeMutablePointer<git_buf>) -> Int32) throws -> String? {
        do {
            return try withBuffer(doing, fill)
        } catch let error as GitError where error.kind == .notFound {
            return nil
        }
    }

    /// How many commits `local` has that `upstream` lacks, and the reverse.
    public func aheadBehind(local: ObjectID, upstream: ObjectID) throws -> (ahead: Int, behind: Int) {
        var ahead = 0, behind = 0
        var localOID = try local.oid, upstreamOID = try upstream.oid
        try check(git_graph_ahead_behind(&ahead, &behind, pointer, &localOID, &upstreamOID), "counting commits ahead and behind")
        return (ahead, behind)
    }

    /// Whether `commit` contains `ancestor` in its history (a commit does not descend from itself).
    public func isDescendant(_ commit: ObjectID, of ancestor: ObjectID) throws -> Bool {
        var commitOID = try commit.oid, ancestorOID = try ancestor.oid
        return try check(git_graph_descendant_of(pointer, &commitOID, &ancestorOID), "comparing commit histories") == 1
    }

    /// Whether `commit` is in the history of some reference other than HEAD (a branch, a tag,
    /// a remote-tracking branch, a stash, …): false means that once HEAD moves away from it,
    /// only the reflog still knows it.
    public func isReachableFromAnyReference(_ commit: ObjectID) throws -> Bool {
        var target = try commit.oid
        var tips: [git_oid] = []
        let iterator = try Handle.make("listing references", free: git_reference_iterator_free) {
            git_reference_iterator_new($0, pointer)
        }
        while true {
            var reference: OpaquePointer?
            let code = git_reference_next(&reference, iterator.pointer)
            if code == GIT_ITEROVER.rawValue { break }
            try check(code, "listing references")
            defer { git_reference_free(reference) }
            // Symbolic references (refs/remotes/origin/HEAD) point at something listed anyway;
            // tags are peeled to their commit; references to trees or blobs are skipped (which
            // errs toward "not reachable", that is toward keeping a backup).
            guard git_reference_type(reference) == GIT_REFERENCE_DIRECT else { continue }
            var peeled: OpaquePointer?
            guard git_reference_peel(&peeled, reference, GIT_OBJECT_COMMIT) == 0 else { continue }
            defer { git_object_free(peeled) }
            guard let id = git_object_id(peeled) else { continue }
            if git_oid_equal(id, &target) == 1 { return true }
            tips.append(id.pointee)
        }
        guard !tips.isEmpty else { return false }
        return try check(git_graph_reachable_from_any(pointer, &target, &tips, tips.count), "comparing commit histories") == 1
    }

    /// Whether `name` is a valid branch name (`git check-ref-format --branch`).
    public static func isValidBranchName(_ name: String) -> Bool {
        ensureLibgit2()
        guard !name.hasPrefix("-"), name != "HEAD" else { return false }
        var valid: Int32 = 0
        return git_reference_name_is_valid(&valid, branchPrefix + name) == 0 && valid == 1
    }
}
