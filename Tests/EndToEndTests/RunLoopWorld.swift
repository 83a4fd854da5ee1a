import CodecloudEmulator
import CodecloudProcess
import CodecloudTestSupport
import Foundation
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One end-to-end world for the run loop: an in-process emulator on an ephemeral loopback port
/// whose git root holds the bare remote `acme/widgets`, a clone of it as the user's work tree,
/// and a private HOME. The built `git-codecloud` runs as git runs it, `git codecloud …`, with
/// the emulator's URL and key in its environment only.
final class RunLoopWorld: Sendable {
    /// The key the emulator accepts; reaches the CLI through `CODECLOUD_API_KEY` only.
    static let apiKey = "cc_e2e_0123456789abcdef"
    /// The repository on the emulator's git host.
    static let repository = "acme/widgets"

    let sandbox: GitSandbox
    let emulator: Emulator
    /// The bare remote, `<git root>/acme/widgets.git`.
    let remote: String
    /// The user's clone, on `main` tracking `origin/main`.
    let work: String
    /// The directory holding the built `git-codecloud`.
    let productsDirectory: String

    private init(sandbox: GitSandbox, emulator: Emulator, remote: String, work: String, productsDirectory: String) {
        self.sandbox = sandbox
        self.emulator = emulator
        self.remote = remote
        self.work = work
        self.productsDirectory = productsDirectory
    }

    /// Starts an emulator whose runs wait `agentDelay` seconds, then at `gate` when given (until
    /// the test lets them through), before the agent starts, with the built-in agent or
    /// `agentCommand`, and makes the remote and the clone.
    static func start(
        agentDelay: TimeInterval = 0, gate: AgentGate? = nil, agentCommand: String? = nil, plan: Plan = .starter
    ) async throws -> RunLoopWorld {
        let productsDirectory = try BuiltProducts.directory()
        let sandbox = try GitSandbox()
        let (remote, work) = try await offTheCooperativePool {
            let remote = try sandbox.makeBareRemote(repository)
            let seed = try sandbox.makeRepository("seed", remote: remote)
            try sandbox.commit(in: seed, file: "Sources/Widget.swift", contents: "struct Widget {}\n", message: "Add Widget")
            try sandbox.git("push", "--quiet", "origin", "main", in: seed)
            return (remote, try sandbox.clone(remote, into: "work"))
        }
        var configuration = EmulatorConfiguration(
            gitRoot: URL(fileURLWithPath: sandbox.scratch.appending("remotes"), isDirectory: true),
            apiKeys: [APIKey(apiKey, plan: plan)],
            agentCommand: agentCommand,
            agentDelay: agentDelay,
            workDirectory: URL(fileURLWithPath: sandbox.scratch.appending("emulator"), isDirectory: true)
        )
        configuration.agentGate = gate
        let emulator = try await Emulator.start(configuration)
        return RunLoopWorld(sandbox: sandbox, emulator: emulator, remote: remote, work: work, productsDirectory: productsDirectory)
    }

    /// Stops the emulator (its runs with it); the scratch directory goes with the sandbox.
    func stop() async {
        await emulator.stop()
    }

    /// The CLI's whole environment: the sandbox's isolated git world, the built products first
    /// on PATH, and the emulator's URL and key.
    var variables: [String: String] {
        var variables = sandbox.variables
        variables["PATH"] = productsDirectory + ":" + (variables["PATH"] ?? "/usr/bin:/bin")
        variables["CODECLOUD_API_URL"] = emulator.baseURL.absoluteString
        variables["CODECLOUD_API_KEY"] = Self.apiKey
        return variables
    }

    // MARK: Running things

    /// `git codecloud <arguments>` in `directory` (the clone by default), to completion.
    /// `adding` goes into its environment too (`CODECLOUD_DEBUG`).
    func codecloud(
        _ arguments: String..., in directory: String? = nil, input: String = "", adding: [String: String] = [:]
    ) async throws -> ProcessResult {
        let variables = self.variables.merging(adding) { $1 }, directory = directory ?? work
        return try await offTheCooperativePool {
            try ProcessRunner.run("git", ["codecloud"] + arguments, in: directory, environment: variables, input: input)
        }
    }

    /// `git <arguments>` in `directory` (the clone by default); stdout, trimmed. Throws when git fails.
    @discardableResult
    func git(_ arguments: String..., in directory: String? = nil) async throws -> String {
        let sandbox = self.sandbox, directory = directory ?? work
        return try await offTheCooperativePool { try sandbox.git(arguments, in: directory) }
    }

    /// Commits `file` with `contents` in the clone; returns the commit id.
    func commit(file: String, contents: String, message: String) async throws -> String {
        let sandbox = self.sandbox, work = self.work
        return try await offTheCooperativePool { try sandbox.commit(in: work, file: file, contents: contents, message: message) }
    }

    /// The commit branch `branch` points at on the remote, as the emulator's git host has it.
    func remoteTip(of branch: String) async throws -> String {
        try await git("--git-dir", remote, "rev-parse", "refs/heads/\(branch)", in: sandbox.scratch.path)
    }

    /// Starts the built `git-codecloud` itself (not through git, so its pid is the CLI's),
    /// streaming its output, for tests that signal it.
    func launchCodecloud(_ arguments: String...) throws -> StreamingProcess {
        try StreamingProcess(
            executable: productsDirectory + "/git-codecloud", arguments: arguments, directory: work, environment: variables)
    }

    // MARK: The emulator's side

    /// Adds a fault rule (`POST /_emulator/faults`).
    func injectFault(_ rule: [String: any Sendable]) async throws {
        let response = try await request("POST", "/_emulator/faults", body: rule)
        try #require(response.status == 201, "fault rejected: \(response.text)")
    }

