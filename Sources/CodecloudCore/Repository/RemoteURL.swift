import Foundation

/// A repository on codecloud's side, `owner/name` (GitHub's owner and repository).
public struct RepositorySlug: Hashable, Sendable, CustomStringConvertible, Codable {
    /// The owner (user or organisation).
    public let owner: String
    /// The repository name, without `.git`.
    public let name: String

    /// A slug from parts already known to be valid.
    public init(owner: String, name: String) {
        self.owner = owner
        self.name = name
    }

    /// Parses and validates `owner/repo` as typed by a user (`-R/--repo`).
    public init(validating text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, parts.allSatisfy(Self.isValidComponent) else {
            throw WorkflowError(
                "invalid repository '\(text)': expected owner/repo",
                hint: "pass it as --repo OWNER/REPO, e.g. --repo octo/widgets",
                exitCode: .usage
            )
        }
        self.init(owner: parts[0], name: parts[1].hasSuffix(".git") ? String(parts[1].dropLast(4)) : parts[1])
    }

    /// Whether `component` can be an owner or repository name: letters, digits, `.`, `_`, `-`,
    /// not `.`/`..`, not starting with `-`.
    static func isValidComponent(_ component: String) -> Bool {
        guard !component.isEmpty, component != ".", component != "..", !component.hasPrefix("-") else { return false }
        return component.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) && $0.isASCII || "._-".unicodeScalars.contains($0) }
    }

    /// Whether this names the same repository as `other` (GitHub names are case-insensitive).
    public func matches(_ other: RepositorySlug) -> Bool {
        owner.lowercased() == other.owner.lowercased() && name.lowercased() == other.name.lowercased()
    }

    public var description: String { "\(owner)/\(name)" }

    public init(from decoder: any Decoder) throws { try self.init(validating: try decoder.singleValueContainer().decode(String.self)) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A git remote URL understood as far as codecloud needs: which `owner/repo` it names.
/// Accepts every form git does: scp-like (`git@host:owner/repo.git`, host aliases),
/// `ssh://`, `git://`, `http(s)://`, `ftp(s)://`, `file://`, plain paths, and
/// `<transport>::<address>`. For `file://` and paths the last two components name owner and
/// repo; for network URLs the whole path must be exactly `owner/repo`.
public struct RemoteURL: Sendable, Equatable {
    /// How the URL reaches the repository.
    public enum Kind: String, Sendable, Equatable {
        case ssh, scpLike, git, http, ftp, file, path
    }

    /// The repository it names.
    public let slug: RepositorySlug
    /// The host (or ssh alias), nil for local repositories.
    public let host: String?
    /// The URL's form.
    public let kind: Kind
    /// The URL with any secret userinfo replaced by `***`, safe to print.
    public let redacted: String

    /// Why a URL does not name exactly one `owner/repo`.
    public struct ParseError: Error, Equatable, Sendable {
        /// One-line reason, safe to print (no secrets).
        public let reason: String

        /// An error with `reason`.
        public init(reason: String) { self.reason = reason }
    }

    /// Parses `text`; throws `ParseError` when it does not name exactly owner and repo.
    public static func parse(_ text: String) throws(ParseError) -> RemoteURL {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw ParseError(reason: "the URL is empty") }
        let address = stripTransportPrefix(trimmed)
        let redacted = redact(text)
        let (kind, host, path) = try split(address)
        var components = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if var last = components.last {
            if last.hasSuffix(".git") { last = String(last.dropLast(4)) }
            components[components.count - 1] = last
        }
        let isLocal = kind == .file || kind == .path
        if isLocal, components.count > 2 { components = Array(components.suffix(2)) }
        // `~/owner/repo` and `~owner/repo` are home-relative ssh paths; the tilde names no owner.
        if kind == .scpLike || kind == .ssh, let first = components.first, first.hasPrefix("~") {
            if first == "~" { components.removeFirst() } else { components[0] = String(first.dropFirst()) }
        }
        guard components.count == 2 else {
            throw ParseError(reason: components.count < 2
                ? "the path '\(path)' does not name owner/repo"
                : "the path '\(path)' has more than owner/repo")
        }
        guard components.allSatisfy(RepositorySlug.isValidComponent) else {
            throw ParseError(reason: "'\(components.joined(separator: "/"))' is not a valid owner/repo")
        }
        return RemoteURL(slug: RepositorySlug(owner: components[0], name: components[1]), host: host, kind: kind, redacted: redacted)
    }

    /// `text` with userinfo secrets replaced: the whole userinfo of http(s)/ftp URLs (a token
    /// often sits in the user name), and the password of any other URL.
    public static func redact(_ text: String) -> String {
        guard let schemeEnd = text.range(of: "://") else { return text }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        let rest = text[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@") else { return text }
        let userinfo = authority[..<at]
        let replacement: String
        if scheme.hasSuffix("http") || scheme.hasSuffix("https") || scheme.hasPrefix("ftp") {
            replacement = "***"
        } else if let colon = userinfo.firstIndex(of: ":") {
            replacement = userinfo[..<colon] + ":***"
        } else {
            return text
        }
        return text[..<schemeEnd.upperBound] + replacement + rest[at...]
    }

    /// Removes git's `<transport>::` prefix (`ssh::`, `https::`, remote helpers).
    private static func stripTransportPrefix(_ text: String) -> String {
        guard let range = text.range(of: "::"),
              text[..<range.lowerBound].range(of: "^[A-Za-z][A-Za-z0-9+.-]*$", options: .regularExpression) != nil
        else { return text }
        return String(text[range.upperBound...])
    }

    private static let schemes: [String: Kind] = [
        "ssh": .ssh, "git+ssh": .ssh, "ssh+git": .ssh, "git": .git,
        "http": .http, "https": .http, "ftp": .ftp, "ftps": .ftp, "file": .file,
    ]

    /// Splits an address into its kind, host and path, following git's rules: `scheme://`
    /// first; then scp-like when a colon comes before any slash; otherwise a local path.
    private static func split(_ address: String) throws(ParseError) -> (Kind, String?, String) {
        if let schemeEnd = address.range(of: "://") {
            let scheme = address[..<schemeEnd.lowerBound].lowercased()
            guard let kind = schemes[scheme] else { throw ParseError(reason: "git cannot use the '\(scheme)' scheme") }
            let rest = address[schemeEnd.upperBound...]
            let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
            let authority = rest[..<authorityEnd]
            let hostAndPort = authority.split(separator: "@").last.map(String.init) ?? ""
            let host = hostAndPort.hasPrefix("[")
                ? String(hostAndPort.prefix { $0 != "]" }.dropFirst())
                : String(hostAndPort.prefix { $0 != ":" })
            if kind != .file, host.isEmpty { throw ParseError(reason: "the URL has no host") }
            return (kind, kind == .file ? nil : host, String(rest[authorityEnd...]))
        }
        // scp-like: `[user@]host:path`, or `[user@][ipv6]:path`, with the colon before any slash.
        let bracketed = address.range(of: "]:").map { address.index(after: $0.lowerBound) }
        if let colon = bracketed ?? address.firstIndex(of: ":"), !address[..<colon].contains("/") {
            let userAndHost = address[..<colon]
            let host = String(userAndHost.split(separator: "@").last ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
            guard !host.isEmpty else { throw ParseError(reason: "the scp-like URL has no host") }
            return (.scpLike, host, String(address[address.index(after: colon)...]))
        }
        return (.path, nil, address)
    }
}
