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
    }
}