    /// Moves the emulator's clock (the one its runs' timestamps come from) by `seconds`; its
    /// answers' `Date` header keeps following the real clock, so a run finished after a move
    /// of -3600 finished an hour before the service's answer says it is now.
    func moveClock(by seconds: Double) async throws {
        let response = try await request("POST", "/_emulator/clock", body: ["advance_seconds": seconds])
        try #require(response.status == 200, "clock not moved: \(response.text)")
    }

    /// The emulator's request log, oldest first (`GET /_emulator/requests`).
    func requestLog() async throws -> [LoggedRequest] {
        let response = try await request("GET", "/_emulator/requests")
        let entries = try #require(response.json["requests"] as? [[String: Any]], "no request log: \(response.text)")
        return entries.map { LoggedRequest(method: $0["method"] as? String ?? "", path: $0["path"] as? String ?? "", status: $0["status"] as? Int) }
    }

    /// The run as the service reports it (`GET /api/v1/agents/run/{id}`).
    func run(_ id: String) async throws -> [String: Any] {
        let response = try await request("GET", "/api/v1/agents/run/\(id)")
        try #require(response.status == 200, "run \(id): \(response.text)")
        return response.json
    }

    private func request(_ method: String, _ path: String, body: [String: any Sendable]? = nil) async throws -> (status: Int, json: [String: Any], text: String) {
        var request = URLRequest(url: URL(string: emulator.baseURL.absoluteString + path)!)
        request.httpMethod = method
        request.setValue("Bearer \(Self.apiKey)", forHTTPHeaderField: "Authorization")
        if let body {
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, json, String(decoding: data, as: UTF8.self))
    }
}

/// One line of the emulator's request log.
struct LoggedRequest: Sendable, Equatable {
    var method: String
    var path: String
    /// Absent when the connection was dropped.
    var status: Int?
}

// MARK: - Helpers

/// The run id from the CLI's "Submitted run <id>" line on stderr.
func submittedRunID(in stderr: String) throws -> String {
    let line = try #require(stderr.split(separator: "\n").first { $0.hasPrefix("Submitted run ") }, "no 'Submitted run' line in:\n\(stderr)")
    return String(line.dropFirst("Submitted run ".count).prefix { !$0.isWhitespace })
}

/// Parses `text` as one JSON value.
func parseJSON(_ text: String) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(text.utf8))
}

/// Every file under `directory` except `.git`, with its bytes: a fingerprint of a work tree.
func workTreeContents(_ directory: String) throws -> [String: Data] {
    var contents: [String: Data] = [:]
    let enumerator = FileManager.default.enumerator(atPath: directory)
    while let relative = enumerator?.nextObject() as? String {
        if relative == ".git" || relative.hasPrefix(".git/") {
            if relative == ".git" { enumerator?.skipDescendants() }
            continue
        }
        var isDirectory: ObjCBool = false
        let path = directory + "/" + relative
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
            contents[relative] = try Data(contentsOf: URL(fileURLWithPath: path))
        }
    }
    return contents
}

/// A child process whose output is read as it arrives, so a test can act on what it has
/// printed so far (wait for a line, then signal it).
/// In a process group of its own, as a command started from a shell is, so that what it does to
/// its group never reaches the test process.
final class StreamingProcess: Sendable {
    private let child: RunningChildProcess

    init(executable: String, arguments: [String], directory: String, environment: [String: String]) throws {
        child = try ChildProcess.start(executable, arguments, in: directory, environment: environment, ownProcessGroup: true)
    }

    /// The process id.
    var pid: Int32 { child.pid }
    /// stderr so far.
    var stderr: String { child.stderrSoFar }
    /// stdout so far.
    var stdout: String { child.stdoutSoFar }

    /// Waits for the process to exit and both streams to end; returns the exit status (128 +
    /// the signal when a signal ended it).
    func exitStatus(timeout: Duration = .seconds(60)) async throws -> Int32 {
        try await awaitCondition(timeout: timeout, "process \(pid) still running (\(signalState)); stderr:\n\(stderr)") {
            child.termination != nil && child.outputEnded()
        }
        return child.waitForTermination().status
    }

    /// The process's state and signal masks from /proc (Linux), for failure messages.
    var signalState: String {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return "no /proc entry" }
        return status.split(separator: "\n").filter { $0.hasPrefix("State") || $0.hasPrefix("Sig") }.joined(separator: ", ")
    }

    /// Sends `signal` to the process.
    func send(_ signal: Int32) {
        child.send(signal)
    }

    /// Kills the process if it is still running (SIGKILL: a child of a test thread may ignore SIGTERM).
    func killIfRunning() {
        if child.termination == nil { child.send(SIGKILL) }
    }
}

/// Runs `body` in a fresh world and stops the emulator afterwards, whether or not `body` threw.
func withRunLoopWorld(
    agentDelay: TimeInterval = 0, gate: AgentGate? = nil, agentCommand: String? = nil, plan: Plan = .starter,
    _ body: (RunLoopWorld) async throws -> Void
) async throws {
    let world = try await RunLoopWorld.start(agentDelay: agentDelay, gate: gate, agentCommand: agentCommand, plan: plan)
    do {
        try await body(world)
    } catch {
        await world.stop()
        throw error
    }
    await world.stop()
}

/// The run loop's end-to-end suites, one test at a time: each test drives several processes
/// (git, the CLI) against its own emulator, and 18 of them at once on a small machine took
/// longer than one after another (31 s against 16 s on 2 cores).
@Suite("Run loop, end to end", .serialized)
enum RunLoopEndToEnd {}
