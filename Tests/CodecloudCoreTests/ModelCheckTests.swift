@testable import CodecloudAPI
@testable import CodecloudCore
import Testing

@Suite struct ModelCheckTests {
    let catalogue = ModelsResponse(generatedAt: nil, source: nil, models: [
        "anthropic": [Model(id: "claude-sonnet-4-5"), Model(id: "claude-opus-4-1")],
        "openai": [Model(id: "gpt-5"), Model(id: "gpt-5-mini")],
    ])

    private func check(_ catalogue: ModelsResponse) -> ModelCheck { ModelCheck(fetchCatalogue: { catalogue }) }

    @Test func knownModelsAndProvidersPass() async throws {
        try await check(catalogue).verify(model: "gpt-5", provider: "openai")
        try await check(catalogue).verify(model: "claude-opus-4-1", provider: nil)
        try await check(catalogue).verify(model: nil, provider: "anthropic")
    }

    @Test func unknownModelSuggestsTheClosestIDs() async throws {
        let error = try await #require(throws: WorkflowError.self) {
            try await check(catalogue).verify(model: "claude-sonet-4-5", provider: nil)
        }
        #expect(error.message == "unknown model 'claude-sonet-4-5'")
        #expect(error.hint?.hasPrefix("did you mean claude-sonnet-4-5") == true)
        #expect(error.exitCode == .usage)
    }

    @Test func aModelFromAnotherProviderIsUnknownForThisOne() async throws {
        let error = try await #require(throws: WorkflowError.self) {
            try await check(catalogue).verify(model: "gpt-5", provider: "anthropic")
        }
        #expect(error.message == "unknown model 'gpt-5' for provider 'anthropic'")
    }

    @Test func unknownProviderListsProviders() async throws {
        let error = try await #require(throws: WorkflowError.self) {
            try await check(catalogue).verify(model: nil, provider: "openia")
        }
        #expect(error.message == "unknown provider 'openia'")
        #expect(error.hint?.contains("openai") == true)
    }

    @Test func anUnreachableCatalogueNeverBlocks() async throws {
        let offline = ModelCheck(fetchCatalogue: {
            throw APIError(.network(host: "codecloud.dev", underlying: "offline"), method: "GET", path: "/api/v1/models")
        })
        try await offline.verify(model: "anything", provider: "anyone")
    }

    @Test func editDistance() {
        #expect(ModelCheck.editDistance(Array("kitten"), Array("sitting")) == 3)
        #expect(ModelCheck.editDistance(Array(""), Array("abc")) == 3)
        #expect(ModelCheck.closest(to: "gpt5", in: ["gpt-5", "gpt-5-mini", "claude-opus-4-1"]) == ["gpt-5"])
        #expect(ModelCheck.closest(to: "gpt-5-nano", in: ["gpt-5", "gpt-5-mini", "claude-opus-4-1"]) == ["gpt-5-mini", "gpt-5"])
    }
}
