/// Every exit code the tool can return. Documented in README.md and the man page, pinned by tests.
public enum CodecloudExitCode: Int32, CaseIterable, Sendable {
    /// The command did what was asked.
    case success = 0
    /// Any error without a more specific code (network, server, git, configuration).
    case failure = 1
    /// The run finished as `failed` on the service.
    case runFailed = 3
    /// No API key, or the service rejected it (401).
    case authenticationRequired = 4
    /// `--timeout` elapsed before the run finished; the run goes on.
    case timedOut = 5
    /// Refused to touch local work: dirty tree, diverged branch, branch in use elsewhere.
    case localWorkProtected = 6
    /// The `--verify` check failed on the landed branch (after any `--iterate` follow-ups).
    case checkFailed = 7
    /// The command line was wrong; nothing was sent.
    case usage = 64
    /// Interrupted (Ctrl-C) while waiting; the run goes on.
    case interrupted = 130

    /// One-line description used by the README table and `--help`.
    public var meaning: String {
        switch self {
        case .success: "success"
        case .failure: "error (network, service, git or configuration)"
        case .runFailed: "the run failed on the service"
        case .authenticationRequired: "authentication needed: no API key or the key was rejected"
        case .timedOut: "--timeout elapsed, or a status this version does not know lasted 15 minutes, while waiting; the run continues"
        case .localWorkProtected: "refused to touch local work (dirty tree, diverged branch)"
        case .checkFailed: "the --verify check failed on the landed branch"
        case .usage: "usage error; nothing was sent"
        case .interrupted: "interrupted while waiting; the run continues"
        }
    }
}

/// An error that knows how to present itself: one `error:` line, an optional `hint:` line,
/// and the exit status. Every layer's error type conforms (`GitError`, `APIError` through
/// extensions in CodecloudCore, `CLIError`).
public protocol PresentableError: Error {
    /// What went wrong, one line, without the `error: ` prefix.
    var message: String { get }
    /// What to run or do next, one line, without the `hint: ` prefix.
    var hint: String? { get }
    /// The process exit status this error maps to.
    var exitCode: CodecloudExitCode { get }
}

/// A workflow-level failure with a message, hint and exit status chosen at the throw site.
public struct WorkflowError: PresentableError, Equatable {
    public var message: String
    public var hint: String?
    public var exitCode: CodecloudExitCode

    public init(_ message: String, hint: String? = nil, exitCode: CodecloudExitCode = .failure) {
        self.message = message
        self.hint = hint
        self.exitCode = exitCode
    }
}
