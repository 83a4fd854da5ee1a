import Clibgit2
import Foundation

/// Where a repository's global and system configuration comes from. The caller derives it
/// from its environment (HOME, XDG_CONFIG_HOME, GIT_CONFIG_GLOBAL, GIT_CONFIG_SYSTEM,
/// GIT_CONFIG_NOSYSTEM, the `git -c` settings):
/// this module never reads the process environment.
public struct ConfigurationSources: Sendable, Equatable {
    /// Global files, lowest precedence first (`$XDG_CONFIG_HOME/git/config`, `~/.gitconfig`).
    public var globalFiles: [String]
    /// The system file (`/etc/gitconfig`), or nil when system config is disabled.
    public var systemFile: String?
    /// The default global ignore file (`$XDG_CONFIG_HOME/git/ignore`), used when
    /// `core.excludesFile` is not set.
    public var globalIgnoreFile: String?
    /// The home directory `~/` stands for in config values and `includeIf "gitdir:~/…"`
    /// (`$HOME`), or nil when there is none.
    public var homeDirectory: String?
    /// The `git -c` settings git passed down (`CommandLineConfiguration`), above every file.
    public var commandLine: [ConfigParameter] = []
    /// Why the command-line settings could not be read, if they could not: opening a
    /// repository then fails with it, as every git command would.
    public var commandLineProblem: GitError?
    /// The user `sudo` ran this as (`SUDO_UID`): as root, git takes a repository that user owns as
    /// one's own (`safe.directory`).
    public var sudoUser: UInt32?
    /// `GIT_TEST_ASSUME_DIFFERENT_OWNER`: treat every repository as another user's, as git does.
    public var assumeDifferentOwner = false
    /// The system and global settings as git listed them, used instead of reading those files
    /// when they hold what libgit2 cannot apply (`Repository.hasIncludesOnlyGitApplies`).
    public var listedByGit: ListedConfiguration?

    /// Sources with explicit files.
    public init(globalFiles: [String], systemFile: String? = nil, globalIgnoreFile: String? = nil, homeDirectory: String? = nil) {
        self.globalFiles = globalFiles
        self.systemFile = systemFile
        self.globalIgnoreFile = globalIgnoreFile
        self.homeDirectory = homeDirectory
    }

    /// Git's own lookup rules for a home directory and XDG config directory. An override
    /// (`GIT_CONFIG_GLOBAL`, `GIT_CONFIG_SYSTEM`) replaces the default files; an empty one names
    /// no file at all, as in git.
    public init(home: String?, xdgConfigHome: String?, globalOverride: String? = nil, systemOverride: String? = nil, includeSystem: Bool) {
        let xdg = xdgConfigHome ?? home.map { $0 + "/.config" }
        if let globalOverride {
            globalFiles = globalOverride.isEmpty ? [] : [globalOverride]
        } else {
            globalFiles = [xdg.map { $0 + "/git/config" }, home.map { $0 + "/.gitconfig" }].compactMap { $0 }
        }
        let system = systemOverride ?? "/etc/gitconfig"
        systemFile = includeSystem && !system.isEmpty ? system : nil
        globalIgnoreFile = xdg.map { $0 + "/git/ignore" }
        homeDirectory = home
    }

    /// No global or system configuration at all.
    public static let none = ConfigurationSources(globalFiles: [])
}

/// How to find a repository: git's discovery rules from a start directory, or an explicit
/// git directory and work tree (`GIT_DIR` / `GIT_WORK_TREE`).
public struct RepositoryLocation: Sendable, Equatable {
    /// Directory discovery starts from (the current directory).
    public var startDirectory: String
    /// An explicit git directory (`GIT_DIR`); disables discovery.
    public var gitDirectory: String?
    /// An explicit work tree (`GIT_WORK_TREE`).
    public var workTree: String?
    /// Directories discovery must not climb into (`GIT_CEILING_DIRECTORIES`).
    public var ceilingDirectories: [String]

    /// A location; relative `gitDirectory`/`workTree` are resolved against `startDirectory`.
    public init(startDirectory: String, gitDirectory: String? = nil, workTree: String? = nil, ceilingDirectories: [String] = []) {
        self.startDirectory = startDirectory
        self.gitDirectory = gitDirectory
        self.workTree = workTree
        self.ceilingDirectories = ceilingDirectories
    }
}

/// An open repository. Owns its `git_repository` and the config built from `ConfigurationSources`.
public final class Repository {
    let handle: Handle
    var pointer: OpaquePointer { handle.pointer }

