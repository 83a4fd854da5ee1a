import CodecloudGit
import Foundation
#if canImport(Glibc)
import CodecloudProcess
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How the PR branch was fetched, as `fetched_with` in `--json` reports it. Always `git`:
/// libgit2's network fetching was dropped (docs/ARCHITECTURE.md says why); the type stays so
/// that key keeps its value for scripts.
public enum FetchMode: String, Sendable, Equatable, CaseIterable {
    /// `git fetch`, with the user's ssh config, credential helpers, proxies and `http.*`.
    case git
}

/// Fetches exactly one branch into its remote-tracking reference with `git fetch`, without
/// tags, so that everything the user configured for git applies (`~/.ssh/config` host aliases
/// and ProxyCommand, credential helpers, proxies, `url.*.insteadOf`, `http.*`, hooks).
///
/// A fetch never hangs the command: `http.lowSpeedLimit`/`http.lowSpeedTime` (unless the user
/// set them) end an http transfer that stalls, an overall deadline (`fetchDeadline`) ends any
/// fetch, ssh included, and an interrupt stops git and its helpers within the 1 s grace
/// `ChildProcessLimits` gives them.
enum BranchFetcher {
    /// Below this many bytes per second for `lowSpeedTime` seconds, git gives up on an http
    /// transfer: a server that accepted the connection and stopped sending.
    static let lowSpeedLimit = 1000
    /// See `lowSpeedLimit`.
    static let lowSpeedTime = 30
    /// How long one fetch may take at most (any transport), unless `CODECLOUD_FETCH_TIMEOUT`
    /// says otherwise.
    static let defaultDeadline: Duration = .seconds(600)

    /// `+refs/heads/<branch>:refs/remotes/<remote>/<branch>`: only this branch moves.
    static func refspec(branch: String, remote: String) -> String {
        "+refs/heads/\(branch):refs/remotes/\(remote)/\(branch)"
    }

    /// Fetches `branch` from `remote` with `git fetch`; returns how (`.git`, the only way).
    @discardableResult
    static func fetch(branch: String, remote: Remote, repository: Repository, mode: FetchMode = .git, environment: Environment) throws -> FetchMode {
        try start(branch: branch, remote: remote, repository: repository, environment: environment).result()
    }

    /// Starts `fetch`'s `git fetch` and returns at once; `PendingFetch.result()` waits for it.
    static func start(branch: String, remote: Remote, repository: Repository, environment: Environment) throws -> PendingFetch {
        let deadline = try fetchDeadline(environment)
        let arguments = stallLimits(repository: repository, environment: environment)
            + ["fetch", "--no-tags", "--quiet", "--", remote.name, refspec(branch: branch, remote: remote.name)]
        let startedAt = ContinuousClock.now
        let child = try ChildProcess.start(
            "git", arguments,
            in: repository.workTree ?? repository.gitDirectory,
            environment: GitCredentialHelper.childVariables(environment.variables))
        return PendingFetch(branch: branch, remote: remote, child: child, startedAt: startedAt, deadline: deadline)
    }

    /// What `git fetch` ending with `result` means: nothing (it fetched), or the error to throw.
    fileprivate static func failure(of result: ChildProcessResult, remote: Remote, deadline: Duration) -> WorkflowError? {
        let name = remote.name
        switch result.stopped {
        case .cancelled:
            return WorkflowError("git fetch from \(name) was interrupted; nothing was changed", exitCode: .interrupted)
        case .deadline:
            return WorkflowError(
                "git fetch from \(name) (\(RemoteURL.redact(remote.url))) did not finish within \(seconds(deadline)) s and was stopped",
                hint: "check that `git fetch \(name)` works here; a slow link needs more time: CODECLOUD_FETCH_TIMEOUT=SECONDS")
        case nil:
            break
        }
        if result.status == 128 + SIGINT || result.status == 128 + SIGTERM {
            return WorkflowError("git fetch from \(name) was interrupted; nothing was changed", exitCode: .interrupted)
        }
        guard result.status == 0 else {
            let reason = redactingURLs(result.lastErrorLine)
            if result.stderr.contains("Operation too slow") || result.stderr.contains("curl 28") {
                return WorkflowError(
                    "git fetch from \(name) stalled: \(reason)",
                    hint: "the server stopped sending; check the connection to \(RemoteURL.redact(remote.url)), then run the command again")
            }
            return WorkflowError(
                "git fetch from \(name) failed: \(reason)",
                hint: "check that `git fetch \(name)` works here, then run the command again")
        }
        return nil
    }

