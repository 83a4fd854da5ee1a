import Foundation

/// `GET /api/v1/models`: the most recent models of each provider, from models.dev.
public struct ModelsResponse: Codable, Sendable, Hashable {
    /// When the service last refreshed the list.
    public var generatedAt: Date?
    /// Where the data comes from (`https://models.dev`).
    public var source: String?
    /// Models keyed by provider id (`anthropic`, `openai`, …).
    public var models: [String: [Model]]

    public init(generatedAt: Date? = nil, source: String? = nil, models: [String: [Model]]) {
        self.generatedAt = generatedAt
        self.source = source
        self.models = models
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        generatedAt = try container.decodeIfPresent(Date.self, forKey: .generatedAt)
        source = try container.decodeIfPresent(String.self, forKey: .source)
        models = try container.decodeIfPresent([String: [Model]].self, forKey: .models) ?? [:]
    }
}

/// One model in the models.dev shape. Only `id` is guaranteed; the rest is shown when present.
/// Wire shape: `tool_call`, `limit: {context, output}`, `cost: {input, output, …}`.
public struct Model: Codable, Sendable, Hashable {
    /// The id to pass as `model` when creating a run.
    public var id: String
    public var name: String?
    /// Whether the model supports extended reasoning.
    public var reasoning: Bool?
    /// Whether the model supports tool calls.
    public var toolCall: Bool?
    /// Context window in tokens.
    public var contextLimit: Int?
    /// Longest output in tokens.
    public var outputLimit: Int?
    /// US dollars per million tokens.
    public var pricing: ModelPricing?
    public var releaseDate: String?

    public init(
        id: String, name: String? = nil, reasoning: Bool? = nil, toolCall: Bool? = nil,
        contextLimit: Int? = nil, outputLimit: Int? = nil, pricing: ModelPricing? = nil, releaseDate: String? = nil
    ) {
        self.id = id
        self.name = name
        self.reasoning = reasoning
        self.toolCall = toolCall
        self.contextLimit = contextLimit
        self.outputLimit = outputLimit
        self.pricing = pricing
        self.releaseDate = releaseDate
    }

    enum CodingKeys: String, CodingKey {
        case id, name, reasoning, limit
        case toolCall = "tool_call"
        case pricing = "cost"
        case releaseDate = "release_date"
    }

    private struct Limits: Codable {
        var context: Int?
        var output: Int?
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        reasoning = try container.decodeIfPresent(Bool.self, forKey: .reasoning)
        toolCall = try container.decodeIfPresent(Bool.self, forKey: .toolCall)
        // Informational fields: a shape we do not understand is dropped rather than failing the list.
        let limits = try? container.decodeIfPresent(Limits.self, forKey: .limit)
        contextLimit = limits?.context
        outputLimit = limits?.output
        pricing = try? container.decodeIfPresent(ModelPricing.self, forKey: .pricing)
        releaseDate = try? container.decodeIfPresent(String.self, forKey: .releaseDate)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encodeIfPresent(name, forKey: .name)
        try container.encodeIfPresent(reasoning, forKey: .reasoning)
        try container.encodeIfPresent(toolCall, forKey: .toolCall)
        if contextLimit != nil || outputLimit != nil {
            try container.encode(Limits(context: contextLimit, output: outputLimit), forKey: .limit)
        }
        try container.encodeIfPresent(pricing, forKey: .pricing)
        try container.encodeIfPresent(releaseDate, forKey: .releaseDate)
    }
}

/// A model's price in US dollars per million tokens.
public struct ModelPricing: Codable, Sendable, Hashable {
    public var input: Double?
    public var output: Double?
    public var cacheRead: Double?
    public var cacheWrite: Double?

    public init(input: Double? = nil, output: Double? = nil, cacheRead: Double? = nil, cacheWrite: Double? = nil) {
        self.input = input
        self.output = output
        self.cacheRead = cacheRead
        self.cacheWrite = cacheWrite
    }

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
    public var credentials: [ProviderCredential]

    public init(id: String, name: String, credentials: [ProviderCredential] = []) {
        self.id = id
        self.name = name
        self.credentials = credentials
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? id
        credentials = try container.decodeIfPresent([ProviderCredential].self, forKey: .credentials) ?? []
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

    public init(key: String, label: String, required: Bool? = nil, placeholder: String? = nil) {
        self.key = key
        self.label = label
        self.required = required
        self.placeholder = placeholder
    }

    /// Whether the credential must be set (the API's default is true).
    public var isRequired: Bool { required ?? true }
}

/// Wire envelope of `GET /api/v1/providers`.
struct ProviderList: Decodable {
    var providers: [Provider]
}
