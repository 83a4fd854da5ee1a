import Clibgit2

/// The one error type of the git layer: what was being done, and libgit2's reason.
public struct GitError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is, for callers that react differently (fallbacks, hints).
    public enum Kind: Sendable, Equatable {
        /// No repository at or above the start directory.
        case notARepository
        /// The repository has no work tree.
        case bareRepository
        /// The repository belongs to another user and `safe.directory` does not name it.
        case dubiousOwnership
        /// A named object (reference, remote, config key, path) does not exist.
        case notFound
        /// Something with that name already exists.
        case alreadyExists
        /// A checkout would overwrite local changes.
        case conflict
        /// A lock file is held (another git process is running).
        case locked
        /// The remote refused our credentials, or none were available.
        case authentication
        /// Network or transport failure, including URL schemes libgit2 cannot speak.
        case transport
        /// Any other libgit2 failure.
        case other
    }

    /// The kind of failure.
    public var kind: Kind
    /// One line: what was being done, then libgit2's reason.
    public var message: String
    /// The repository the error is about, where a hint needs to name it (`.dubiousOwnership`).
    public var path: String?

    /// Creates an error of `kind` with `message`.
    public init(_ kind: Kind, _ message: String, path: String? = nil) {
        self.kind = kind
        self.message = message
        self.path = path
    }

    public var description: String { message }

    /// Reads `git_error_last()` at once and classifies `code`.
    static func fromLibgit2(code: Int32, doing: String) -> GitError {
        let last = git_error_last()
        let reason = last.flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "libgit2 error \(code)"
        let errorClass = last.map { Int32($0.pointee.klass) } ?? 0
        let kind: Kind
        switch code {
        case GIT_ENOTFOUND.rawValue: kind = .notFound
        case GIT_EEXISTS.rawValue: kind = .alreadyExists
        case GIT_ECONFLICT.rawValue, GIT_EMERGECONFLICT.rawValue: kind = .conflict
        case GIT_ELOCKED.rawValue: kind = .locked
        case GIT_EAUTH.rawValue, GIT_ECERTIFICATE.rawValue: kind = .authentication
        case GIT_EBAREREPO.rawValue: kind = .bareRepository
        default:
            let transportClasses = [GIT_ERROR_NET, GIT_ERROR_SSH, GIT_ERROR_HTTP, GIT_ERROR_SSL].map { Int32($0.rawValue) }
            kind = transportClasses.contains(errorClass) ? .transport : .other
        }
        return GitError(kind, "\(doing): \(reason.trimmingTrailingPeriodAndSpace)")
    }
}

extension String {
    var trimmingTrailingPeriodAndSpace: String {
        var text = Substring(self)
        while let last = text.last, last == "." || last == " " || last == "\n" { text = text.dropLast() }
        return String(text)
    }
}