    /// `fetch`, for a pre-flight that can do without it: true when it fetched, false when it
    /// failed; only an interruption is thrown (the command must end, not carry on).
    static func refresh(branch: String, remote: Remote, repository: Repository, environment: Environment) throws -> Bool {
        do {
            try fetch(branch: branch, remote: remote, repository: repository, environment: environment)
            return true
        } catch let error as WorkflowError where error.exitCode == .interrupted {
            throw error
        } catch {
            return false
        }
    }

    /// `-c http.lowSpeedLimit=… -c http.lowSpeedTime=…`, each unless the user chose a value:
    /// in config (the repository's config holds what git reads, `git -c` settings included) or
    /// through git's environment variables.
    static func stallLimits(repository: Repository, environment: Environment) -> [String] {
        var arguments: [String] = []
        for (key, variable, value) in [
            ("http.lowSpeedLimit", "GIT_HTTP_LOW_SPEED_LIMIT", lowSpeedLimit), ("http.lowSpeedTime", "GIT_HTTP_LOW_SPEED_TIME", lowSpeedTime),
        ] {
            let configured = ((try? repository.configValue(key)) ?? nil) != nil || environment.variables[variable] != nil
            if !configured { arguments += ["-c", "\(key)=\(value)"] }
        }
        return arguments
    }

    /// `CODECLOUD_FETCH_TIMEOUT` (seconds, > 0) or `defaultDeadline`.
    static func fetchDeadline(_ environment: Environment) throws -> Duration {
        guard let text = environment.variables["CODECLOUD_FETCH_TIMEOUT"], !text.isEmpty else { return defaultDeadline }
        guard let value = Double(text), value.isFinite, value > 0 else {
            throw WorkflowError(
                "invalid CODECLOUD_FETCH_TIMEOUT '\(text)'",
                hint: "give the most seconds one git fetch may take, such as CODECLOUD_FETCH_TIMEOUT=1200", exitCode: .usage)
        }
        return .milliseconds(Int64(value * 1000))
    }

    private static func seconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    /// `text` (a line of git's) with the userinfo of every URL in it redacted.
    static func redactingURLs(_ text: String) -> String {
        text.split(separator: " ", omittingEmptySubsequences: false).map { RemoteURL.redact(String($0)) }.joined(separator: " ")
    }
}

/// A `git fetch` of one branch under way (`BranchFetcher.start`). Its output is drained from
/// the start, so it runs to its end whether or not anyone waits yet; `result()` or `abandon()`
/// must follow, so that it never outlives the command.
final class PendingFetch: @unchecked Sendable {  // `outcome` is guarded by `lock`
    let branch: String
    let remote: Remote
    /// Just before the child was started: git reads the remote's branch after this.
    let startedAt: ContinuousClock.Instant
    private let child: RunningChildProcess
    private let deadline: Duration
    private let lock = NSLock()
    private var outcome: Result<FetchMode, WorkflowError>?

    init(branch: String, remote: Remote, child: RunningChildProcess, startedAt: ContinuousClock.Instant, deadline: Duration) {
        self.branch = branch
        self.remote = remote
        self.child = child
        self.startedAt = startedAt
        self.deadline = deadline
    }

