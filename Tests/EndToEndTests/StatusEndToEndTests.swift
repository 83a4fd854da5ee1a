import CodecloudTestSupport
import Foundation
import Testing

/// The built `git-codecloud` on PATH, run by the real `git` as `git codecloud status --json`.
@Suite struct StatusEndToEndTests {
    @Test func gitRunsThePluginFromPATHInsideACheckout() throws {
        let sandbox = try GitSandbox()
        let work = try sandbox.makeRepository(remote: try sandbox.makeBareRemote("octo/widgets"))
        try sandbox.git("switch", "--quiet", "-c", "feature", in: work)
        try sandbox.git("push", "--quiet", "-u", "origin", "feature:agent-feature", in: work)
        try sandbox.commit(in: work, file: "local.txt", contents: "1\n", message: "Local")
        let subdirectory = try sandbox.scratch.makeDirectory("work/src")

        var variables = sandbox.variables
        variables["PATH"] = try BuiltProducts.directory() + ":" + (variables["PATH"] ?? "")
        let result = try ProcessRunner.run("git", ["codecloud", "status", "--json"], in: subdirectory, environment: variables)

        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["repository"] as? String == "octo/widgets")
        #expect(object["branch"] as? String == "agent-feature")
        #expect(object["local_branch"] as? String == "feature")
        #expect(object["ahead"] as? Int == 1)
        #expect(result.stderr.contains("warning: 1 commit on 'feature' not pushed to origin/agent-feature"))
    }
}
