import Clibgit2
import Foundation

extension Repository {
    /// The files HEAD does not track that checking out `target` over HEAD would write over or
    /// remove, split into ignored and not ignored (untracked): a path the target adds where such
    /// a file (or a directory holding such files) is, or such a file where the target needs a
    /// directory. With an index that matches HEAD (no tracked changes) these are exactly the
    /// untracked files `git status --untracked-files=all` lists that collide with the target's
    /// tree, without walking the whole work tree for untracked files.
    ///
    /// Only the paths the target adds are looked at (a tree-to-tree diff, which skips identical
    /// subtrees), so this stays fast on large repositories. Ignored files at or below a gitlink's
    /// path are not counted: git leaves whatever is at a submodule's path alone (untracked ones
    /// are, as the status-based check always counted them).
    public func filesInTheWay(ofCheckoutOf target: ObjectID) throws -> (untracked: [String], ignored: [String]) {
        guard let top = workTree else { return ([], []) }
        let headTree = try head().commit.map { try tree(of: $0) }
        let targetTree = try tree(of: target)
        var added: [(path: String, isGitlink: Bool)] = []
        try collectAdded(targetTree, over: headTree, prefix: "", into: &added)
        var candidates: Set<String> = []
        // Candidates found only under gitlinks: never ignored files to protect.
        var underGitlinks: Set<String> = []
        let fileManager = FileManager.default
        for (path, isGitlink) in added {
            var found: [String] = []
            defer {
                for candidate in found where candidates.insert(candidate).inserted || !isGitlink {
                    if isGitlink { underGitlinks.insert(candidate) } else { underGitlinks.remove(candidate) }
                }
            }
            // A non-directory where the target needs a directory is replaced by git.
            var prefix = ""
            let components = path.split(separator: "/")
            for component in components.dropLast() {
                prefix += prefix.isEmpty ? String(component) : "/" + component
                var status = stat()
                guard lstat(top + "/" + prefix, &status) == 0 else { break }
                if status.st_mode & S_IFMT != S_IFDIR {
                    if !isTracked(prefix, in: headTree) { found.append(prefix) }
                    break
                }
            }
            var status = stat()
            guard lstat(top + "/" + path, &status) == 0 else { continue }
            if status.st_mode & S_IFMT == S_IFDIR {
                // A directory where the target puts a file: git removes it with what is inside.
                let enumerator = fileManager.enumerator(atPath: top + "/" + path)
                while let relative = enumerator?.nextObject() as? String {
                    let inner = path + "/" + relative
                    var innerStatus = stat()
                    guard lstat(top + "/" + inner, &innerStatus) == 0, innerStatus.st_mode & S_IFMT != S_IFDIR else { continue }
                    if !isTracked(inner, in: headTree) { found.append(inner) }
                }
            } else {
                found.append(path)
            }
        }
        var untracked: [String] = [], ignored: [String] = []
        for path in candidates.sorted() {
            if try isIgnored(path) {
                if !underGitlinks.contains(path) { ignored.append(path) }
            } else {
                untracked.append(path)
            }
        }
        return (untracked, ignored)
    }

    /// The paths `tree` has where `base` (nil: nothing) has no entry, or a directory where
    /// `tree` has a file: what a checkout of `tree` over `base` creates. Identical subtrees are
    /// skipped by id, so only the directories that differ are read (libgit2's tree-to-tree diff
    /// read, and cached, 16 MB of trees for a one-file change in the 20,000-file benchmark
    /// repository).
    private func collectAdded(_ tree: Handle, over base: Handle?, prefix: String, into added: inout [(path: String, isGitlink: Bool)]) throws {
        for index in 0..<git_tree_entrycount(tree.pointer) {
            guard let entry = git_tree_entry_byindex(tree.pointer, index), let cName = git_tree_entry_name(entry) else { continue }
            let name = String(cString: cName)
            let path = prefix.isEmpty ? name : prefix + "/" + name
            let old = base.flatMap { git_tree_entry_byname($0.pointer, cName) }
            if let old, git_oid_cmp(git_tree_entry_id(old), git_tree_entry_id(entry)) == 0,
               git_tree_entry_filemode(old) == git_tree_entry_filemode(entry) { continue }
            let oldIsTree = old.map { git_tree_entry_type($0) == GIT_OBJECT_TREE } ?? false
            if git_tree_entry_type(entry) == GIT_OBJECT_TREE {
                let subtree = try Handle.make("reading the tree \(path)", free: git_tree_free) { git_tree_lookup($0, pointer, git_tree_entry_id(entry)) }
                let oldSubtree = try old.flatMap { old in
                    oldIsTree ? try Handle.make("reading the tree \(path)", free: git_tree_free) { git_tree_lookup($0, pointer, git_tree_entry_id(old)) } : nil
                }
                try collectAdded(subtree, over: oldSubtree, prefix: path, into: &added)
            } else if old == nil || oldIsTree {
                added.append((path, git_tree_entry_filemode(entry) == GIT_FILEMODE_COMMIT))
            }
        }
    }

    /// The paths among `paths` whose index entry has the skip-worktree bit (outside a sparse
    /// checkout's cone, or `git update-index --skip-worktree`). git leaves them out of the work
    /// tree and out of `git status`; libgit2 1.5.1 knows no sparse checkout and reports them as
    /// deleted, so the dirty pre-flight drops them.
    public func skipWorktreePaths(among paths: [String]) throws -> Set<String> {
        guard !paths.isEmpty else { return [] }
        let index = try Handle.make("reading the index", free: git_index_free) { git_repository_index($0, pointer) }
        let flag = UInt16(GIT_INDEX_ENTRY_SKIP_WORKTREE.rawValue)
        return Set(paths.filter { path in
            guard let entry = git_index_get_bypath(index.pointer, path, 0)?.pointee else { return false }
            return entry.flags_extended & flag != 0
        })
    }

    /// Whether git's ignore rules (.gitignore files, `.git/info/exclude`, `core.excludesFile`) match `path`.
    public func isIgnored(_ path: String) throws -> Bool {
        var ignored: Int32 = 0
        try check(git_ignore_path_is_ignored(&ignored, pointer, path), "reading the ignore rules for \(path)")
        return ignored == 1
    }

    private func isTracked(_ path: String, in tree: Handle?) -> Bool {
        guard let tree else { return false }
        var entry: OpaquePointer?
        guard git_tree_entry_bypath(&entry, tree.pointer, path) == 0 else { return false }
        git_tree_entry_free(entry)
        return true
    }
}
