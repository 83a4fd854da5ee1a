import CodecloudCore
import CodecloudTestSupport
import Foundation
import Testing

@Suite struct CatalogCommandTests {
    @Test func modelsTable() async throws {
        let harness = try CLITestHarness()
        let result = await harness.run(["models"], variables: ["CODECLOUD_API_KEY": CLITestHarness.goodKey])
        #expect(result.code == 0)
        #expect(result.output.stdout == """
            PROVIDER   ID                 NAME               REASONING  TOOLS  CONTEXT  PRICE IN/OUT ($/M)
            anthropic  claude-sonnet-4-5  Claude Sonnet 4.5  yes        yes    200K     $3 / $15
            anthropic  claude-haiku-4-5   Claude Haiku 4.5   yes        yes    200K     $1 / $5
            google     gemini-2.5-pro     Gemini 2.5 Pro     yes        yes    1M       -
            openai     gpt-5              GPT-5              yes        yes    400K     $1.25 / $10

            """)
        // Public endpoint: no key is sent even when one is configured.
        #expect(harness.server.requests.allSatisfy { $0.headers["Authorization"] == nil })
    }

    @Test func modelsProviderFilterAndJSON() async throws {
        let harness = try CLITestHarness()
        let result = await harness.run(["models", "--provider", "anthropic", "--json"])
        #expect(result.code == 0)
        #expect(harness.server.requests.last?.url.query == "provider=anthropic")
        let object = Fixtures.jsonObject(Data(result.output.stdout.utf8))
        #expect((object["models"] as? NSDictionary)?["anthropic"] != nil)
        #expect(object["source"] as? String == "https://models.dev")
    }

    @Test func emptyProviderIsAUsageError() async throws {
        let harness = try CLITestHarness()
        let result = await harness.run(["models", "--provider", " "])
        #expect(result.code == CodecloudExitCode.usage.rawValue)
        #expect(harness.server.requests.isEmpty)
    }

    @Test func providersTableAndJSON() async throws {
        let harness = try CLITestHarness()
        let table = await harness.run(["providers"])
        #expect(table.code == 0)
        #expect(table.output.stdout == """
            ID         NAME          CREDENTIALS
            anthropic  Anthropic     ANTHROPIC_API_KEY
            openai     OpenAI        OPENAI_API_KEY
            azure      Azure OpenAI  AZURE_API_KEY, AZURE_RESOURCE_NAME, AZURE_API_VERSION (optional)

            """)
        let json = await harness.run(["providers", "--json"])
        let array = try JSONSerialization.jsonObject(with: Data(json.output.stdout.utf8)) as? [NSDictionary]
        #expect(array?.map { $0["id"] as? String } == ["anthropic", "openai", "azure"])
    }
}
