import Foundation

/// A provider and the credentials a user configures for it (`GET /api/v1/providers`).
struct ProviderEntry: Encodable, Sendable {
    struct Credential: Encodable, Sendable {
        var key: String
        var label: String
        var required: Bool
        var placeholder: String
    }

    var id: String
    var name: String
    var credentials: [Credential]
}

/// One model in models.dev's shape (`GET /api/v1/models`).
struct ModelEntry: Encodable, Sendable {
    struct Limit: Encodable, Sendable {
        var context: Int
        var output: Int
    }

    /// US dollars per million tokens.
    struct Cost: Encodable, Sendable {
        var input: Double
        var output: Double
    }

    var id: String
    var name: String
    var reasoning: Bool
    var toolCall: Bool
    var attachment: Bool
    var releaseDate: String
    var limit: Limit
    var cost: Cost

    enum CodingKeys: String, CodingKey {
        case id, name, reasoning, attachment, limit, cost
        case toolCall = "tool_call"
        case releaseDate = "release_date"
    }
}

/// The static catalogue the emulator serves: the five most recent models of each provider, as
/// models.dev listed them, so clients can show realistic tables offline.
enum ModelCatalogue {
    /// When this snapshot of models.dev was taken.
    static let generatedAt = "2025-11-24T00:00:00.000Z"
    /// Where the real service gets the data.
    static let source = "https://models.dev"
    /// The model a run uses when none is given.
    static let defaultModel = "claude-sonnet-4-5"
    /// The provider a run uses when none is given.
    static let defaultProvider = "anthropic"

    static let providers: [ProviderEntry] = [
        ProviderEntry(id: "anthropic", name: "Anthropic", credentials: [
            .init(key: "ANTHROPIC_API_KEY", label: "API Key", required: true, placeholder: "sk-ant-..."),
        ]),
        ProviderEntry(id: "openai", name: "OpenAI", credentials: [
            .init(key: "OPENAI_API_KEY", label: "API Key", required: true, placeholder: "sk-..."),
        ]),
        ProviderEntry(id: "google", name: "Google", credentials: [
            .init(key: "GOOGLE_GENERATIVE_AI_API_KEY", label: "API Key", required: true, placeholder: "AIza..."),
        ]),
        ProviderEntry(id: "xai", name: "xAI", credentials: [
            .init(key: "XAI_API_KEY", label: "API Key", required: true, placeholder: "xai-..."),
        ]),
    ]

    static let models: [String: [ModelEntry]] = [
        "anthropic": [
            model("claude-opus-4-5", "Claude Opus 4.5", released: "2025-11-24", context: 200_000, output: 64_000, cost: (5, 25)),
            model("claude-haiku-4-5", "Claude Haiku 4.5", released: "2025-10-15", context: 200_000, output: 64_000, cost: (1, 5)),
            model("claude-sonnet-4-5", "Claude Sonnet 4.5", released: "2025-09-29", context: 200_000, output: 64_000, cost: (3, 15)),
            model("claude-opus-4-1", "Claude Opus 4.1", released: "2025-08-05", context: 200_000, output: 32_000, cost: (15, 75)),
            model("claude-sonnet-4", "Claude Sonnet 4", released: "2025-05-22", context: 200_000, output: 64_000, cost: (3, 15)),
        ],
        "openai": [
            model("gpt-5.1", "GPT-5.1", released: "2025-11-13", context: 400_000, output: 128_000, cost: (1.25, 10)),
            model("gpt-5.1-codex", "GPT-5.1 Codex", released: "2025-11-13", context: 400_000, output: 128_000, cost: (1.25, 10)),
            model("gpt-5-codex", "GPT-5-Codex", released: "2025-09-15", context: 400_000, output: 128_000, cost: (1.25, 10)),
            model("gpt-5", "GPT-5", released: "2025-08-07", context: 400_000, output: 128_000, cost: (1.25, 10)),
            model("gpt-5-mini", "GPT-5 Mini", released: "2025-08-07", context: 400_000, output: 128_000, cost: (0.25, 2)),
        ],
        "google": [
            model("gemini-3-pro-preview", "Gemini 3 Pro Preview", released: "2025-11-18", context: 1_000_000, output: 64_000, cost: (2, 12)),
            model("gemini-2.5-flash-preview-09-2025", "Gemini 2.5 Flash Preview 09-25", released: "2025-09-25", context: 1_048_576, output: 65_536, cost: (0.3, 2.5)),
            model("gemini-2.5-flash-lite", "Gemini 2.5 Flash Lite", released: "2025-07-22", context: 1_048_576, output: 65_536, cost: (0.1, 0.4)),
            model("gemini-2.5-pro", "Gemini 2.5 Pro", released: "2025-06-17", context: 1_048_576, output: 65_536, cost: (1.25, 10)),
            model("gemini-2.5-flash", "Gemini 2.5 Flash", released: "2025-06-17", context: 1_048_576, output: 65_536, cost: (0.3, 2.5)),
        ],
        "xai": [
            model("grok-4-1-fast", "Grok 4.1 Fast", released: "2025-11-19", context: 2_000_000, output: 30_000, cost: (0.2, 0.5)),
            model("grok-4-fast", "Grok 4 Fast", released: "2025-09-19", context: 2_000_000, output: 30_000, cost: (0.2, 0.5)),
            model("grok-code-fast-1", "Grok Code Fast 1", released: "2025-08-28", context: 256_000, output: 10_000, cost: (0.2, 1.5)),
            model("grok-4", "Grok 4", released: "2025-07-09", context: 256_000, output: 64_000, cost: (3, 15)),
            model("grok-3-mini", "Grok 3 Mini", released: "2025-02-17", context: 131_072, output: 8_192, cost: (0.3, 0.5)),
        ],
    ]

    /// The provider with this id.
    static func provider(_ id: String) -> ProviderEntry? {
        providers.first { $0.id == id }
    }

    /// The provider that offers a model id, if the catalogue knows it.
    static func provider(ofModel model: String) -> String? {
        models.first { $0.value.contains { $0.id == model } }?.key
    }

    private static func model(
        _ id: String, _ name: String, released: String, context: Int, output: Int, cost: (Double, Double)
    ) -> ModelEntry {
        // Every current model of these providers reasons, calls tools and takes attachments.
        ModelEntry(
            id: id, name: name, reasoning: true, toolCall: true, attachment: true, releaseDate: released,
            limit: .init(context: context, output: output), cost: .init(input: cost.0, output: cost.1)
        )
    }
}
