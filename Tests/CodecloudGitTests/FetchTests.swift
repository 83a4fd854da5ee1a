import CodecloudGit
import CodecloudTestSupport
import Foundation
import Testing

/// libgit2 fetches: narrow refspecs from bare remotes on disk, credentials over loopback http.
@Suite struct FetchTests {
    let sandbox: GitSandbox
    let sources: ConfigurationSources

    init() throws {
        sandbox = try GitSandbox()
        sources = ConfigurationSources(home: sandbox.home, xdgConfigHome: nil, includeSystem: false)
    }

    @Test func fetchesOnlyTheNamedBranchWithoutTags() throws {
        let remote = try sandbox.makeBareRemote()
        let work = try sandbox.makeRepository(remote: remote)
        let other = try sandbox.clone(remote, into: "other")
        let tip = try sandbox.commit(in: other, file: "x.txt", contents: "x\n", message: "X")
        try sandbox.git("tag", "v1", in: other)
        try sandbox.git("push", "--quiet", "origin", "HEAD:refs/heads/wanted", "HEAD:refs/heads/unwanted", "v1", in: other)

        let repository = try Repository.open(RepositoryLocation(startDirectory: work), configuration: sources)
        try repository.fetch(remote: "origin", refspecs: ["+refs/heads/wanted:refs/remotes/origin/wanted"], credentials: .agentOnly)

        #expect(try repository.commit(ofReference: "refs/remotes/origin/wanted")?.hex == tip)
        #expect(try repository.commit(ofReference: "refs/remotes/origin/unwanted") == nil)
        #expect(try repository.commit(ofReference: "refs/tags/v1") == nil)
    }

    @Test func asksForHTTPCredentialsOnceAndThenGivesUp() throws {
        let server = try UnauthorisedHTTPServer()
        defer { server.stop() }
        let work = try sandbox.makeRepository()
        try sandbox.git("remote", "add", "origin", "http://127.0.0.1:\(server.port)/octo/widgets.git", in: work)
        let calls = CallCounter()
        let credentials = FetchCredentials { _, _ in
            calls.increment()
            return UserPassword(username: "agent", password: "wrong")
        }
        let repository = try Repository.open(RepositoryLocation(startDirectory: work), configuration: sources)
        let error = try #require(throws: GitError.self) {
            try repository.fetch(remote: "origin", refspecs: ["+refs/heads/main:refs/remotes/origin/main"], credentials: credentials)
        }
        #expect(error.kind == .authentication)
        #expect(calls.count == 1)
    }
}

/// Counts calls from the credential callback (Mutex needs macOS 15; the package supports 14).
private final class CallCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func increment() { lock.withLock { value += 1 } }
    var count: Int { lock.withLock { value } }
}

/// A loopback HTTP server (python3) that answers every request with 401 Basic.
private final class UnauthorisedHTTPServer {
    let process = Process()
    let port: Int

    init() throws {
        let script = """
            import http.server
            class Handler(http.server.BaseHTTPRequestHandler):
                protocol_version = "HTTP/1.1"
                def do_GET(self):
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="codecloud-test"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                do_POST = do_GET
                def log_message(self, *args): pass
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
            print(server.server_address[1], flush=True)
            server.serve_forever()
            """
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        process.standardOutput = output
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw ScratchError("the test HTTP server did not start") }
            line.append(chunk)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw ScratchError("the test HTTP server printed no port")
        }
        self.port = port
    }

    func stop() {
        // SIGKILL, not terminate(): a child spawned from a test thread can inherit a signal
        // mask that blocks SIGTERM, and waiting would then hang.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
