import CodecloudAPI
@testable import CodecloudCore
import CodecloudTestSupport
import Foundation
import Testing

/// A git config made of a dictionary.
struct DictionaryGitConfig: GitConfigReading {
    var values: [String: String]
    func value(forKey key: String) -> String? { values[key] }
}

@Suite struct ConfigurationTests {
    private func environment(_ variables: [String: String] = [:]) -> Environment {
        Environment(variables: variables, currentDirectory: "/", output: CapturedOutput().streams)
    }

    @Test func defaults() throws {
        let configuration = try Configuration.resolve(flags: ConfigurationFlags(), environment: environment(), gitConfig: EmptyGitConfig())
        #expect(configuration == Configuration(apiURL: URL(string: "https://codecloud.dev")!, apiURLSource: .default, remote: nil))
    }

    @Test func flagBeatsEnvironmentBeatsGitConfig() throws {
        let git = DictionaryGitConfig(values: ["codecloud.url": "https://git.example", "codecloud.model": "git-model"])
        let env = environment(["CODECLOUD_API_URL": "http://127.0.0.1:8080"])

        let fromFlag = try Configuration.resolve(flags: ConfigurationFlags(apiURL: "https://flag.example", model: "flag-model"), environment: env, gitConfig: git)
        #expect(fromFlag.apiURL.absoluteString == "https://flag.example")
        #expect(fromFlag.apiURLSource == .flag)
        #expect(fromFlag.model == "flag-model")

        let fromEnvironment = try Configuration.resolve(flags: ConfigurationFlags(), environment: env, gitConfig: git)
        #expect(fromEnvironment.apiURL.absoluteString == "http://127.0.0.1:8080")
        #expect(fromEnvironment.apiURLSource == .environment)
        #expect(fromEnvironment.model == "git-model")

        let fromGit = try Configuration.resolve(flags: ConfigurationFlags(), environment: environment(), gitConfig: git)
        #expect(fromGit.apiURL.absoluteString == "https://git.example")
        #expect(fromGit.apiURLSource == .gitConfig)
    }

    @Test func emptyValuesDoNotCount() throws {
        let git = DictionaryGitConfig(values: ["codecloud.url": "https://git.example"])
        let configuration = try Configuration.resolve(
            flags: ConfigurationFlags(apiURL: ""), environment: environment(["CODECLOUD_API_URL": " "]), gitConfig: git)
        #expect(configuration.apiURL.absoluteString == "https://git.example")
    }

    @Test func gitConfigKeys() throws {
        let git = DictionaryGitConfig(values: [
            "codecloud.model": "claude-sonnet-4-5", "codecloud.provider": "anthropic", "codecloud.remote": "upstream", "codecloud.fetch": "git",
        ])
        let configuration = try Configuration.resolve(flags: ConfigurationFlags(), environment: environment(), gitConfig: git)
        #expect(configuration.model == "claude-sonnet-4-5")
        #expect(configuration.provider == "anthropic")
        #expect(configuration.remote == "upstream")
        let flagged = try Configuration.resolve(flags: ConfigurationFlags(remote: "mine"), environment: environment(), gitConfig: git)
        #expect(flagged.remote == "mine")
    }

    @Test(arguments: ["auto", "libgit2", "git", "LIBGIT2"])
    func retiredFetchValuesAreStillAccepted(value: String) throws {
        // Fetching is always `git fetch` now; a config that chose a fetcher keeps working.
        let git = DictionaryGitConfig(values: ["codecloud.fetch": value, "codecloud.remote": "upstream"])
        #expect(try Configuration.resolve(flags: ConfigurationFlags(), environment: environment(), gitConfig: git).remote == "upstream")
    }

    @Test func unknownFetchValueIsAnError() {
        #expect(throws: WorkflowError(
            "invalid codecloud.fetch value 'sometimes'",
            hint: "the branch is always fetched with git fetch now; remove the setting: git config --unset codecloud.fetch")) {
            _ = try Configuration.resolve(flags: ConfigurationFlags(), environment: environment(), gitConfig: DictionaryGitConfig(values: ["codecloud.fetch": "sometimes"]))
        }
    }

    @Test func badURLNamesItsOrigin() {
        do {
            _ = try Configuration.resolve(flags: ConfigurationFlags(), environment: environment(["CODECLOUD_API_URL": "codecloud.dev"]), gitConfig: EmptyGitConfig())
            Issue.record("expected an error")
        } catch let error as WorkflowError {
            #expect(error.message == "invalid codecloud URL 'codecloud.dev' (from CODECLOUD_API_URL)")
            #expect(error.exitCode == .failure)
        } catch {
            Issue.record("unexpected \(error)")
        }
        #expect(throws: WorkflowError(
            "invalid codecloud URL 'ftp://x' (from --api-url)", hint: "use a URL such as https://codecloud.dev", exitCode: .usage)) {
            _ = try Configuration.resolve(flags: ConfigurationFlags(apiURL: "ftp://x"), environment: environment(), gitConfig: EmptyGitConfig())
        }
    }
}