    /// Waits for the fetch (within what is left of the deadline; cancelling the calling task
    /// stops it) and returns how it fetched, or throws `BranchFetcher.fetch`'s errors.
    @discardableResult
    func result() throws -> FetchMode {
        try lock.withLock {
            if let outcome { return outcome }
            let left = max(deadline - (ContinuousClock.now - startedAt), .zero)
            let ended = child.wait(limits: ChildProcessLimits(deadline: left))
            let result: Result<FetchMode, WorkflowError> = BranchFetcher.failure(of: ended, remote: remote, deadline: deadline).map { .failure($0) } ?? .success(.git)
            outcome = result
            return result
        }.get()
    }

    /// Stops the fetch if it still runs (git removes its lock files on SIGTERM; a ref it had
    /// already moved stays moved, as after any `git fetch`) and reaps it.
    func abandon() {
        lock.withLock {
            guard outcome == nil else { return }
            _ = child.stop()
            outcome = .failure(WorkflowError("git fetch from \(remote.name) was stopped", exitCode: .interrupted))
        }
    }
}

/// What git gets so that it never prompts, and what may be written to `git credential`.
enum GitCredentialHelper {
    /// `variables` with every way git could prompt switched off: no terminal prompt, and an
    /// empty GIT_ASKPASS, which stops git's askpass lookup (core.askPass, SSH_ASKPASS) too.
    static func nonInteractive(_ variables: [String: String]) -> [String: String] {
        variables.merging(["GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": ""]) { $1 }
    }

    /// The variables a git child of ours gets: the user's, without the API key, never prompting
    /// (`nonInteractive`), with git's messages in English (`englishMessages`).
    static func childVariables(_ variables: [String: String]) -> [String: String] {
        var result = englishMessages(nonInteractive(variables))
        result[Configuration.keyVariable] = nil
        return result
    }

    /// The locale categories `LC_ALL` stands for, besides LC_MESSAGES.
    private static let localeCategories = [
        "LC_CTYPE", "LC_NUMERIC", "LC_TIME", "LC_COLLATE", "LC_MONETARY", "LC_PAPER", "LC_NAME",
        "LC_ADDRESS", "LC_TELEPHONE", "LC_MEASUREMENT", "LC_IDENTIFICATION",
    ]

    /// `variables` with git's messages in English (`LC_MESSAGES=C`, no `LANGUAGE`): landing reads
    /// some of them to tell a refusal from a failure ("but expected", "already exists", "Not
    /// possible to fast-forward"), and a translated one turned "moved since it was read; run the
    /// command again" (exit 6) into a plain error. Every other category, the character set hooks
    /// and filters see among them, stays the user's: an `LC_ALL` is spread over those categories.
    static func englishMessages(_ variables: [String: String]) -> [String: String] {
        var result = variables
        if let all = variables["LC_ALL"], !all.isEmpty {
            result["LC_ALL"] = nil
            for category in localeCategories { result[category] = all }
        }
        result["LC_MESSAGES"] = "C"
        result["LANGUAGE"] = nil
        return result
    }

    /// The `key=value` lines `git credential` reads, ending with the empty line. A value with
    /// a newline, carriage return or NUL would end early and smuggle in lines of its own
    /// (`password=x\nhost=elsewhere`), so it is refused, as git refuses it; the message names
    /// the field, never the value (it may be a secret).
    static func input(_ fields: [(key: String, value: String)]) throws -> String {
        var text = ""
        for (key, value) in fields {
            if let bad = (key + value).unicodeScalars.first(where: { $0 == "\n" || $0 == "\r" || $0 == "\0" }) {
                let name = bad == "\n" ? "a newline" : bad == "\r" ? "a carriage return" : "a NUL byte"
                throw WorkflowError(
                    "refusing to pass \(key) to git credential: it contains \(name)",
                    hint: "remove the line break or NUL from the \(key) and try again", exitCode: .usage)
            }
            text += "\(key)=\(value)\n"
        }
        return text + "\n"
    }
}
