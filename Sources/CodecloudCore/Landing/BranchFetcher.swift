import CodecloudGit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How to fetch (`codecloud.fetch`): libgit2 in process, the `git` command, or libgit2 with
/// `git fetch` as the fallback when libgit2 cannot reach the remote.
public enum FetchMode: String, Sendable, Equatable, CaseIterable {
    /// libgit2, falling back to `git fetch` on a transport or authentication failure
    /// (ssh host aliases and ProxyCommand in ~/.ssh/config, transports libgit2 lacks); `git
    /// fetch` straight away for a remote on this machine (a path or `file://` URL), where
    /// libgit2 packs the objects itself: 2.2 s and 283 MiB against git's 0.23 s on a
    /// 20,000-file repository (BENCHMARKS.md).
    case auto
    /// libgit2 only.
    case libgit2
    /// `git fetch` only.
    case git

}

/// Fetches exactly one branch into its remote-tracking reference, without tags.
enum BranchFetcher {
    /// `+refs/heads/<branch>:refs/remotes/<remote>/<branch>`: only this branch moves.
    static func refspec(branch: String, remote: String) -> String {
        "+refs/heads/\(branch):refs/remotes/\(remote)/\(branch)"
    }

    /// Fetches `branch` from `remote` using `mode`; returns the method that succeeded (`.libgit2` or `.git`).
    static func fetch(branch: String, remote: Remote, repository: Repository, mode: FetchMode, environment: Environment) throws -> FetchMode {
        let refspec = refspec(branch: branch, remote: remote.name)
        let remoteURL = remote.url, remote = remote.name
        switch mode {
        case .git:
            try fetchWithGit(refspec: refspec, remote: remote, repository: repository, environment: environment)
            return .git
        case .libgit2:
            try fetchWithLibgit2(refspec: refspec, remote: remote, repository: repository, environment: environment)
            return .libgit2
        case .auto where isOnThisMachine(remote: remoteURL):
            try fetchWithGit(refspec: refspec, remote: remote, repository: repository, environment: environment)
            return .git
        case .auto:
            do {
                try fetchWithLibgit2(refspec: refspec, remote: remote, repository: repository, environment: environment)
                return .libgit2
            } catch let error as GitError where error.kind == .transport || error.kind == .authentication {
                if environment.debugLogging { environment.output.err("codecloud: libgit2 fetch failed (\(error.message)); using git fetch\n") }
                try fetchWithGit(refspec: refspec, remote: remote, repository: repository, environment: environment)
                return .git
            }
        }
    }

    /// Whether `url` is a path or `file://` URL, by git's rules (`url_is_local_not_ssh`):
    /// `<scheme>://` and `<transport>::` are URLs (git knows `file` in lower case only), and
    /// otherwise a colon before the first slash makes scp-like `host:path`.
    static func isOnThisMachine(remote url: String) -> Bool {
        if url.hasPrefix("file://") { return true }
        for separator in ["://", "::"] {
            guard let range = url.range(of: separator) else { continue }
            let scheme = url[..<range.lowerBound]
            if let first = scheme.first, first.isASCII, first.isLetter,
               scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+.-".contains($0)) }) {
                return false
            }
        }
        guard let colon = url.firstIndex(of: ":") else { return true }
        return url[..<colon].contains("/")
    }

    private static func fetchWithLibgit2(refspec: String, remote: String, repository: Repository, environment: Environment) throws {
        let directory = repository.workTree ?? repository.gitDirectory
        let credentials = FetchCredentials { url, username in
            GitCredentialHelper.fill(url: url, username: username, in: directory, environment: environment)
        }
        try repository.fetch(remote: remote, refspecs: [refspec], credentials: credentials)
    }

    private static func fetchWithGit(refspec: String, remote: String, repository: Repository, environment: Environment) throws {
        let result = try ChildProcess.run(
            "git", ["fetch", "--quiet", "--no-tags", "--", remote, refspec],
            in: repository.workTree ?? repository.gitDirectory,
            environment: GitCredentialHelper.nonInteractive(environment.variables)
        )
        if result.status == 128 + SIGINT || result.status == 128 + SIGTERM {
            throw WorkflowError("git fetch from \(remote) was interrupted", exitCode: .interrupted)
        }
        guard result.status == 0 else {
            throw WorkflowError(
                "git fetch from \(remote) failed: \(result.lastErrorLine)",
                hint: "check that `git fetch \(remote)` works here, then run the command again"
            )
        }
    }
}

/// Asks the user's git credential helpers for https credentials, never prompting.
enum GitCredentialHelper {
    /// `variables` with every way git could prompt switched off: no terminal prompt, and an
    /// empty GIT_ASKPASS, which stops git's askpass lookup (core.askPass, SSH_ASKPASS) too.
    static func nonInteractive(_ variables: [String: String]) -> [String: String] {
        variables.merging(["GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": ""]) { $1 }
    }

    /// Runs `git credential fill` for `url` in `directory` (so repository-level helpers apply).
    /// Returns nil when no helper has a credential.
    static func fill(url: String, username: String?, in directory: String, environment: Environment) -> UserPassword? {
        var input = "url=\(url)\n"
        if let username, !username.isEmpty { input += "username=\(username)\n" }
        input += "\n"
        guard let result = try? ChildProcess.run(
            "git", ["credential", "fill"], in: directory, environment: nonInteractive(environment.variables), input: input
        ), result.status == 0 else { return nil }
        var fields: [String: String] = [:]
        for line in result.stdout.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            fields[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        guard let user = fields["username"], let password = fields["password"] else { return nil }
        return UserPassword(username: user, password: password)
    }
}
