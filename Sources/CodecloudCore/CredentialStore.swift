import CodecloudProcess
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where an API key was found or stored.
public enum CredentialSource: String, Sendable, Codable {
    /// `CODECLOUD_API_KEY`.
    case environment
    /// A git credential helper (`git credential fill/approve/reject`).
    case credentialHelper = "credential-helper"
    /// `$XDG_CONFIG_HOME/git-codecloud/credentials`.
    case file
}

/// An API key and where it came from.
public struct Credential: Sendable, Equatable {
    /// The key itself: never print or log it; use `redacted`.
    public var key: String
    public var source: CredentialSource
    /// Human-readable place: the variable name, "git credential helper", or the file path.
    public var location: String

    public init(key: String, source: CredentialSource, location: String) {
        self.key = key
        self.source = source
        self.location = location
    }

    /// The key's first five characters and an ellipsis (`cc_ab…`), safe to show.
    public var redacted: String { Self.redact(key) }

    /// Redacts any key; short keys are hidden entirely.
    public static func redact(_ key: String) -> String {
        key.count >= 12 ? String(key.prefix(5)) + "…" : "…"
    }
}

/// Finds, stores and removes the API key for one service URL.
///
/// Lookup order: `CODECLOUD_API_KEY`, then a git credential helper (only when one is configured),
/// then the credentials file. Keys are stored per origin (scheme, host, port), so a key for a
/// local emulator never goes to codecloud.dev. The key only ever travels on stdin to `git
/// credential`; git's own prompts are switched off.
public struct CredentialStore: Sendable {
    /// The service the key belongs to.
    public let apiURL: URL
    let environment: Environment

    public init(apiURL: URL, environment: Environment) {
        self.apiURL = apiURL
        self.environment = environment
    }

    /// The credentials file, `$XDG_CONFIG_HOME/git-codecloud/credentials` (or under `~/.config`).
    public var credentialsFilePath: String? {
        environment.configHome.map { $0 + "/git-codecloud/credentials" }
    }

    /// The first key found, or nil when there is none.
    public func lookup() throws -> Credential? {
        if let key = environment.variables[Configuration.keyVariable]?.trimmingCharacters(in: .whitespacesAndNewlines), !key.isEmpty {
            return Credential(key: key, source: .environment, location: Configuration.keyVariable)
        }
        if try helperConfigured(), let key = try helperKey() {
            return Credential(key: key, source: .credentialHelper, location: "git credential helper")
        }
        if let path = credentialsFilePath, let key = try readFile(path)[origin] {
            warnIfExposed(path)
            return Credential(key: key, source: .file, location: path)
        }
        return nil
    }

    /// Stores `key` with the credential helper when one is configured, otherwise in the file.
    @discardableResult
    public func save(_ key: String) throws -> Credential {
        if try helperConfigured() {
            try runCredential("approve", input: GitCredentialHelper.input(credentialQuery + [("password", key)]))
            return Credential(key: key, source: .credentialHelper, location: "git credential helper")
        }
        guard let path = credentialsFilePath else {
            throw WorkflowError("cannot store the key: neither XDG_CONFIG_HOME nor HOME is set", hint: "set HOME, or export CODECLOUD_API_KEY instead")
        }
        var entries = try readFile(path)
        entries[origin] = key
        try writeFile(path, entries)
        return Credential(key: key, source: .file, location: path)
    }

    /// Removes the stored key from the credential helper and the file; returns where it was removed.
    /// `CODECLOUD_API_KEY` cannot be removed from here; the caller tells the user.
    public func remove() throws -> [Credential] {
        var removed: [Credential] = []
        if try helperConfigured(), let key = try helperKey() {
            try runCredential("reject", input: GitCredentialHelper.input(credentialQuery))
            removed.append(Credential(key: key, source: .credentialHelper, location: "git credential helper"))
        }
        if let path = credentialsFilePath {
            var entries = try readFile(path)
            if let key = entries.removeValue(forKey: origin) {
                try writeFile(path, entries)
                removed.append(Credential(key: key, source: .file, location: path))
            }
        }
        return removed
    }