    /// The git directory (for a linked worktree, its private directory), without a trailing slash.
    public let gitDirectory: String
    /// The directory shared by all worktrees (holds refs, objects, config).
    public let commonDirectory: String
    /// The work tree's top directory, or nil for a bare repository.
    public let workTree: String?

    init(wrapping handle: Handle) {
        self.handle = handle
        gitDirectory = Self.trimmedPath(git_repository_path(handle.pointer))!
        commonDirectory = Self.trimmedPath(git_repository_commondir(handle.pointer)) ?? gitDirectory
        workTree = Self.trimmedPath(git_repository_workdir(handle.pointer))
    }

    private static func trimmedPath(_ path: UnsafePointer<CChar>?) -> String? {
        guard let path else { return nil }
        let text = String(cString: path)
        return text.count > 1 && text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    /// Whether the repository has no work tree.
    public var isBare: Bool { git_repository_is_bare(pointer) == 1 }

    /// Opens the repository at `location`, with config from `configuration`.
    /// Throws `.notARepository` when there is none.
    public static func open(_ location: RepositoryLocation, configuration: ConfigurationSources) throws -> Repository {
        // Every `~/` libgit2 expands is expanded inside: the includes while the config files
        // are parsed, core.excludesFile and core.attributesFile when the attribute cache is
        // made (at the end of `openLocked`, not at the first status, when the search path may
        // name another home).
        try withHomeForTildeExpansion(configuration.homeDirectory) {
            try openLocked(location, configuration: configuration)
        }
    }

    private static func openLocked(_ location: RepositoryLocation, configuration: ConfigurationSources) throws -> Repository {
        let start = absolute(location.startDirectory, relativeTo: "/")
        let handle: Handle
        if let gitDirectory = location.gitDirectory {
            let path = absolute(gitDirectory, relativeTo: start)
            handle = try openHandle(path, flags: GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, ceilings: nil, notFoundPath: path)
        } else {
            let ceilings = location.ceilingDirectories.isEmpty ? nil : location.ceilingDirectories.joined(separator: ":")
            handle = try openHandle(start, flags: 0, ceilings: ceilings, notFoundPath: start)
        }
        if let workTree = location.workTree {
            let path = absolute(workTree, relativeTo: start)
            try check(git_repository_set_workdir(handle.pointer, path, 0), "using \(path) as the work tree")
        }
        var repository = Repository(wrapping: handle)
        if location.gitDirectory == nil {
            // git checks who owns what it discovers, never an explicit GIT_DIR.
            try repository.ensureSafeOwnership(configuration)
        }
        try repository.installConfiguration(configuration)
        // git: with GIT_DIR but neither GIT_WORK_TREE nor core.worktree, the current directory
        // is the top of the work tree (libgit2 would take the git directory's parent).
        if location.gitDirectory != nil, location.workTree == nil, !repository.isBare, try repository.configValue("core.worktree") == nil {
            try check(git_repository_set_workdir(handle.pointer, start, 0), "using \(start) as the work tree")
            repository = Repository(wrapping: handle)
            try repository.installConfiguration(configuration)
        }
        // Adding no rules makes libgit2 build the repository's attribute cache now, which reads
        // (and expands) core.excludesFile and core.attributesFile once for the handle's life.
        try check(git_ignore_add_rule(handle.pointer, ""), "reading core.excludesFile and core.attributesFile")
        return repository
    }

    private static func openHandle(_ path: String, flags: UInt32, ceilings: String?, notFoundPath: String) throws -> Handle {
        do {
            return try Handle.make("opening the repository at \(path)", free: git_repository_free) {
                git_repository_open_ext($0, path, flags, ceilings)
            }
        } catch let error as GitError where error.kind == .notFound {
            throw GitError(.notARepository, "not a git repository (or any parent up to /): \(notFoundPath)")
        }
    }

    static func absolute(_ path: String, relativeTo base: String) -> String {
        let joined = path.hasPrefix("/") ? path : (base as NSString).appendingPathComponent(path)
        return (joined as NSString).standardizingPath
    }

    /// Replaces libgit2's config (which, with the search paths emptied, holds only the
    /// repository file) by git's whole sequence, lowest precedence first: the system file, the
    /// global files, the repository file, the worktree's `config.worktree` (with
    /// `extensions.worktreeConfig`), then the `git -c` settings.
    private func installConfiguration(_ sources: ConfigurationSources) throws {
        if let problem = sources.commandLineProblem { throw problem }
        let config = try Handle.make("creating the configuration", free: git_config_free) { git_config_new($0) }
        let fileManager = FileManager.default
        func add(_ path: String, _ level: git_config_level_t, doing: String? = nil) throws {
            try check(git_config_add_file_ondisk(config.pointer, path, level, pointer, 0), doing ?? "reading config file \(path)")
        }
        // git applied every include and condition to what it listed, which needs none. Where no
        // file can be made for it (no writable TMPDIR), the files are read as libgit2 reads them.
        let listedFiles = sources.listedByGit.flatMap { listed in
            try? [(listed.system, GIT_CONFIG_LEVEL_SYSTEM), (listed.global, GIT_CONFIG_LEVEL_GLOBAL)].filter { !$0.0.isEmpty }
                .map { (try GeneratedConfigFile.path(holding: ConfigParameter.configFileText($0.0)), $0.1) }
        }
        if let listedFiles {
            for (path, level) in listedFiles { try add(path, level, doing: "reading the config git listed") }
        } else {
            if let system = sources.systemFile, fileManager.fileExists(atPath: system) { try add(system, GIT_CONFIG_LEVEL_SYSTEM) }
            for (index, file) in sources.globalFiles.enumerated() where fileManager.fileExists(atPath: file) {
                // The last listed global file wins, as ~/.gitconfig wins over the XDG file in git.
                try add(file, index == sources.globalFiles.count - 1 ? GIT_CONFIG_LEVEL_GLOBAL : GIT_CONFIG_LEVEL_XDG)
            }
        }
        try add(commonDirectory + "/config", GIT_CONFIG_LEVEL_LOCAL)
        // libgit2 1.5 has no worktree level; APP, above LOCAL, is where git puts it. Only the
        // repository's own file can turn it on, as in git.
        let worktreeFile = gitDirectory + "/config.worktree"
        if try Self.localBool("extensions.worktreeConfig", in: config) == true, fileManager.fileExists(atPath: worktreeFile) {
            try add(worktreeFile, GIT_CONFIG_LEVEL_APP)
        }
        // Where no file can be made for them (no writable TMPDIR), libgit2's reads go without
        // the -c settings, as before they were read; git's children still get them from git.
        if !sources.commandLine.isEmpty, let path = try? GeneratedConfigFile.path(holding: ConfigParameter.configFileText(sources.commandLine)) {
            try add(path, Self.commandLineLevel, doing: "reading the git -c settings")
        }
        try check(git_repository_set_config(pointer, config.pointer), "installing the configuration")
        try addGlobalIgnoreRules(sources)
    }

    /// Above every file, as git ranks `git -c` (libgit2 orders backends by this number alone).
    static let commandLineLevel = git_config_level_t(rawValue: GIT_CONFIG_LEVEL_APP.rawValue + 1)

    /// Boolean config `key` as the repository's own file sets it (nil: it does not), read from
    /// `config` while that file is its highest level.
    private static func localBool(_ key: String, in config: Handle) throws -> Bool? {
        var entry: UnsafeMutablePointer<git_config_entry>?
        let code = git_config_get_entry(&entry, config.pointer, key)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "reading config \(key)")
        defer { git_config_entry_free(entry) }
        guard let found = entry?.pointee, found.level == GIT_CONFIG_LEVEL_LOCAL else { return nil }
        // A key without a value is git's implicit true.
        guard let value = found.value else { return true }
        var parsed: Int32 = 0
        try check(git_config_parse_bool(&parsed, value), "reading config \(key)")
        return parsed != 0
    }

