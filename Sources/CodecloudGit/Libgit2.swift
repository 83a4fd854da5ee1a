import Clibgit2
import Foundation

/// The linked libgit2's version, e.g. "1.5.1".
public func libgit2Version() -> String {
    var major: Int32 = 0, minor: Int32 = 0, revision: Int32 = 0
    git_libgit2_version(&major, &minor, &revision)
    return "\(major).\(minor).\(revision)"
}

/// Initialises libgit2 exactly once per process (a global `let` is initialised under
/// `swift_once`). libgit2 is never shut down: handles may outlive any one caller.
///
/// The XDG/system config search paths are emptied here on purpose. libgit2 computes them from
/// `$HOME` once, at initialisation, and keeps them process-wide; tests run many repositories
/// with different HOMEs in one process. So libgit2 never looks for config files on its own, and
/// `Repository` builds each repository's config from the explicit `ConfigurationSources` its
/// caller derived from the Environment. The global search path is different: libgit2 1.5
/// expands `~/` through it (`[include] path`, `[includeIf "gitdir:~/…"]`, `core.excludesFile`,
/// `core.attributesFile`), so `Repository.open` points it at the caller's home directory
/// (`withHomeForTildeExpansion`) instead of leaving it empty.
///
/// The CA bundle mbedTLS would parse during initialisation is never parsed, nor libssh2 (and
/// OpenSSL under it) set up: the tool makes no libgit2 connection (git fetches), and
/// DeferredInitialisation.swift keeps initialisation from doing either.
private let libgit2Initialisation: Void = {
    deferringExpensiveInitialisation { git_libgit2_init() }
    for level in [GIT_CONFIG_LEVEL_SYSTEM, GIT_CONFIG_LEVEL_XDG, GIT_CONFIG_LEVEL_GLOBAL, GIT_CONFIG_LEVEL_PROGRAMDATA] {
        _ = codecloud_git_set_search_path(level, "")
    }
    // `Repository.open` applies git's safe.directory rule itself (SafeDirectory.swift).
    _ = codecloud_git_set_owner_validation(0)
}()

/// Serialises setting libgit2's process-wide global search path with the work that reads it.
private let homeSearchPathLock = NSLock()

/// Runs `body` with libgit2's global search path set to `home` (nil: none, so a `~/` in
/// config fails as it does in git without HOME), under one lock so that concurrent opens with
/// different homes (tests) cannot see each other's. The path is left set afterwards: a config
/// file re-read later (libgit2 re-parses one that changed on disk) expands `~` with the home of
/// the latest open, which in the CLI is the only one.
func withHomeForTildeExpansion<Result>(_ home: String?, _ body: () throws -> Result) throws -> Result {
    ensureLibgit2()
    return try homeSearchPathLock.withLock {
        // libgit2 splits the path at ':' and replaces "$PATH"; a home directory holding either
        // cannot be expressed, so `~` then stays unexpandable rather than pointing elsewhere.
        let usable = home.flatMap { $0.contains(":") || $0.contains("$PATH") ? nil : $0 } ?? ""
        try check(codecloud_git_set_search_path(GIT_CONFIG_LEVEL_GLOBAL, usable), "setting the home directory for ~ in config")
        return try body()
    }
}

/// Makes sure libgit2 is initialised; call before the first libgit2 call of any entry point.
func ensureLibgit2() {
    _ = libgit2Initialisation
}

/// Throws the libgit2 error for `code` (read at once from `git_error_last()`) when it is negative.
@discardableResult
func check(_ code: Int32, _ doing: @autoclosure () -> String) throws -> Int32 {
    if code < 0 { throw GitError.fromLibgit2(code: code, doing: doing()) }
    return code
}

/// Owns one libgit2 handle and frees it with the matching `git_*_free` when released.
/// Every C handle this module creates lives in one of these, so nothing leaks on a throw.
final class Handle {
    let pointer: OpaquePointer
    private let free: (OpaquePointer) -> Void

    init(_ pointer: OpaquePointer, free: @escaping (OpaquePointer) -> Void) {
        self.pointer = pointer
        self.free = free
    }

    deinit { free(pointer) }

    /// Runs a libgit2 constructor (`git_*_lookup`, `git_*_new`, …) and wraps its result.
    static func make(
        _ doing: @autoclosure () -> String,
        free: @escaping (OpaquePointer) -> Void,
        _ construct: (UnsafeMutablePointer<OpaquePointer?>) -> Int32
    ) throws -> Handle {
        var out: OpaquePointer?
        try check(construct(&out), doing())
        guard let out else { throw GitError(.other, "\(doing()): libgit2 returned no object") }
        return Handle(out, free: free)
    }
}

/// Copies a libgit2 `git_buf` filled by `fill` into a Swift string and disposes of it.
func withBuffer(_ doing: @autoclosure () -> String, _ fill: (UnsafeMutablePointer<git_buf>) -> Int32) throws -> String {
    var buffer = git_buf()
    defer { git_buf_dispose(&buffer) }
    try check(fill(&buffer), doing())
    return buffer.ptr.map { String(cString: $0) } ?? ""
}

/// Copies a `git_strarray` filled by `fill` into Swift strings and disposes of it.
func withStringArray(_ doing: @autoclosure () -> String, _ fill: (UnsafeMutablePointer<git_strarray>) -> Int32) throws -> [String] {
    var array = git_strarray()
    defer { git_strarray_dispose(&array) }
    try check(fill(&array), doing())
    return (0..<array.count).compactMap { index in array.strings[index].map { String(cString: $0) } }
}

/// Passes `strings` to libgit2 as a borrowed `git_strarray` for the duration of `body`.
func withStrArray<Result>(_ strings: [String], _ body: (UnsafeMutablePointer<git_strarray>) throws -> Result) rethrows -> Result {
    var pointers = strings.map { strdup($0) }
    defer { pointers.forEach { free($0) } }
    return try pointers.withUnsafeMutableBufferPointer { buffer in
        var array = git_strarray(strings: buffer.baseAddress, count: buffer.count)
        return try body(&array)
    }
}
