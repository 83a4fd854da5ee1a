import CodecloudCore
import CodecloudGit
import CodecloudTestSupport
import Foundation
import Testing

/// `includeIf "hasconfig:remote.*.url:…"`, which libgit2 1.5.1 ignores: where the system or
/// global config has one, the repository opened from an Environment reads those settings from
/// git's own listing. Each case compares with what `git config` prints.
@Suite struct GitConfigListingTests {
    let sandbox: GitSandbox
    let work: String

    init() throws {
        sandbox = try GitSandbox()
        work = try sandbox.makeRepository(remote: try sandbox.makeBareRemote("acme/widgets"))
    }

    func value(_ key: String) throws -> String? {
        try sandbox.environment(in: work).openRepository().configValue(key)
    }

    func gitValue(_ key: String) -> String? {
        try? sandbox.git("config", key, in: work)
    }

    @Test func aMatchingHasconfigIncludeAppliesInGitsOrder() throws {
        try writeFile(sandbox.home + "/.config/git/work", "[codecloud]\n\tmodel = included\n\tprovider = included-provider\n")
        try writeFile(sandbox.home + "/.gitconfig-extra", "[codecloud]\n\tverify = make check\n")
        try writeFile(sandbox.home + "/.gitconfig", """
            [codecloud]
            \tmodel = before
            [include]
            \tpath = ~/.gitconfig-extra
            [includeIf "hasconfig:remote.*.url:**/acme/**"]
            \tpath = ~/.config/git/work
            [codecloud]
            \tprovider = after

            """)
        for key in ["codecloud.model", "codecloud.provider", "codecloud.verify"] {
            #expect(try value(key) == gitValue(key), "\(key)")
        }
        #expect(try value("codecloud.model") == "included")
        #expect(try value("codecloud.provider") == "after", "a later line of ~/.gitconfig still wins, as in git")
        #expect(try value("codecloud.verify") == "make check", "a plain include is still read")

        try sandbox.git("config", "codecloud.model", "local", in: work)
        #expect(try value("codecloud.model") == "local", "the repository's file outranks the global one")
        let repository = try sandbox.environment(in: work).openRepository()
        try repository.setConfigValues([(key: "codecloud.remote", value: "origin")])
        #expect(try repository.configValue("codecloud.remote") == "origin")
        #expect(try sandbox.git("config", "--file", ".git/config", "codecloud.remote", in: work) == "origin", "writes go to the repository's file")
    }

    @Test func aHasconfigIncludeThatMatchesNoRemoteIsNotApplied() throws {
        try writeFile(sandbox.home + "/.config/git/work", "[codecloud]\n\tmodel = included\n")
        try writeFile(sandbox.home + "/.gitconfig", "[codecloud]\n\tmodel = plain\n[includeIf \"hasconfig:remote.*.url:**/other-org/**\"]\n\tpath = ~/.config/git/work\n")
        #expect(try value("codecloud.model") == gitValue("codecloud.model"))
        #expect(try value("codecloud.model") == "plain")
    }

    @Test func theListingKeepsValuelessKeysEmptyValuesAndNewlines() {
        let listing = "global\0codecloud.flag\0global\0codecloud.empty\n\0system\0codecloud.lines\none\ntwo\0"
            + "global\0include.path\n~/x\0global\0includeif.gitdir:~/src/.path\n~/y\0local\0codecloud.model\nlocal\0"
        let listed = ListedConfiguration(listing: listing)
        #expect(listed.global == [ConfigParameter(key: "codecloud.flag", value: nil), ConfigParameter(key: "codecloud.empty", value: "")])
        #expect(listed.system == [ConfigParameter(key: "codecloud.lines", value: "one\ntwo")])
    }
}
