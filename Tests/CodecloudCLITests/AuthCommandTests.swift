import CodecloudAPI
import CodecloudCore
import CodecloudTestSupport
import Foundation
import Testing

@Suite struct AuthCommandTests {
    private let good = CLITestHarness.goodKey
    private let bad = CLITestHarness.badKey

    @Test func loginStatusLogoutWithTheCredentialsFile() async throws {
        let harness = try CLITestHarness()
        let path = harness.home.configHome + "/git-codecloud/credentials"

        let login = await harness.run(["auth", "login", "--with-key"], input: good + "\n")
        #expect(login.code == 0)
        #expect(login.output.stderr == "Logged in to \(harness.server.baseURL.absoluteString) with key cc_li…, stored in \(path).\n")
        #expect(login.output.stdout.isEmpty)
        let check = try #require(harness.server.requests.last)
        #expect(check.method == "GET" && check.url.path == "/api/v1/agents" && check.url.query == "limit=1")
        #expect(FileManager.default.fileExists(atPath: path))

        let status = await harness.run(["auth", "status"])
        #expect(status.code == 0)
        #expect(status.output.stdout == """
            service:  \(harness.server.baseURL.absoluteString)
            key:      cc_li… (from \(path))
            accepted: yes

            """)

        let json = await harness.run(["auth", "status", "--json"])
        #expect(json.code == 0)
        let object = Fixtures.jsonObject(Data(json.output.stdout.utf8))
        #expect(object["source"] as? String == "file")
        #expect(object["key"] as? String == "cc_li…")
        #expect(object["accepted"] as? Bool == true)
        #expect(object["location"] as? String == path)

        let logout = await harness.run(["auth", "logout"])
        #expect(logout.code == 0)
        #expect(logout.output.stderr.contains("Removed the key cc_li… for \(harness.server.baseURL.absoluteString) from \(path)."))

        let after = await harness.run(["auth", "status"])
        #expect(after.code == CodecloudExitCode.authenticationRequired.rawValue)
        #expect(after.output.stderr.contains("error: not logged in to \(harness.server.baseURL.absoluteString)"))
        #expect(after.output.stderr.contains("hint: run 'git codecloud auth login'"))
    }

    @Test func rejectedKeyIsNotStored() async throws {
        let harness = try CLITestHarness()
        let login = await harness.run(["auth", "login", "--with-key"], input: bad)
        #expect(login.code == CodecloudExitCode.authenticationRequired.rawValue)
        #expect(login.output.stderr.hasPrefix("error: codecloud did not accept this key (HTTP 401); nothing was stored\n"))
        #expect(!FileManager.default.fileExists(atPath: harness.home.configHome + "/git-codecloud/credentials"))
    }

    @Test func loginWithoutKeyOrTerminalIsAUsageError() async throws {
        let harness = try CLITestHarness()
        let piped = await harness.run(["auth", "login"], input: good)
        #expect(piped.code == CodecloudExitCode.usage.rawValue)
        #expect(piped.output.stderr.contains("hint: pipe it in: git codecloud auth login --with-key < key.txt"))
        let empty = await harness.run(["auth", "login", "--with-key"], input: "\n")
        #expect(empty.code == CodecloudExitCode.usage.rawValue)
        #expect(harness.server.requests.isEmpty)
    }

    @Test func loginOnATerminalPrompts() async throws {
        let harness = try CLITestHarness()
        let login = await harness.run(["auth", "login"], input: good, stdinIsTTY: true)
        #expect(login.code == 0)
        #expect(login.output.stderr.hasPrefix("Paste your codecloud API key (input is hidden): "))
    }

    @Test func loginThroughAGitCredentialHelper() async throws {
        let harness = try CLITestHarness()
        let helperFile = harness.home.path + "/helper-store"
        try harness.home.git("config", "--global", "credential.helper", "store --file=\(helperFile)")

        let login = await harness.run(["auth", "login", "--with-key"], input: good)
        #expect(login.code == 0)
        #expect(login.output.stderr.hasSuffix("stored in git credential helper.\n"))
        #expect(try String(contentsOfFile: helperFile, encoding: .utf8).contains(good))

        let status = await harness.run(["auth", "status", "--json"])
        #expect(Fixtures.jsonObject(Data(status.output.stdout.utf8))["source"] as? String == "credential-helper")

        let logout = await harness.run(["auth", "logout"])
        #expect(logout.code == 0)
        #expect(try !String(contentsOfFile: helperFile, encoding: .utf8).contains(good))
        #expect(harness.gitCommandLines.contains("credential approve"))
        #expect(harness.gitCommandLines.contains("credential reject"))
    }

    @Test func statusReportsAnEnvironmentKeyTheServiceRejects() async throws {
        let harness = try CLITestHarness()
        let status = await harness.run(["auth", "status"], variables: ["CODECLOUD_API_KEY": bad])
        #expect(status.code == CodecloudExitCode.authenticationRequired.rawValue)
        #expect(status.output.stdout.contains("key:      cc_li… (from environment variable CODECLOUD_API_KEY)"))
        #expect(status.output.stdout.contains("accepted: no"))
        #expect(status.output.stderr.contains("error: codecloud did not accept the key from CODECLOUD_API_KEY"))
    }

    @Test func aRejectedEnvironmentKeyPointsAtTheVariableNotAtLogin() async throws {
        let harness = try CLITestHarness()
        let models = await harness.run(["schedule", "list"], variables: ["CODECLOUD_API_KEY": bad])
        #expect(models.code == CodecloudExitCode.authenticationRequired.rawValue)
        #expect(models.output.stderr.hasSuffix("hint: the key comes from CODECLOUD_API_KEY, which overrides stored keys: fix or unset it\n"),
                "\(models.output.stderr)")
        let login = await harness.run(["auth", "login", "--with-key"], input: good, variables: ["CODECLOUD_API_KEY": bad])
        #expect(login.code == 0)
        #expect(login.output.stderr.contains("warning: CODECLOUD_API_KEY is set and overrides the stored key"))
        // A key given to login and refused is that key's fault, not the variable's.
        let refused = await harness.run(["auth", "login", "--with-key"], input: bad, variables: ["CODECLOUD_API_KEY": good])
        #expect(refused.code == CodecloudExitCode.authenticationRequired.rawValue)
        #expect(!refused.output.stderr.contains("the key comes from CODECLOUD_API_KEY"))
    }

    @Test func logoutWarnsThatTheEnvironmentKeyRemains() async throws {
        let harness = try CLITestHarness()
        let logout = await harness.run(["auth", "logout"], variables: ["CODECLOUD_API_KEY": good])
        #expect(logout.code == 0)
        #expect(logout.output.stderr.contains("No stored key for"))
        #expect(logout.output.stderr.contains("warning: CODECLOUD_API_KEY is set in the environment"))
    }

    @Test func keyIsNotSentOverPlainHTTPToARemoteHost() async throws {
        let harness = try CLITestHarness()
        let status = await harness.run(["auth", "status"], variables: ["CODECLOUD_API_KEY": good, "CODECLOUD_API_URL": "http://codecloud.example"])
        #expect(status.code == CodecloudExitCode.failure.rawValue)
        #expect(status.output.stderr.contains("refusing to send the API key over plain http to http://codecloud.example"))
    }

    /// Every auth path, with debug logging on: the key appears in no output and no git command line.
    @Test func theKeyNeverAppearsInOutputLogsOrArgv() async throws {
        let harness = try CLITestHarness()
        let debug = ["CODECLOUD_DEBUG": "1"]
        var transcripts: [String] = []
        func record(_ result: (code: Int32, output: CapturedOutput)) {
            transcripts.append(result.output.stdout + result.output.stderr)
        }
        record(await harness.run(["auth", "login", "--with-key"], input: bad, variables: debug))
        record(await harness.run(["auth", "login", "--with-key"], input: good, variables: debug))
        record(await harness.run(["auth", "login"], input: good, variables: debug, stdinIsTTY: true))
        record(await harness.run(["auth", "status"], variables: debug))
        record(await harness.run(["auth", "status", "--json"], variables: debug))
        record(await harness.run(["auth", "status"], variables: debug.merging(["CODECLOUD_API_KEY": bad]) { $1 }))
        record(await harness.run(["auth", "status", "--json"], variables: debug.merging(["CODECLOUD_API_KEY": good]) { $1 }))
        record(await harness.run(["auth", "logout"], variables: debug))
        try harness.home.git("config", "--global", "credential.helper", "store --file=\(harness.home.path)/helper-store")
        record(await harness.run(["auth", "login", "--with-key"], input: good, variables: debug))
        record(await harness.run(["auth", "status"], variables: debug))
        record(await harness.run(["auth", "logout"], variables: debug))

        let everything = transcripts.joined(separator: "\n")
        #expect(everything.contains("codecloud: GET \(harness.server.baseURL.absoluteString)/api/v1/agents?limit=1 → 200"))
        #expect(everything.contains("→ 401"))
        for key in [good, bad] {
            #expect(!everything.contains(key))
            #expect(!everything.contains(String(key.dropFirst(5))))
        }
        #expect(!harness.gitCommandLines.isEmpty)
        #expect(!harness.gitCommandLines.contains(good))
        #expect(harness.server.requests.allSatisfy { request in
            request.headers.filter { $0.key != "Authorization" }.values.allSatisfy { !$0.contains(good) }
                && !request.url.absoluteString.contains(good)
        })
    }
}
