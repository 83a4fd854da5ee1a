import Clibgit2
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// git's `safe.directory` rule (`ensure_valid_ownership` in git's setup.c), applied here rather
/// than by libgit2. libgit2 1.5.1's own check did not see what git sees: the system file (its
/// search paths are empty, `Libgit2.swift`), `git -c safe.directory=…`, or `*`, so a container's
/// `safe.directory = *` failed every command; it also refused an explicit `GIT_DIR`, which git
/// never checks; and it reported a refusal as "not a git repository".
///
/// A discovered repository is safe when the current user owns its `.git` file (if any), its work
/// tree's top directory and its git directory (as root, a repository `SUDO_UID` owns counts);
/// otherwise when the protected config (system, global, `git -c`; never the repository's own)
/// has a `safe.directory` that is `*` or the work tree's path (`~/` expanded), and no empty
/// value after it.
extension Repository {
    func ensureSafeOwnership(_ sources: ConfigurationSources) throws {
        let identifying = workTree ?? gitDirectory
        let dotGit = workTree.map { $0 + "/.git" }
        var paths = [workTree, gitDirectory].compactMap { $0 }
        if let dotGit, Self.isRegularFile(dotGit) { paths.append(dotGit) }
        if !sources.assumeDifferentOwner, paths.allSatisfy({ Self.isOwnedByCurrentUser($0, sudoUser: sources.sudoUser) }) { return }
        var safe = false
        for value in try Self.protectedValues(of: "safe.directory", in: sources) {
            if value.isEmpty {
                safe = false
            } else if value == "*" {
                safe = true
            } else if Self.expandingHome(value, home: sources.homeDirectory) == identifying {
                safe = true
            }
        }
        guard safe else {
            throw GitError(.dubiousOwnership, "detected dubious ownership in repository at '\(identifying)'", path: identifying)
        }
    }

    /// git's `is_path_owned_by_current_uid`: lstat's owner is the effective user; as root, root or
    /// the user `sudo` ran as.
    static func isOwnedByCurrentUser(_ path: String, sudoUser: UInt32?) -> Bool {
        var info = stat()
        guard lstat(path, &info) == 0 else { return false }
        let me = geteuid()
        if me == 0 {
            return info.st_uid == 0 || sudoUser.map { info.st_uid == $0 } == true
        }
        return info.st_uid == me
    }

    private static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    private static func expandingHome(_ value: String, home: String?) -> String {
        guard value.hasPrefix("~/"), let home else { return value }
        return home + value.dropFirst(1)
    }

    /// Every value of `key` in the protected config, in git's order: the system file, the global
    /// files (includes followed), then the `git -c` settings.
    static func protectedValues(of key: String, in sources: ConfigurationSources) throws -> [String] {
        var values: [String] = []
        if let listed = sources.listedByGit {
            values += (listed.system + listed.global).filter { $0.key == key }.map { $0.value ?? "" }
        } else {
            for file in ([sources.systemFile].compactMap { $0 } + sources.globalFiles) where FileManager.default.fileExists(atPath: file) {
                values += try fileValues(of: key, in: file)
            }
        }
        // git -c safe.directory (no `=`) is an implicit true, which names no directory.
        values += sources.commandLine.filter { $0.key == key }.map { $0.value ?? "" }
        return values
    }

    private static func fileValues(of key: String, in file: String) throws -> [String] {
        let config = try Handle.make("reading config file \(file)", free: git_config_free) { git_config_open_ondisk($0, file) }
        // The iterator points at the config without owning it: keep the config until it is freed.
        return try withExtendedLifetime(config) {
            var iterator: OpaquePointer?
            let code = git_config_multivar_iterator_new(&iterator, config.pointer, key, nil)
            if code == GIT_ENOTFOUND.rawValue { return [] }
            try check(code, "reading \(key) from \(file)")
            defer { git_config_iterator_free(iterator) }
            var values: [String] = []
            var entry: UnsafeMutablePointer<git_config_entry>?
            while git_config_next(&entry, iterator) == 0 {
                values.append(entry?.pointee.value.map { String(cString: $0) } ?? "")
            }
            return values
        }
    }
}
