import Clibgit2
import Foundation

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

    private static func resolved(_ path: String) -> String {
        (path as NSString).resolvingSymlinksInPath
    }
}
