import CodecloudTestSupport
import Foundation
import Testing

extension RunLoopEndToEnd {
    /// A HOME that looks like a developer's: dotfiles that include other files and name paths
    /// with `~/`, as git reads them.
    @Suite("Dotfiles")
    struct Dotfiles {
        @Test("~/ in include.path, core.excludesFile, core.attributesFile and core.hooksPath: fix reads them and lands")
        func tildePathsInTheGlobalConfig() async throws {
            try await withRunLoopWorld { world in
                let home = world.sandbox.home
                try writeFile(home + "/.config/git/extra", "[codecloud]\n\tmodel = claude-opus-4-5\n")
                try writeFile(home + "/.gitignore_global", "*.log\n")
                try writeFile(home + "/.gitattributes_global", "*.md text\n")
                // git runs the reference-transaction hook for the refs `git fetch` updates.
                try writeExecutable(home + "/hooks/reference-transaction", "#!/bin/sh\necho \"$1 $PWD\" >> \"$HOME/hook-ran\"\n")
                // Before libgit2 was given the HOME, each of these three settings alone made every
                // command fail ("the global directory doesn't exist").
                try writeFile(home + "/.gitconfig", """
                    [include]
                    \tpath = ~/.config/git/extra
                    [core]
                    \texcludesFile = ~/.gitignore_global
                    \tattributesFile = ~/.gitattributes_global
                    \thooksPath = ~/hooks

                    """)
                try writeFile(world.work + "/debug.log", "noise\n")

                let result = try await world.codecloud("fix", "Add a CONTRIBUTING guide", "--json")

                #expect(result.status == 0, "\(result.stderr)")
                #expect(!result.stderr.contains("global directory"), "\(result.stderr)")
                let report = try #require(try parseJSON(result.stdout) as? [String: Any], "\(result.stdout)")
                let runID = try #require((report["run"] as? [String: Any])?["id"] as? String)
                #expect(try await world.run(runID)["model"] as? String == "claude-opus-4-5", "the included file's codecloud.model reached the create request")
                #expect(try await world.git("rev-parse", "--abbrev-ref", "HEAD") == "codecloud/add-a-contributing-guide")
                #expect(try await world.git("status", "--porcelain").isEmpty, "debug.log is ignored through ~/.gitignore_global")
                let hookLog = try String(contentsOfFile: home + "/hook-ran", encoding: .utf8)
                #expect(hookLog.contains("committed \(world.work)"), "the fetch in the clone ran the hook from ~/hooks: \(hookLog)")
            }
        }

        @Test("includeIf hasconfig:, git -c and config.worktree reach the tool as they reach git; a malformed -c list fails as git does")
        func hasconfigCommandLineAndWorktreeConfig() async throws {
            try await withRunLoopWorld { world in
                // A work/personal split: settings for one organisation's remotes only (libgit2
                // ignores the condition; git's listing supplies them).
                let home = world.sandbox.home
                try writeFile(home + "/.config/git/work", "[codecloud]\n\tmodel = claude-opus-4-1\n")
                try writeFile(home + "/.gitconfig", "[includeIf \"hasconfig:remote.*.url:**/remotes/**\"]\n\tpath = ~/.config/git/work\n")
                #expect(try await world.git("config", "codecloud.model") == "claude-opus-4-1")
                let viaHasconfig = try await world.codecloud("fix", "Add a CODEOWNERS file", "--no-checkout", "--json")
                #expect(viaHasconfig.status == 0, "\(viaHasconfig.stderr)")
                let hasconfigID = try #require(((try parseJSON(viaHasconfig.stdout) as? [String: Any])?["run"] as? [String: Any])?["id"] as? String)
                #expect(try await world.run(hasconfigID)["model"] as? String == "claude-opus-4-1", "the hasconfig include's codecloud.model reached the create request")

                try await world.git("config", "codecloud.model", "claude-haiku-4-5")
                let variables = world.variables, work = world.work
                func run(_ executable: String, _ arguments: [String], adding: [String: String] = [:]) async throws -> ProcessResult {
                    try await offTheCooperativePool {
                        try ProcessRunner.run(executable, arguments, in: work, environment: variables.merging(adding) { $1 })
                    }
                }
                // git hands `-c` to the command it runs in GIT_CONFIG_PARAMETERS; it outranks the repository file.
                let submitted = try await run("git", ["-c", "codecloud.model=claude-opus-4-5", "codecloud", "fix", "Add a CONTRIBUTING guide", "--no-checkout", "--json"])
                #expect(submitted.status == 0, "\(submitted.stderr)")
                let report = try #require(try parseJSON(submitted.stdout) as? [String: Any], "\(submitted.stdout)")
                let runID = try #require((report["run"] as? [String: Any])?["id"] as? String)
                #expect(try await world.run(runID)["model"] as? String == "claude-opus-4-5", "git -c codecloud.model reached the create request")

                // A per-worktree setting (git config --worktree) outranks the repository file too.
                try await world.git("config", "extensions.worktreeConfig", "true")
                try await world.git("config", "--worktree", "codecloud.model", "claude-sonnet-4")
                let second = try await world.codecloud("fix", "Add a SECURITY policy", "--no-checkout", "--json")
                #expect(second.status == 0, "\(second.stderr)")
                let secondID = try #require(((try parseJSON(second.stdout) as? [String: Any])?["run"] as? [String: Any])?["id"] as? String)
                #expect(try await world.run(secondID)["model"] as? String == "claude-sonnet-4", "config.worktree reached the create request")

                // git itself refuses to run anything with a malformed list; run directly, the tool does too.
                let requestsBefore = try await world.requestLog().count
                let broken = ["GIT_CONFIG_PARAMETERS": "'codecloud.model"]
                #expect(try await world.codecloud("fix", "Never sent", "--no-checkout", adding: broken).status == 128)
                let malformed = try await run("git-codecloud", ["fix", "Never sent", "--no-checkout"], adding: broken)
                #expect(malformed.status == 1, "\(malformed.stderr)")
                #expect(malformed.stderr.contains("unable to parse command-line config: bogus format in GIT_CONFIG_PARAMETERS"), "\(malformed.stderr)")
                #expect(try await world.requestLog().count == requestsBefore, "nothing was sent")
            }
        }

        @Test("a repository of another user is refused with git's message and hint; safe.directory = * in ~/.gitconfig or git -c lets it through")
        func safeDirectory() async throws {
            try await withRunLoopWorld { world in
                // git's own switch for "another user owns this", honoured by git and the tool alike.
                let foreign = ["GIT_TEST_ASSUME_DIFFERENT_OWNER": "1"]
                let refused = try await world.codecloud("status", adding: foreign)
                #expect(refused.status == 1)
                #expect(refused.stderr == "error: detected dubious ownership in repository at '\(world.work)'\n"
                    + "hint: it belongs to another user; if you trust it, run git config --global --add safe.directory \(world.work)\n")
                let variables = world.variables.merging(foreign) { $1 }, work = world.work
                let viaDashC = try await offTheCooperativePool {
                    try ProcessRunner.run("git", ["-c", "safe.directory=*", "codecloud", "status"], in: work, environment: variables)
                }
                #expect(viaDashC.status == 0, "\(viaDashC.stderr)")
                try writeFile(world.sandbox.home + "/.gitconfig", "[safe]\n\tdirectory = *\n")
                let viaGlobal = try await world.codecloud("status", adding: foreign)
                #expect(viaGlobal.status == 0, "\(viaGlobal.stderr)")
                #expect(viaGlobal.stdout.contains("work tree:  clean"), "\(viaGlobal.stdout)")
            }
        }
    }
}
