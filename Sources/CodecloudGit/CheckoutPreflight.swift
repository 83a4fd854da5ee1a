import Clibgit2
import Foundation

extension Repository {
    /// The ignored files in the work tree that checking out `target` over HEAD would write over
    /// or remove: a path the target adds where an ignored file (or a directory holding ignored
    /// files) is, or an ignored file where the target needs a directory. git treats ignored
    /// files as expendable and replaces them without a word; callers refuse or save them first.
    ///
    /// Only the paths the target adds are looked at (a tree-to-tree diff, which skips identical
    /// subtrees), so this stays fast on large repositories. Gitlinks are skipped: git leaves
    /// whatever is at a submodule's path alone.
    public func ignoredFiles(overwrittenByCheckoutOf target: ObjectID) throws -> [String] {
        guard let top = workTree else { return [] }
        let headTree = try head().commit.map { try tree(of: $0) }
        let targetTree = try tree(of: target)
        let diff = try Handle.make("comparing HEAD with \(target.short)", free: git_diff_free) {
            git_diff_tree_to_tree($0, pointer, headTree?.pointer, targetTree.pointer, nil)
        }
        var candidates: Set<String> = []
        let fileManager = FileManager.default
        for index in 0..<git_diff_num_deltas(diff.pointer) {
            guard let delta = git_diff_get_delta(diff.pointer, index)?.pointee, delta.status == GIT_DELTA_ADDED,
                  delta.new_file.mode != UInt16(GIT_FILEMODE_COMMIT.rawValue),
                  let cPath = delta.new_file.path else { continue }
            let path = String(cString: cPath)
            // A non-directory where the target needs a directory is replaced by git.
            var prefix = ""
            let components = path.split(separator: "/")
            for component in components.dropLast() {
                prefix += prefix.isEmpty ? String(component) : "/" + component
                var status = stat()
                guard lstat(top + "/" + prefix, &status) == 0 else { break }
                if status.st_mode & S_IFMT != S_IFDIR {
                    if !isTracked(prefix, in: headTree) { candidates.insert(prefix) }
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
                    if !isTracked(inner, in: headTree) { candidates.insert(inner) }
                }
            } else {
                candidates.insert(path)
            }
        }
        return try candidates.filter { try isIgnored($0) }.sorted()
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