    private func addGlobalIgnoreRules(_ sources: ConfigurationSources) throws {
        guard try configValue("core.excludesFile") == nil,
              let file = sources.globalIgnoreFile,
              let rules = try? String(contentsOfFile: file, encoding: .utf8) else { return }
        try check(git_ignore_add_rule(pointer, rules), "reading ignore rules from \(file)")
    }
}

/// The system and global settings as git itself lists them (`git config --list -z
/// --show-scope`): every include and `includeIf` applied, in git's order, include lines left out.
public struct ListedConfiguration: Sendable, Equatable {
    public var system: [ConfigParameter]
    public var global: [ConfigParameter]

    public init(system: [ConfigParameter], global: [ConfigParameter]) {
        self.system = system
        self.global = global
    }

    /// Reads the output of `git config --list -z --show-scope`: `scope NUL key LF value NUL`, or
    /// `scope NUL key NUL` for a key without a value. Other scopes (local, worktree, command)
    /// are left out: libgit2 reads those itself.
    public init(listing: String) {
        var system: [ConfigParameter] = [], global: [ConfigParameter] = []
        var fields = listing.split(separator: "\0", omittingEmptySubsequences: false)[...]
        while fields.count >= 2 {
            let scope = fields.removeFirst(), entry = fields.removeFirst()
            let key: Substring, value: String?
            if let newline = entry.firstIndex(of: "\n") {
                key = entry[..<newline]
                value = String(entry[entry.index(after: newline)...])
            } else {
                key = entry
                value = nil
            }
            // The included files' settings are listed already; including them again would repeat them.
            let lowered = key.lowercased()
            if lowered == "include.path" || (lowered.hasPrefix("includeif.") && lowered.hasSuffix(".path")) { continue }
            switch scope {
            case "system": system.append(ConfigParameter(key: String(key), value: value))
            case "global": global.append(ConfigParameter(key: String(key), value: value))
            default: continue
            }
        }
        self.init(system: system, global: global)
    }
}

