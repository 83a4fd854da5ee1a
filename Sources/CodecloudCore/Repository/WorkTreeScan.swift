import CodecloudGit
import CodecloudProcess
import Foundation

/// The dirty check: `Repository.status()` (libgit2), or for large checkouts git's own
/// `git status`, whichever is faster.
///
/// libgit2 has no untracked cache, no fsmonitor, no threaded index preload, and compares HEAD
/// with the index tree by tree where git reads the index's cache-tree: in a 20,000-file clone
/// its status took 90 ms of CPU against 40–50 ms for `git status` (and 117 ms against 34 ms
/// wall in `make bench`). In a small checkout libgit2 answers in well under a millisecond,
/// while starting git costs 1–2 ms. So the index's size picks: above `gitThreshold` bytes (about
/// 1,500 files) git runs; below it, or when git cannot run or refuses, libgit2 does.
public enum WorkTreeScan {
    /// Who scans.
    public enum Scanner: Sendable, Equatable {
        /// libgit2, in process.
        case libgit2
        /// `git status --porcelain=v2` in a child process.
        case git
    }

    /// Index size from which git scans (an index entry is about 70–100 bytes plus its path).
    public static let gitThreshold = 128 * 1024

    /// The status of `repository`'s work tree, with the scanner the index size picks (or
    /// `scanner` when given). git runs with `environment`'s variables, so it reads the same
    /// config (HOME, XDG_CONFIG_HOME, GIT_CONFIG_*) the repository was opened with.
    ///
    /// Without `untracked`, only tracked changes are looked for (`--untracked-files=no`): no walk
    /// of the work tree for new files, which is most of `git status`'s time in a large clean tree.
    public static func status(of repository: Repository, in environment: Environment, scanner: Scanner? = nil, untracked: Bool = true) throws -> WorkTreeStatus {
        try scan(of: repository, in: environment, scanner: scanner, untracked: untracked).status
    }

    /// `status`, and who answered: libgit2 may not, for an index it cannot read (a sparse
    /// index, `index.sparse`, or a split one, `core.splitIndex`: extensions libgit2 1.5.1 refuses
    /// as "unsupported mandatory extension"), and git then scans whatever the index's size.
    public static func scan(of repository: Repository, in environment: Environment, scanner: Scanner? = nil, untracked: Bool = true) throws -> (status: WorkTreeStatus, scanner: Scanner) {
        let chosen = gitScan(for: repository, in: environment, scanner: scanner, untracked: untracked)
        if let chosen, let status = chosen() {
            return (status, .git)
        }
        do {
            return (try repository.status(includingUntracked: untracked).normalised, .libgit2)
        } catch let unreadable as GitError {
            guard chosen == nil, let git = gitScan(for: repository, in: environment, scanner: .git, untracked: untracked), let status = git() else {
                throw unreadable
            }
            return (status, .git)
        }
    }

    /// Starts git's scan in the background when the scanner is (or the index's size picks) git,
    /// so that it runs while this process does something else (landing: the fetch); nil when
    /// libgit2 scans (in process, well under a millisecond), which the caller then does itself.
    /// Reading the result waits for git; a nil result means git failed and libgit2 must scan.
    public static func start(for repository: Repository, in environment: Environment, scanner: Scanner? = nil, untracked: Bool = true) -> Pending? {
        gitScan(for: repository, in: environment, scanner: scanner, untracked: untracked).map(Pending.init)
    }

    /// git's scan, ready to run, when git is to scan.
    private static func gitScan(for repository: Repository, in environment: Environment, scanner: Scanner?, untracked: Bool) -> (@Sendable () -> WorkTreeStatus?)? {
        // GIT_INDEX_FILE is relative to the current directory; git runs in the work tree.
        let indexOverride = indexFile(in: environment)
        let chosen = scanner ?? choose(index: indexOverride ?? repository.gitDirectory + "/index")
        guard chosen == .git, let workTree = repository.workTree else { return nil }
        var variables = GitCredentialHelper.childVariables(environment.variables)
        if let indexOverride { variables["GIT_INDEX_FILE"] = indexOverride }
        let gitDirectory = repository.gitDirectory
        let passed = variables
        return { try? gitStatus(gitDirectory: gitDirectory, workTree: workTree, variables: passed, untracked: untracked) }
    }

