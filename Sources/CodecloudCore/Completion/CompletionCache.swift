import Foundation

/// What a shell completion lists identifiers of.
public enum CompletionSubject: String, Sendable, Codable, CaseIterable {
    case runs
    case schedules
    /// Model ids from the public catalogue.
    case models
    /// Provider ids from the public catalogue.
    case providers
}

/// A short-lived file of recent run and schedule identifiers, so that pressing TAB answers
/// from disk instead of waiting on the network.
///
/// Lives at `$XDG_CACHE_HOME/git-codecloud/completion-cache.json` (or `~/.cache/…`). Each list
/// remembers which API it came from, so switching `CODECLOUD_API_URL` (say, to the emulator)
/// never offers another service's identifiers.
public struct CompletionCache: Sendable {
    /// One remembered list.
    public struct Entry: Codable, Sendable, Equatable {
        /// Which identifiers these are.
        public var subject: CompletionSubject
        /// The API base URL they were fetched from.
        public var apiURL: String
        /// When they were fetched.
        public var fetchedAt: Date
        /// The identifiers, newest first.
        public var identifiers: [String]

        public init(subject: CompletionSubject, apiURL: String, fetchedAt: Date, identifiers: [String]) {
            self.subject = subject
            self.apiURL = apiURL
            self.fetchedAt = fetchedAt
            self.identifiers = identifiers
        }

        enum CodingKeys: String, CodingKey {
            case subject
            case apiURL = "api_url"
            case fetchedAt = "fetched_at"
            case identifiers
        }
    }

    private struct File: Codable {
        var version = 1
        var entries: [Entry] = []
    }

    /// The cache file's path.
    public let path: String

    /// A cache stored at `path`.
    public init(path: String) {
        self.path = path
    }

    /// The cache in `environment`'s cache directory, or nil when neither `XDG_CACHE_HOME` nor
    /// `HOME` is set.
    public init?(environment: Environment) {
        guard let cacheHome = environment.cacheHome else { return nil }
        self.init(path: cacheHome + "/git-codecloud/completion-cache.json")
    }

    /// The remembered list of `subject` from `apiURL`, whatever its age; nil when there is none
    /// or the file cannot be read (a cache is never worth an error).
    public func entry(for subject: CompletionSubject, apiURL: String) -> Entry? {
        readFile()?.entries.first { $0.subject == subject && $0.apiURL == apiURL }
    }

    /// Remembers `entry`, replacing the previous list of the same subject and API. Best effort:
    /// a cache that cannot be written is silently skipped.
    public func store(_ entry: Entry) {
        var file = readFile() ?? File()
        file.entries.removeAll { $0.subject == entry.subject && $0.apiURL == entry.apiURL }
        file.entries.append(entry)
        file.entries.sort { ($0.subject.rawValue, $0.apiURL) < ($1.subject.rawValue, $1.apiURL) }
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try Self.encoder.encode(file).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            // Completion must stay silent; the next TAB simply fetches again.
        }
    }

    private func readFile() -> File? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? Self.decoder.decode(File.self, from: data)
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}

extension Environment {
    /// `$XDG_CACHE_HOME`, or `$HOME/.cache`.
    public var cacheHome: String? {
        if let xdg = variables["XDG_CACHE_HOME"], !xdg.isEmpty { return xdg }
        return homeDirectory.map { $0 + "/.cache" }
    }
}
