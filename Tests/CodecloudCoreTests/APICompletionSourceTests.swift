import CodecloudAPI
@testable import CodecloudCore
import CodecloudTestSupport
import Foundation
import Testing

@Suite struct APICompletionSourceTests {
    func source(_ transport: StubTransport, key: String?, home: ScratchHome, output: CapturedOutput) throws -> APICompletionSource {
        var extra = ["CODECLOUD_API_URL": "http://127.0.0.1:9", "CODECLOUD_DEBUG": "1"]
        if let key { extra["CODECLOUD_API_KEY"] = key }
        let environment = home.environment(extra, output: output)
        let configuration = try Configuration.resolve(flags: ConfigurationFlags(), environment: environment, gitConfig: EmptyGitConfig())
        return APICompletionSource(configuration: configuration, environment: environment, transport: transport)
    }

    @Test func fetchesRunAndScheduleIdentifiersWithOneQuietRequestEach() async throws {
        let home = try ScratchHome()
        defer { home.remove() }
        let transport = StubTransport()
        transport.stub("GET", "/api/v1/agents", query: ["limit": "50"], .fixture("listRuns.response"))
        transport.stub("GET", "/api/v1/schedules", query: ["limit": "50"], .fixture("listSchedules.response"))
        let output = CapturedOutput()
        let source = try source(transport, key: "cc_test_key", home: home, output: output)

        let runs = try await source.identifiers(of: .runs, limit: 50)
        let schedules = try await source.identifiers(of: .schedules, limit: 50)

        let expectedRuns = (Fixtures.object("listRuns.response")["runs"] as? [NSDictionary])?.compactMap { $0["id"] as? String }
        let expectedSchedules = (Fixtures.object("listSchedules.response")["schedules"] as? [NSDictionary])?.compactMap { $0["id"] as? String }
        #expect(!runs.isEmpty && runs == expectedRuns)
        #expect(!schedules.isEmpty && schedules == expectedSchedules)
        #expect(source.apiURL == "http://127.0.0.1:9")
        // Debug logging would garble the shell's line: nothing is written anywhere.
        #expect(output.stdout.isEmpty && output.stderr.isEmpty)
        transport.verifyAllUsed()
    }

    @Test func withoutAKeyNothingIsSentAndTheCacheIsLeftAlone() async throws {
        let home = try ScratchHome()
        defer { home.remove() }
        let transport = StubTransport()
        let source = try source(transport, key: nil, home: home, output: CapturedOutput())
        await #expect(throws: APICompletionSource.Unavailable.self) { try await source.identifiers(of: .runs, limit: 50) }
        #expect(transport.requests.isEmpty)
    }

    @Test func aFailingServiceIsNotRetried() async throws {
        let home = try ScratchHome()
        defer { home.remove() }
        let transport = StubTransport()
        transport.stub("GET", "/api/v1/schedules", query: ["limit": "50"], .status(503))
        let source = try source(transport, key: "cc_test_key", home: home, output: CapturedOutput())
        await #expect(throws: (any Error).self) { try await source.identifiers(of: .schedules, limit: 50) }
        #expect(transport.requests.count == 1)
    }

    @Test func modelAndProviderIdsComeFromThePublicCatalogueWithoutAKey() async throws {
        let home = try ScratchHome()
        defer { home.remove() }
        let transport = StubTransport()
        transport.stub("GET", "/api/v1/models", .fixture("listModels.response"))
        transport.stub("GET", "/api/v1/providers", .fixture("listProviders.response"))
        let source = try source(transport, key: nil, home: home, output: CapturedOutput())

        let models = try await source.identifiers(of: .models, limit: 50)
        let providers = try await source.identifiers(of: .providers, limit: 50)

        let grouped = Fixtures.object("listModels.response")["models"] as? [String: [NSDictionary]] ?? [:]
        #expect(!models.isEmpty && models == grouped.values.flatMap { $0.compactMap { $0["id"] as? String } }.sorted())
        let listed = (Fixtures.object("listProviders.response")["providers"] as? [NSDictionary])?.compactMap { $0["id"] as? String }
        #expect(!providers.isEmpty && providers == listed?.sorted())
        #expect(transport.requests.allSatisfy { $0.headers["Authorization"] == nil })
        transport.verifyAllUsed()
    }
}