    /// A git scan running on another thread (`start`). Read from one thread.
    public final class Pending: @unchecked Sendable {
        /// When the scan started: what it reports is the work tree as of about then.
        public let startedAt = ContinuousClock.now
        private let finished = DispatchSemaphore(value: 0)
        // Written by the scanning thread before `finished` is signalled, read after waiting on it.
        private var status: WorkTreeStatus?
        private var waited = false

        init(_ scan: @escaping @Sendable () -> WorkTreeStatus?) {
            // A thread of its own: the scan blocks on git, which must not hold a pool thread
            // that the pipe readers of this or another child need.
            Thread.detachNewThread { [self] in
                status = scan()
                finished.signal()
            }
        }

        /// Waits for git; its answer, or nil when git could not say.
        public func result() -> WorkTreeStatus? {
            if !waited {
                finished.wait()
                waited = true
            }
            return status
        }
    }

    /// The scanner the index's size picks for `repository`.
    public static func scanner(for repository: Repository, in environment: Environment) -> Scanner {
        choose(index: indexFile(in: environment) ?? repository.gitDirectory + "/index")
    }

    /// GIT_INDEX_FILE as an absolute path (git takes it relative to the current directory).
    private static func indexFile(in environment: Environment) -> String? {
        environment.variables["GIT_INDEX_FILE"].flatMap { $0.isEmpty ? nil : $0 }
            .map { $0.hasPrefix("/") ? $0 : environment.currentDirectory + "/" + $0 }
    }

    static func choose(index: String) -> Scanner {
        var info = stat()
        guard stat(index, &info) == 0 else { return .libgit2 }
        return info.st_size >= gitThreshold ? .git : .libgit2
    }

    /// Runs `git status --porcelain=v2 -z` the way `Repository.status()` scans: every untracked
    /// file listed (`-uall`; none looked for without `untracked`), no rename detection, and no
    /// optional locks (git then does not write a refreshed index, so nothing races the user's own
    /// git). nil when git fails.
    static func gitStatus(gitDirectory: String, workTree: String, variables: [String: String], untracked: Bool = true) throws -> WorkTreeStatus? {
        let result = try ChildProcess.run(
            "git",
            ["--no-optional-locks", "--git-dir=" + gitDirectory, "--work-tree=" + workTree,
             "status", "--porcelain=v2", "-z", untracked ? "--untracked-files=all" : "--untracked-files=no", "--no-renames"],
            in: workTree,
            environment: variables.merging(["GIT_OPTIONAL_LOCKS": "0"]) { $1 }
        )
        guard result.status == 0 else { return nil }
        return parsePorcelainV2(result.stdout)
    }

    /// Parses `git status --porcelain=v2 -z` output (git-status(1), "Porcelain Format Version 2").
    static func parsePorcelainV2(_ output: String) -> WorkTreeStatus {
        var status = WorkTreeStatus()
        var records = output.split(separator: "\0", omittingEmptySubsequences: false)[...]
        while let record = records.popFirst() {
            guard let kind = record.first else { continue }
            switch kind {
            case "1", "2":
                // `1 XY sub mH mI mW hH hI path`; `2 … Xscore path` followed by `origPath`.
                let fields = record.split(separator: " ", maxSplits: kind == "1" ? 8 : 9, omittingEmptySubsequences: false)
                if kind == "2" { _ = records.popFirst() }
                guard fields.count == (kind == "1" ? 9 : 10), fields[1].count == 2 else { continue }
                let path = String(fields[fields.count - 1])
                let codes = Array(fields[1])
                if codes[0] != "." { status.staged.append(path) }
                if codes[1] != "." { status.unstaged.append(path) }
            case "u":
                // `u XY sub m1 m2 m3 mW h1 h2 h3 path`
                let fields = record.split(separator: " ", maxSplits: 10, omittingEmptySubsequences: false)
                if fields.count == 11 { status.conflicted.append(String(fields[10])) }
            case "?":
                status.untracked.append(String(record.dropFirst(2)))
            default:
                continue  // `!` ignored entries and `#` headers are not asked for
            }
        }
        return status.normalised
    }
}

extension WorkTreeStatus {
    /// Each list sorted, so the two scanners' answers compare equal.
    var normalised: WorkTreeStatus {
        WorkTreeStatus(staged: staged.sorted(), unstaged: unstaged.sorted(), conflicted: conflicted.sorted(), untracked: untracked.sorted())
    }
}
