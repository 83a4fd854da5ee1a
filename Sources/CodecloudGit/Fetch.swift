import Clibgit2
import Foundation

/// A user name and password (or token) for an https remote.
public struct UserPassword: Sendable, Equatable {
    /// The user name.
    public var username: String
    /// The password or token; never logged.
    public var password: String

    /// Creates a credential pair.
    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }
}

/// Where fetch credentials come from. ssh uses the ssh-agent; https asks `userPassword`
/// (in practice: the user's git credential helpers). Each kind is tried once only: libgit2
/// calls back again after a rejected credential, and asking again would loop.
public struct FetchCredentials: Sendable {
    /// Returns a credential for `url` (with the user name from the URL, if any), or nil.
    public var userPassword: @Sendable (_ url: String, _ usernameFromURL: String?) -> UserPassword?

    /// Credentials from `userPassword` for https and the ssh-agent for ssh.
    public init(userPassword: @escaping @Sendable (_ url: String, _ usernameFromURL: String?) -> UserPassword?) {
        self.userPassword = userPassword
    }

    /// No https credentials; ssh still asks the agent.
    public static let agentOnly = FetchCredentials { _, _ in nil }
}

/// State shared with the C credential callback for one fetch; kept alive for the whole call.
private final class CredentialSession {
    let credentials: FetchCredentials
    var triedAgent = false
    var triedUserPassword = false

    init(_ credentials: FetchCredentials) { self.credentials = credentials }

    func acquire(_ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>?, url: String, username: String?, allowed: UInt32) -> Int32 {
        if allowed & GIT_CREDENTIAL_SSH_KEY.rawValue != 0 {
            guard !triedAgent else { return giveUp("the ssh-agent's keys were refused for \(url)") }
            triedAgent = true
            return git_credential_ssh_key_from_agent(out, username ?? "git")
        }
        if allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue != 0 {
            guard !triedUserPassword else { return giveUp("the credentials from git's credential helpers were refused for \(url)") }
            triedUserPassword = true
            guard let pair = credentials.userPassword(url, username) else {
                return giveUp("no credentials for \(url) from git's credential helpers")
            }
            return git_credential_userpass_plaintext_new(out, pair.username, pair.password)
        }
        if allowed & GIT_CREDENTIAL_USERNAME.rawValue != 0 {
            return git_credential_username_new(out, username ?? "git")
        }
        return giveUp("\(url) asks for a kind of credential git codecloud cannot provide")
    }

    private func giveUp(_ reason: String) -> Int32 {
        git_error_set_str(Int32(GIT_ERROR_NET.rawValue), reason)
        return GIT_EAUTH.rawValue
    }
}

extension Repository {
    /// Fetches `refspecs` from remote `name` with libgit2, without tags. Only the given
    /// refspecs are used (the remote's configured ones are ignored), so the remote-tracking
    /// references they name are the only ones updated.
    public func fetch(remote name: String, refspecs: [String], credentials: FetchCredentials) throws {
        try ensureLibgit2TLS()  // the CA bundle initialisation deferred (DeferredCertificates.swift)
        let remote = try Handle.make("reading remote '\(name)'", free: git_remote_free) { git_remote_lookup($0, pointer, name) }
        let session = CredentialSession(credentials)
        var options = git_fetch_options()
        try check(git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)), "preparing fetch")
        options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
        options.prune = GIT_FETCH_NO_PRUNE
        options.callbacks.payload = Unmanaged.passUnretained(session).toOpaque()
        options.callbacks.credentials = { out, url, username, allowed, payload in
            guard let payload else { return GIT_PASSTHROUGH.rawValue }
            let session = Unmanaged<CredentialSession>.fromOpaque(payload).takeUnretainedValue()
            return session.acquire(out, url: url.map { String(cString: $0) } ?? "", username: username.map { String(cString: $0) }, allowed: allowed)
        }
        try withExtendedLifetime(session) {
            try withStrArray(refspecs) { array in
                _ = try check(git_remote_fetch(remote.pointer, array, &options, "codecloud: fetch"), "fetching from \(name)")
            }
        }
    }
}