// MARK: - Config

extension Repository {
    /// Whether the system or global config has an include only git can apply: `includeIf
    /// "hasconfig:remote.*.url:…"`, whose condition libgit2 1.5.1 ignores (the file is never read).
    public var hasIncludesOnlyGitApplies: Bool {
        guard let config = try? Handle.make("reading config", free: git_config_free, { git_repository_config_snapshot($0, pointer) }) else { return false }
        // The iterator points at the config without owning it: keep the config until it is freed.
        return withExtendedLifetime(config) {
            var iterator: OpaquePointer?
            guard git_config_iterator_glob_new(&iterator, config.pointer, "^includeif\\.hasconfig:.*\\.path$") == 0 else { return false }
            defer { git_config_iterator_free(iterator) }
            var entry: UnsafeMutablePointer<git_config_entry>?
            while git_config_next(&entry, iterator) == 0 {
                if let level = entry?.pointee.level, level.rawValue <= GIT_CONFIG_LEVEL_GLOBAL.rawValue { return true }
            }
            return false
        }
    }

    /// The value of config `key` (repository first, then global, then system), or nil.
    public func configValue(_ key: String) throws -> String? {
        let config = try Handle.make("reading config", free: git_config_free) { git_repository_config_snapshot($0, pointer) }
        var entry: UnsafeMutablePointer<git_config_entry>?
        let code = git_config_get_entry(&entry, config.pointer, key)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "reading config \(key)")
        defer { git_config_entry_free(entry) }
        return entry?.pointee.value.map { String(cString: $0) }
    }

    /// Sets config `key` to `value` in the repository's own config file.
    public func setConfigValue(_ value: String, forKey key: String) throws {
        let config = try repositoryConfigFile()
        try check(git_config_set_string(config.pointer, key, value), "setting config \(key)")
    }

    /// The repository's own config file alone, opened afresh: libgit2 writes to the highest-
    /// priority file of a config, which here may be `config.worktree` or the `git -c` settings.
    /// (Not `git_config_open_level`: it repoints the shared file's owner at the config it
    /// returns, which is freed first.) The repository's config re-reads the file once it changed.
    private func repositoryConfigFile() throws -> Handle {
        try Handle.make("opening \(commonDirectory)/config", free: git_config_free) { git_config_open_ondisk($0, commonDirectory + "/config") }
    }

    /// Sets each key to its value in the repository's own config file in one write, under one
    /// `config.lock`: all of them, or (on any error) none. Writing them one by one locked,
    /// rewrote and renamed the file once per key.
    public func setConfigValues(_ values: [(key: String, value: String)]) throws {
        guard !values.isEmpty else { return }
        // Not a `Handle`: libgit2 1.5.1 frees the config itself when a config transaction is
        // freed uncommitted (it never took a reference), so who frees it depends on the outcome.
        var config: OpaquePointer?
        try check(git_config_open_ondisk(&config, commonDirectory + "/config"), "opening \(commonDirectory)/config")
        var transaction: OpaquePointer?
        let locked = git_config_lock(&transaction, config)
        guard locked == 0 else {
            defer { git_config_free(config) }
            try check(locked, "locking \(commonDirectory)/config")
            return
        }
        var committing = false
        defer {
            // Freed uncommitted (an error below), the transaction drops every change, and the
            // config; a commit, even a failed one, lets go of it.
            git_transaction_free(transaction)
            if committing { git_config_free(config) }
        }
        for (key, value) in values {
            try check(git_config_set_string(config, key, value), "setting config \(key)")
        }
        committing = true
        try check(git_transaction_commit(transaction), "writing \(commonDirectory)/config")
    }
}
