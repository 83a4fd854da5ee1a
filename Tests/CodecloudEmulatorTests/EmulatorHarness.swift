import CodecloudProcess
import CodecloudTestSandbox
import Foundation
import Testing
@testable import CodecloudEmulator
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// An in-process emulator on an ephemeral port with its own git root, plus helpers to talk to it.
struct EmulatorHarness {
    let emulator: Emulator
    /// The harness's scratch directory (removed at `stop()`).
    let scratchDirectory: ScratchDirectory
    var scratch: URL { scratchDirectory.url }
    let gitRoot: URL
    let clock: ManualClock
    let key: String

    /// Starts an emulator; `configure` may adjust the configuration first.
    static func start(
        keys: [APIKey] = [APIKey("cc_test")],
        configure: (inout EmulatorConfiguration) -> Void = { _ in }
    ) async throws -> EmulatorHarness {
        let scratchDirectory = try ScratchDirectory(prefix: "emulator-tests")
        let scratch = scratchDirectory.url
        let gitRoot = scratch.appendingPathComponent("git", isDirectory: true)
        let clock = ManualClock(start: Date(timeIntervalSince1970: 1_767_225_600)) // 2026-01-01T00:00:00Z
        var configuration = EmulatorConfiguration(
            gitRoot: gitRoot, apiKeys: keys,
            workDirectory: scratch.appendingPathComponent("work"), clock: clock, schedulerInterval: 0.05
        )
        configure(&configuration)
        let emulator = try await Emulator.start(configuration)
        return EmulatorHarness(
            emulator: emulator, scratchDirectory: scratchDirectory, gitRoot: configuration.gitRoot, clock: clock,
            key: keys.first?.key ?? ""
        )
    }

    /// Runs `body` against a fresh emulator, then stops it and removes its files (also on failure).
    static func with(
        keys: [APIKey] = [APIKey("cc_test")],
        configure: (inout EmulatorConfiguration) -> Void = { _ in },
        _ body: (EmulatorHarness) async throws -> Void
    ) async throws {
        let harness = try await start(keys: keys, configure: configure)
        do {
            try await body(harness)
        } catch {
            await harness.stop()
            throw error
        }
        await harness.stop()
    }

    /// Stops the emulator and removes its files.
    func stop() async {
        await emulator.stop()
        scratchDirectory.remove()
    }

    /// Creates the bare repository `owner/repo` with one commit on `branch` (its HEAD).
    @discardableResult
    func makeRepository(_ repo: String, branch: String = "main") async throws -> URL {
        let bare = gitRoot.appendingPathComponent("\(repo).git")
        try FileManager.default.createDirectory(at: bare.deletingLastPathComponent(), withIntermediateDirectories: true)
        try await git(["init", "--quiet", "--bare", "--initial-branch", branch, bare.path])
        let seed = scratch.appendingPathComponent("seed-\(UUID().uuidString)")
        try await git(["clone", "--quiet", bare.path, seed.path])
        try "# \(repo)\n".write(to: seed.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        try await git(["add", "README.md"], in: seed)
        try await git(["commit", "--quiet", "-m", "Initial commit"], in: seed)
        try await git(["push", "--quiet", "origin", "HEAD:refs/heads/\(branch)"], in: seed)
        return bare
    }

    /// Runs git with a private HOME and no system or user configuration; returns stdout.
    @discardableResult
    func git(_ arguments: [String], in directory: URL? = nil) async throws -> String {
        let home = scratchDirectory.appending("home")
        try DeveloperHome.make(at: home)
        let environment = DeveloperHome.variables(home: home)
        let outcome = try await ChildProcess.runDetached(
            "git", arguments, in: directory?.path ?? FileManager.default.currentDirectoryPath, environment: environment,
            limits: ChildProcessLimits(deadline: .seconds(60)))
        guard outcome.succeeded else {
            throw HarnessError("git \(arguments.joined(separator: " ")) failed: \(outcome.stderr)")
        }
        return outcome.stdout
    }

    // MARK: HTTP

    /// Sends a request to the emulator; `body` is encoded as JSON unless it is raw `Data`.
    func request(
        _ method: String, _ path: String, body: Any? = nil, key: String?? = .none, headers: [String: String] = [:],
        freshConnection: Bool = false
    ) async throws -> HTTPResult {
        var request = URLRequest(url: URL(string: emulator.baseURL.absoluteString + path)!)
        request.httpMethod = method
        let bearer: String? = switch key {
        case .none: self.key
        case .some(let explicit): explicit
        }
        if let bearer { request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let data = body as? Data {
            request.httpBody = data
        } else if let body {
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        // A fresh session has no pooled connection that a dropped answer would make it silently retry on.
        let session = freshConnection ? URLSession(configuration: .ephemeral) : URLSession.shared
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields { fields[String(describing: name).lowercased()] = String(describing: value) }
        return HTTPResult(status: http.statusCode, headers: fields, body: data)
    }

    /// Creates a run and returns its id.
    func createRun(_ fields: [String: Any]) async throws -> String {
        let response = try await request("POST", "/api/v1/agents", body: fields)
        #expect(response.status == 201, "\(response.text)")
        return try #require(response.json["id"] as? String)
    }

    /// The run's detail.
    func run(_ id: String) async throws -> [String: Any] {
        let response = try await request("GET", "/api/v1/agents/run/\(id)")
        #expect(response.status == 200, "\(response.text)")
        return response.json
    }

    /// Waits until the run reaches `status` (or fails the test at the deadline).
    @discardableResult
    func waitForRun(_ id: String, status: String, timeout: Duration = .seconds(60)) async throws -> [String: Any] {
        var last: [String: Any] = [:]
        try await awaitCondition(timeout: timeout, "run \(id) never reached \(status): \(last)") {
            last = try await run(id)
            return last["status"] as? String == status
        }
        return last
    }
}

/// An HTTP answer as tests look at it.
struct HTTPResult {
    var status: Int
    var headers: [String: String]
    var body: Data

    var text: String { String(decoding: body, as: UTF8.self) }
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }

    /// The error body's message.
    var message: String { json["message"] as? String ?? "" }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Parses the wire's ISO 8601 timestamps.
func timestamp(_ value: Any?) -> Date? {
    (value as? String).flatMap(WireCoding.parseTimestamp)
}
