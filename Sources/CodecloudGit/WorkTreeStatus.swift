import Clibgit2

/// The work tree and index compared with HEAD, like `git status --porcelain`.
public struct WorkTreeStatus: Sendable, Equatable {
    /// Paths whose staged content differs from HEAD.
    public var staged: [String] = []
    /// Tracked paths changed in the work tree but not staged (modified, deleted, type changed).
    public var unstaged: [String] = []
    /// Paths with unresolved merge conflicts.
    public var conflicted: [String] = []
    /// Untracked, not ignored files (each file inside untracked directories).
    public var untracked: [String] = []

    /// Creates a status from its path lists.
    public init(staged: [String] = [], unstaged: [String] = [], conflicted: [String] = [], untracked: [String] = []) {
        self.staged = staged
        self.unstaged = unstaged
        self.conflicted = conflicted
        self.untracked = untracked
    }

    /// Whether tracked content differs from HEAD (staged, unstaged or conflicted); untracked files do not count.
    public var hasTrackedChanges: Bool { !(staged.isEmpty && unstaged.isEmpty && conflicted.isEmpty) }

    /// Whether anything at all differs, untracked files included.
    public var isDirty: Bool { hasTrackedChanges || !untracked.isEmpty }

    /// Every changed tracked path once, sorted.
    public var trackedPaths: [String] { Array(Set(staged + unstaged + conflicted)).sorted() }
}

extension Repository {
    /// Compares index and work tree with HEAD; untracked directories are listed file by file
    /// (without `includingUntracked`, untracked files are not looked for: only tracked changes).
    public func status(includingUntracked: Bool = true) throws -> WorkTreeStatus {
        guard !isBare else { throw GitError(.bareRepository, "reading status: \(gitDirectory) is a bare repository") }
        var options = git_status_options()
        try check(git_status_options_init(&options, UInt32(GIT_STATUS_OPTIONS_VERSION)), "preparing status")
        options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR
        options.flags = includingUntracked ? GIT_STATUS_OPT_INCLUDE_UNTRACKED.rawValue | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS.rawValue : 0
        let list = try Handle.make("reading status", free: git_status_list_free) { git_status_list_new($0, pointer, &options) }

        var result = WorkTreeStatus()
        let staged = [GIT_STATUS_INDEX_NEW, GIT_STATUS_INDEX_MODIFIED, GIT_STATUS_INDEX_DELETED, GIT_STATUS_INDEX_RENAMED, GIT_STATUS_INDEX_TYPECHANGE]
            .reduce(0) { $0 | $1.rawValue }
        let unstaged = [GIT_STATUS_WT_MODIFIED, GIT_STATUS_WT_DELETED, GIT_STATUS_WT_RENAMED, GIT_STATUS_WT_TYPECHANGE]
            .reduce(0) { $0 | $1.rawValue }
        for index in 0..<git_status_list_entrycount(list.pointer) {
            guard let entry = git_status_byindex(list.pointer, index)?.pointee else { continue }
            let delta = entry.head_to_index ?? entry.index_to_workdir
            guard let path = (delta?.pointee.new_file.path ?? delta?.pointee.old_file.path).map({ String(cString: $0) }) else { continue }
            let flags = entry.status.rawValue
            if flags & GIT_STATUS_CONFLICTED.rawValue != 0 { result.conflicted.append(path); continue }
            if flags & staged != 0 { result.staged.append(path) }
            if flags & unstaged != 0 { result.unstaged.append(path) }
            if flags & GIT_STATUS_WT_NEW.rawValue != 0 { result.untracked.append(path) }
        }
        return result
    }

    func tree(of commit: ObjectID) throws -> Handle {
        var oid = try commit.oid
        let commitHandle = try Handle.make("reading commit \(commit.short)", free: git_commit_free) { git_commit_lookup($0, pointer, &oid) }
        return try Handle.make("reading the tree of \(commit.short)", free: git_tree_free) { git_commit_tree($0, commitHandle.pointer) }
    }
}
