import Foundation

/// `GET /api/v1/models`: the most recent models of each provider, from models.dev.
public struct ModelsResponse: Codable, Sendable, Hashable {
    /// When the service last refreshed the list.
    public var generatedAt: Date?
    /// Where the data comes from (`https://models.dev`).
    public var source: String?
    /// Models keyed by provider id (`anthropic`, `openai`, …).
    @DefaultEmpty public var models: [String: [Model]] = [:]
}

/// One model in the models.dev shape. Only `id` is guaranteed; the rest is shown when present.
/// Wire shape: `tool_call`, `limit: {context, output}`, `cost: {input, output, …}`.
/// Informational fields are `@Lossy`: a shape we do not understand is dropped rather than
/// failing the list.
public struct Model: Codable, Sendable, Hashable {
    /// The id to pass as `model` when creating a run.
    public var id: String
    public var name: String?
    /// Whether the model supports extended reasoning.
    public var reasoning: Bool?
    /// Whether the model supports tool calls.
    public var toolCall: Bool?
    /// Context window and longest output, in tokens.
    @Lossy public var limit: ModelLimits? = nil
    /// US dollars per million tokens.
    @Lossy public var pricing: ModelPricing? = nil
    @Lossy public var releaseDate: String? = nil

    /// Context window in tokens.
    public var contextLimit: Int? { limit?.context }
    /// Longest output in tokens.
    public var outputLimit: Int? { limit?.output }

    enum CodingKeys: String, CodingKey {
        case id, name, reasoning, limit
        case toolCall = "tool_call"
        case pricing = "cost"
        case releaseDate = "release_date"
    }
}

/// A model's token limits (`limit` on the wire).
public struct ModelLimits: Codable, Sendable, Hashable {
    public var context: Int?
    public var output: Int?
}

/// A model's price in US dollars per million tokens.
public struct ModelPricing: Codable, Sendable, Hashable {
    public var input: Double?
    public var output: Double?
    public var cacheRead: Double?
    public var cacheWrite: Double?

    enum CodingKeys: String, CodingKey {
        case input, output
        case cacheRead = "cache_read"
        case cacheWrite = "cache_write"
    }
}

/// An AI provider and the credentials a codecloud account needs configured for it.
public struct Provider: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    @DefaultEmpty public var credentials: [ProviderCredential] = []
}

extension Provider {
    /// The one hand-written decoder among the models, for a rule between two fields: a provider
    /// without a `name` is shown by its id. (In an extension, so the memberwise init stays.)
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let id = try container.decode(String.self, forKey: .id)
        self.init(
            id: id, name: try container.decodeIfPresent(String.self, forKey: .name) ?? id,
            credentials: try container.decode(DefaultEmpty<[ProviderCredential]>.self, forKey: .credentials).wrappedValue)
    }
}

/// One credential a provider needs (an environment variable name and a label).
public struct ProviderCredential: Codable, Sendable, Hashable {
    /// Environment variable name, e.g. `ANTHROPIC_API_KEY`.
    public var key: String
    public var label: String
    /// Absent means required.
    public var required: Bool?
    /// Example value format, e.g. `sk-ant-...`.
    public var placeholder: String?

    /// Whether the credential must be set (the API's default is true).
    public var isRequired: Bool { required ?? true }
}

/// Wire envelope of `GET /api/v1/providers`.
struct ProviderList: Decodable {
    var providers: [Provider]
}