    // MARK: git credential helper

    /// Whether `credential.helper` names at least one helper (an empty value resets the list).
    func helperConfigured() throws -> Bool {
        let outcome = try git(["config", "--get-all", "credential.helper"])
        var text = outcome.stdout
        if text.hasSuffix("\n") { text.removeLast() }
        let helpers = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        let afterLastReset = helpers.split(separator: "", omittingEmptySubsequences: false).last ?? []
        return afterLastReset.contains { !$0.isEmpty }
    }

    private func helperKey() throws -> String? {
        let outcome = try git(["credential", "fill"], input: GitCredentialHelper.input(credentialQuery))
        // No stored credential: git would have to prompt, which is disabled, so it fails.
        guard outcome.status == 0 else { return nil }
        for line in outcome.stdout.split(separator: "\n") where line.hasPrefix("password=") {
            let key = String(line.dropFirst("password=".count))
            return key.isEmpty ? nil : key
        }
        return nil
    }

    private func runCredential(_ action: String, input: String) throws {
        let outcome = try git(["credential", action], input: input)
        guard outcome.status == 0 else {
            let detail = outcome.stderr.split(separator: "\n").first.map(String.init) ?? "exit \(outcome.status)"
            throw WorkflowError("git credential \(action) failed: \(detail)", hint: "check git config credential.helper")
        }
    }

    /// protocol/host/username fields identifying the key; the username is fixed so the helper
    /// stores exactly one key per origin.
    private var credentialQuery: [(key: String, value: String)] {
        [("protocol", apiURL.scheme?.lowercased() ?? "https"), ("host", hostAndPort), ("username", Self.helperUsername)]
    }

    /// Username under which the key is kept in credential helpers.
    static let helperUsername = "git-codecloud"

    private func git(_ arguments: [String], input: String = "") throws -> ChildProcessResult {
        // Never let git ask a human: no terminal prompt, no askpass program.
        let variables = environment.variables.merging(["GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": "", "SSH_ASKPASS": ""]) { $1 }
        let directory = FileManager.default.fileExists(atPath: environment.currentDirectory) ? environment.currentDirectory : "/"
        return try ChildProcess.run("git", ["-c", "core.askPass="] + arguments, in: directory, environment: variables, input: input)
    }

    // MARK: credentials file

    private var hostAndPort: String {
        let host = apiURL.host ?? ""
        let bracketed = host.contains(":") ? "[\(host)]" : host
        return apiURL.port.map { "\(bracketed):\($0)" } ?? bracketed
    }

    /// The key's entry in the file: `scheme://host[:port]`.
    var origin: String {
        "\(apiURL.scheme?.lowercased() ?? "https")://\(hostAndPort)"
    }

    private func readFile(_ path: String) throws -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else { return [:] }
        guard let entries = try? JSONDecoder().decode([String: String].self, from: data) else {
            throw WorkflowError("the credentials file \(path) is damaged", hint: "remove it and run 'git codecloud auth login' again")
        }
        return entries
    }

    /// Writes the file readable by its owner only: a temporary file created with mode 0600 in a
    /// 0700 directory, then renamed over the old one.
    private func writeFile(_ path: String, _ entries: [String: String]) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        chmod(directory, 0o700)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(entries) + Data("\n".utf8)
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else {
            throw WorkflowError("cannot write \(temporary): \(String(cString: strerror(errno)))")
        }
        let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        fchmod(descriptor, 0o600)
        close(descriptor)
        guard written == data.count, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw WorkflowError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }

    private func warnIfExposed(_ path: String) {
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & 0o077 != 0 {
            environment.output.warning("\(path) is readable by other users; run: chmod 600 \(path)")
        }
    }
}
