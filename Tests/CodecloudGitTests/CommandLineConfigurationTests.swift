@testable import CodecloudGit
import CodecloudTestSupport
import Foundation
import Testing

/// `git -c` settings and `config.worktree`, read as git reads them: each case compares what
/// libgit2 sees through `Repository` with what `git config` prints for the same settings.
@Suite struct CommandLineConfigurationTests {
    let sandbox: GitSandbox

    init() throws {
        sandbox = try GitSandbox()
    }

    /// `GIT_CONFIG_PARAMETERS` exactly as git hands it to a command it runs (here an alias).
    func parametersGitPasses(_ settings: [String], in directory: String) throws -> String {
        let options = settings.flatMap { ["-c", $0] }
        return try sandbox.git(options + ["-c", "alias.cc-params=!printf %s \"$GIT_CONFIG_PARAMETERS\"", "cc-params"], in: directory)
    }

    func open(_ directory: String, variables: [String: String]) throws -> Repository {
        var sources = ConfigurationSources(home: sandbox.home, xdgConfigHome: sandbox.home + "/.config", includeSystem: false)
        sources.commandLine = try CommandLineConfiguration.parameters(in: variables)
        return try Repository.open(RepositoryLocation(startDirectory: directory), configuration: sources)
    }

    @Test func gitCSettingsReadAsGitReadsThem() throws {
        let work = try sandbox.makeRepository()
        try sandbox.git("config", "codecloud.model", "from-the-repository", in: work)
        let settings = [
            "codecloud.model=from-the-command-line",
            "Codecloud.Remote=Upper-Cased-Key",
            "codecloud.note=  it's \"quoted\", a \\ back; # not a comment ! ",
            "codecloud.lines=one\ntwo\tthree",
            "codecloud.empty=",
            "url.git@github.com:Octo/.insteadOf=gh:",
            "url.tab\there \"quoted\" back\\slash.insteadOf=odd:",
        ]
        let parameters = try parametersGitPasses(settings, in: work)
        let repository = try open(work, variables: ["GIT_CONFIG_PARAMETERS": parameters])
        for key in ["codecloud.model", "codecloud.remote", "codecloud.note", "codecloud.lines", "codecloud.empty", "url.git@github.com:Octo/.insteadof",
                    "url.tab\there \"quoted\" back\\slash.insteadof"] {
            let git = try sandbox.git(["config", "--get", key], in: work, extra: ["GIT_CONFIG_PARAMETERS": parameters])
            // `sandbox.git` trims its output; compare the same way.
            #expect(try repository.configValue(key)?.trimmingCharacters(in: .whitespacesAndNewlines) == git, "\(key)")
        }
        #expect(try repository.configValue("codecloud.model") == "from-the-command-line", "git -c outranks the repository file")
        #expect(try repository.configValue("codecloud.note") == "  it's \"quoted\", a \\ back; # not a comment ! ")
        #expect(try repository.configValue("codecloud.lines") == "one\ntwo\tthree")
        #expect(try repository.configValue("url.tab\there \"quoted\" back\\slash.insteadof") == "odd:", "a subsection keeps its tab, quotes and backslash")
    }

