import CodecloudTestSupport
import Foundation
import Testing

extension RunLoopEndToEnd {
    /// Landing through the built binary in a developer-like checkout: git writes the tree (a
    /// filter and a hook of the user's apply), and what git would silently replace is refused.
    @Suite("Landing through git")
    struct LandingThroughGit {
        @Test("the user's smudge filter and post-checkout hook apply to the landed branch, as with git checkout")
        func filterAndHookApply() async throws {
            try await withRunLoopWorld(agentCommand: "printf 'notes.txt filter=shout\\n' > .gitattributes; printf 'quiet words\\n' > notes.txt") { world in
                try await world.git("config", "filter.shout.smudge", "tr a-z A-Z")
                try await world.git("config", "filter.shout.clean", "tr A-Z a-z")
                let hook = world.work + "/.git/hooks/post-checkout"
                try writeExecutable(hook, "#!/bin/sh\necho \"post-checkout ran: $3\"\n")

                let result = try await world.codecloud("fix", "Add notes")

                #expect(result.status == 0, "\(result.stderr)")
                #expect(try readFile(world.work + "/notes.txt") == "QUIET WORDS\n")
                #expect(result.stderr.contains("post-checkout ran: 1"), "\(result.stderr)")
                #expect(try await world.git("status", "--porcelain") == "")
            }
        }

        @Test("an ignored file the PR branch would replace is refused (exit 6); --force saves it under .git/codecloud/backup/")
        func ignoredFileRefused() async throws {
            try await withRunLoopWorld(agentCommand: "printf 'API_URL=agent\\n' > .env") { world in
                try writeFile(world.work + "/.git/info/exclude", ".env\n")
                try writeFile(world.work + "/.env", "API_URL=mine\n")

                let refused = try await world.codecloud("fix", "Add an env file")

                #expect(refused.status == 6, "\(refused.stderr)")
                let runID = try submittedRunID(in: refused.stderr)
                #expect(refused.stderr.contains("error: not overwriting ignored file the PR branch would replace: .env"), "\(refused.stderr)")
                #expect(refused.stderr.contains("hint: move it away, or rerun with --force"))
                #expect(try readFile(world.work + "/.env") == "API_URL=mine\n")
                #expect(try await world.git("rev-parse", "--abbrev-ref", "HEAD") == "main")

                let forced = try await world.codecloud("checkout", runID, "--force")

                #expect(forced.status == 0, "\(forced.stderr)")
                let saved = try #require(forced.stderr.split(separator: "\n").first { $0.hasPrefix("Saved 1 ignored file") }, "\(forced.stderr)")
                let directory = String(try #require(saved.components(separatedBy: " under ").last))
                #expect(directory.hasPrefix(world.work + "/.git/codecloud/backup/"))
                #expect(try readFile(directory + "/.env") == "API_URL=mine\n")
                #expect(try readFile(world.work + "/.env") == "API_URL=agent\n")
            }
        }
    }
}
