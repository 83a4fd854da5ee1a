import CodecloudAPI
@testable import CodecloudCLI
import CodecloudCore
import CodecloudTestSupport
import Foundation
import Testing

/// A scratch HOME, a loopback codecloud stand-in that accepts one key, and a `git` on PATH that
/// records its command lines, so tests can prove the key never appears in argv.
final class CLITestHarness: @unchecked Sendable {
    static let goodKey = "cc_live_GOODKEY_abcdef123456"
    static let badKey = "cc_live_BADKEY_zyxwvu987654"

    let home: ScratchHome
    let server: LoopbackHTTPServer
    let binDirectory: String

    init() throws {
        home = try ScratchHome()
        binDirectory = home.path + "/bin"
        try FileManager.default.createDirectory(atPath: binDirectory, withIntermediateDirectories: true)
        let wrapper = binDirectory + "/git"
        try writeExecutable(wrapper, """
            #!/bin/sh
            printf '%s\\n' "$*" >> "\(home.path)/git-argv.log"
            exec /usr/bin/git "$@"
            """)
        server = try LoopbackHTTPServer { request in
            let path = request.url.path
            if path == "/api/v1/models" { return Self.fixture("listModels.response") }
            if path == "/api/v1/providers" { return Self.fixture("listProviders.response") }
            guard request.headers["Authorization"] == "Bearer \(CLITestHarness.goodKey)" else {
                return Self.fixture("listRuns.response.401", status: 401)
            }
            return Self.fixture("listRuns.response.empty")
        }
    }

    deinit {
        server.stop()
        home.remove()
    }

    private static func fixture(_ name: String, status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: Fixtures.data(name))
    }

    /// Command lines the `git` wrapper saw.
    var gitCommandLines: String {
        (try? String(contentsOfFile: home.path + "/git-argv.log", encoding: .utf8)) ?? ""
    }

    /// Runs `git codecloud <arguments>` in process against the loopback server.
    func run(
        _ arguments: [String], input: String = "", variables: [String: String] = [:], stdinIsTTY: Bool = false
    ) async -> (code: Int32, output: CapturedOutput) {
        let output = CapturedOutput()
        var extra = ["CODECLOUD_API_URL": server.baseURL.absoluteString]
        extra["PATH"] = binDirectory + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let environment = home.environment(
            extra.merging(variables) { _, new in new }, output: output, input: .text(input),
            terminal: TerminalTraits(stdinIsTTY: stdinIsTTY))
        let code = await CommandRunner.run(arguments, environment: environment)
        return (code, output)
    }
}
