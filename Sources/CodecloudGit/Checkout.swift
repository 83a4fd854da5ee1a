import Clibgit2
import Foundation

extension Repository {
    /// Updates the work tree and index to `commit` without overwriting local changes
    /// (`GIT_CHECKOUT_SAFE`: fails with `.conflict` instead). HEAD is not moved.
    public func checkoutTree(of commit: ObjectID) throws {
        var oid = try commit.oid
        let object = try Handle.make("reading commit \(commit.short)", free: git_object_free) {
            git_object_lookup($0, pointer, &oid, GIT_OBJECT_COMMIT)
        }
        var options = git_checkout_options()
        try check(git_checkout_options_init(&options, UInt32(GIT_CHECKOUT_OPTIONS_VERSION)), "preparing checkout")
        options.checkout_strategy = GIT_CHECKOUT_SAFE.rawValue
        try check(git_checkout_tree(pointer, object.pointer, &options), "checking out \(commit.short)")
    }

    /// Checks out local branch `name`: safe checkout of its tip, then HEAD set to it.
    public func checkoutBranch(_ name: String) throws {
        guard let commit = try branchCommit(name) else { throw GitError(.notFound, "checking out \(name): no such branch") }
        try checkoutTree(of: commit)
        try check(git_repository_set_head(pointer, branchPrefix + name), "pointing HEAD at \(name)")
    }
}

/// A work tree (the main one or a linked one) and the branch checked out in it.
public struct WorktreeCheckout: Sendable, Equatable {
    /// The work tree's top directory.
    public var path: String
    /// The branch HEAD names there (born or unborn), or nil when detached.
    public var branch: String?
    /// Whether this is the work tree of the repository it was asked from.
    public var isCurrent: Bool
}

extension Repository {
    /// Every work tree of this repository (main first) with its checked-out branch.
    public func worktreeCheckouts() throws -> [WorktreeCheckout] {
        let current = Self.resolved(gitDirectory)
        var repositories: [Repository] = []
        let main = try Handle.make("opening the main repository", free: git_repository_free) { git_repository_open($0, commonDirectory) }
        repositories.append(Repository(wrapping: main))
        for name in try withStringArray("listing worktrees", { git_worktree_list($0, pointer) }) {
            let worktree = try Handle.make("reading worktree \(name)", free: git_worktree_free) { git_worktree_lookup($0, pointer, name) }
            guard git_worktree_validate(worktree.pointer) == 0 else { continue }  // pruned or moved away
            let opened = try Handle.make("opening worktree \(name)", free: git_repository_free) {
                git_repository_open_from_worktree($0, worktree.pointer)
            }
            repositories.append(Repository(wrapping: opened))
        }
        return try repositories.compactMap { repository in
            guard let path = repository.workTree else { return nil }
            return WorktreeCheckout(
                path: path,
                branch: try repository.head().branchName,
                isCurrent: Self.resolved(repository.gitDirectory) == current
            )
        }
    }

    /// Adds a linked worktree at `path` (which must not exist) with local `branch` checked out.
    /// The worktree's administrative name is the last path component, made unique.
    public func addWorktree(at path: String, branch: String) throws {
        let branchReference = try Handle.make("reading branch \(branch)", free: git_reference_free) {
            git_reference_lookup($0, pointer, branchPrefix + branch)
        }
        let existing = Set(try withStringArray("listing worktrees") { git_worktree_list($0, pointer) })
        let base = (path as NSString).lastPathComponent
        var name = base
        var counter = 2
        while existing.contains(name) {
            name = "\(base)-\(counter)"
            counter += 1
        }

        var options = git_worktree_add_options()
        try check(git_worktree_add_options_init(&options, UInt32(GIT_WORKTREE_ADD_OPTIONS_VERSION)), "preparing worktree")
        options.ref = branchReference.pointer
        // The directory is new and empty, so a forced checkout cannot overwrite anything;
        // a safe one would treat every file as "deleted locally" and write nothing.
        options.checkout_options.checkout_strategy = GIT_CHECKOUT_FORCE.rawValue
        _ = try Handle.make("adding worktree \(path)", free: git_worktree_free) {
            git_worktree_add($0, pointer, name, path, &options)
        }
    }

    private static func resolved(_ path: String) -> String {
        (path as NSString).resolvingSymlinksInPath
    }
}