    @Test func theOlderKeyEqualsValueFormAndImplicitTrue() throws {
        let parsed = try CommandLineConfiguration.parameters(in: ["GIT_CONFIG_PARAMETERS": "'codecloud.model=old=style' 'core.bare' 'a.b'= 'x.y'='it'\\''s'"])
        #expect(parsed == [
            ConfigParameter(key: "codecloud.model", value: "old=style"),
            ConfigParameter(key: "core.bare", value: nil),
            ConfigParameter(key: "a.b", value: nil),
            ConfigParameter(key: "x.y", value: "it's"),
        ])
    }

    @Test func parametersOutrankTheCountedVariablesAsInGit() throws {
        let work = try sandbox.makeRepository()
        let variables = [
            "GIT_CONFIG_COUNT": "2",
            "GIT_CONFIG_KEY_0": "codecloud.model", "GIT_CONFIG_VALUE_0": "counted",
            "GIT_CONFIG_KEY_1": "codecloud.remote", "GIT_CONFIG_VALUE_1": "counted-remote",
            "GIT_CONFIG_PARAMETERS": "'codecloud.model'='listed'",
        ]
        let repository = try open(work, variables: variables)
        for key in ["codecloud.model", "codecloud.remote"] {
            #expect(try repository.configValue(key) == sandbox.git(["config", "--get", key], in: work, extra: variables), "\(key)")
        }
        #expect(try repository.configValue("codecloud.model") == "listed")
    }

    @Test(arguments: [
        ["GIT_CONFIG_PARAMETERS": "'codecloud.model"],
        ["GIT_CONFIG_PARAMETERS": "'codecloud.model'x"],
        ["GIT_CONFIG_PARAMETERS": "'nodot'='x'"],
        ["GIT_CONFIG_COUNT": "one"],
        ["GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "codecloud.model"],
        ["GIT_CONFIG_COUNT": "1", "GIT_CONFIG_VALUE_0": "x"],
    ])
    func malformedSettingsFailAsGitDoes(variables: [String: String]) throws {
        let work = try sandbox.makeRepository()
        #expect(throws: GitError.self) { try CommandLineConfiguration.parameters(in: variables) }
        #expect(throws: (any Error).self, "git refuses these too") { try sandbox.git(["status"], in: work, extra: variables) }
    }

    @Test func writesGoToTheRepositoryFileNotTheCommandLineOrWorktreeFile() throws {
        let work = try sandbox.makeRepository()
        try sandbox.git("config", "extensions.worktreeConfig", "true", in: work)
        try sandbox.git("config", "--worktree", "codecloud.worktree-only", "yes", in: work)
        let repository = try open(work, variables: ["GIT_CONFIG_PARAMETERS": "'codecloud.cli'='yes'"])
        try repository.setConfigValue("one", forKey: "codecloud.first")
        try repository.setConfigValues([(key: "codecloud.second", value: "two")])
        #expect(try sandbox.git("config", "--file", ".git/config", "codecloud.first", in: work) == "one")
        #expect(try sandbox.git("config", "--file", ".git/config", "codecloud.second", in: work) == "two")
        #expect(try sandbox.git("config", "--file", ".git/config.worktree", "--list", in: work) == "codecloud.worktree-only=yes")
    }

    @Test func configWorktreeIsReadOnlyWithTheExtension() throws {
        let work = try sandbox.makeRepository()
        let linked = sandbox.scratch.appending("linked")
        try sandbox.git("worktree", "add", "--quiet", "-b", "side", linked, in: work)
        try sandbox.git("config", "codecloud.model", "shared", in: work)
        try sandbox.git("config", "extensions.worktreeConfig", "true", in: work)
        try sandbox.git("config", "--worktree", "codecloud.model", "linked-only", in: linked)
        #expect(try open(linked, variables: [:]).configValue("codecloud.model") == sandbox.git("config", "codecloud.model", in: linked))
        #expect(try open(linked, variables: [:]).configValue("codecloud.model") == "linked-only")
        #expect(try open(work, variables: [:]).configValue("codecloud.model") == "shared")
        try sandbox.git("config", "extensions.worktreeConfig", "false", in: work)
        #expect(try sandbox.git("config", "codecloud.model", in: linked) == "shared", "git ignores config.worktree without the extension")
        #expect(try open(linked, variables: [:]).configValue("codecloud.model") == "shared")
    }

    @Test func globalAndSystemOverridesNameTheFilesAsInGit() throws {
        let work = try sandbox.makeRepository()
        try sandbox.git("config", "--global", "codecloud.model", "from-home", in: work)
        try writeFile(sandbox.scratch.appending("system"), "[codecloud]\n\tmodel = from-system\n\tremote = system-remote\n")
        func open(global: String?, system: String?) throws -> Repository {
            let sources = ConfigurationSources(
                home: sandbox.home, xdgConfigHome: sandbox.home + "/.config", globalOverride: global, systemOverride: system, includeSystem: true)
            return try Repository.open(RepositoryLocation(startDirectory: work), configuration: sources)
        }
        for (global, system) in [("", sandbox.scratch.appending("system")), (nil, sandbox.scratch.appending("system")), (nil, "")] as [(String?, String?)] {
            var variables = ["GIT_CONFIG_NOSYSTEM": "0"]
            variables["GIT_CONFIG_GLOBAL"] = global
            variables["GIT_CONFIG_SYSTEM"] = system
            let git = try? sandbox.git(["config", "codecloud.model"], in: work, extra: variables)
            #expect(try open(global: global, system: system).configValue("codecloud.model") == git, "\(variables)")
        }
        #expect(try open(global: "", system: sandbox.scratch.appending("system")).configValue("codecloud.model") == "from-system", "an empty GIT_CONFIG_GLOBAL reads no global file")
        #expect(try open(global: nil, system: "").configValue("codecloud.remote") == nil, "an empty GIT_CONFIG_SYSTEM reads no system file")
    }

    @Test func oneFileServesEveryOpenWithTheSameSettings() throws {
        let text = ConfigParameter.configFileText([ConfigParameter(key: "codecloud.model", value: "same")])
        let first = try GeneratedConfigFile.path(holding: text)
        #expect(try GeneratedConfigFile.path(holding: text) == first)
        #expect(try String(contentsOfFile: first, encoding: .utf8) == text)
        let target = try FileManager.default.destinationOfSymbolicLink(atPath: first)
        #expect(target.hasSuffix(" (deleted)"), "nothing is left on disk: \(target)")
    }
}
