import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// A running codecloud emulator: the API on 127.0.0.1, bare git repositories as the git host.
///
///     let emulator = try await Emulator.start(EmulatorConfiguration(gitRoot: root, apiKeys: [APIKey("cc_test")]))
///     defer { Task { await emulator.stop() } }
///     // talk to emulator.baseURL …
public final class Emulator: Sendable {
    /// The bound TCP port (useful when the configuration asked for port 0).
    public let port: Int
    /// `http://127.0.0.1:<port>`.
    public let baseURL: URL
    /// The clock driving timestamps and schedules; advance it with `advanceClock(by:)`.
    public let clock: any EmulatorClock
    /// The directory of bare repositories standing in for GitHub.
    public let gitRoot: URL

    private let service: EmulatorService
    private let serviceGroup: ServiceGroup
    private let serverTask: Task<Void, any Error>
    private let schedulerTask: Task<Void, Never>
    private let temporaryDirectory: URL?

    private init(
        port: Int, clock: any EmulatorClock, gitRoot: URL, service: EmulatorService, serviceGroup: ServiceGroup,
        serverTask: Task<Void, any Error>, schedulerTask: Task<Void, Never>, temporaryDirectory: URL?
    ) {
        self.port = port
        baseURL = URL(string: "http://127.0.0.1:\(port)")!
        self.clock = clock
        self.gitRoot = gitRoot
        self.service = service
        self.serviceGroup = serviceGroup
        self.serverTask = serverTask
        self.schedulerTask = schedulerTask
        self.temporaryDirectory = temporaryDirectory
    }

    /// Starts an emulator and returns once it accepts connections.
    public static func start(_ configuration: EmulatorConfiguration) async throws -> Emulator {
        let clock = configuration.clock ?? SystemClock()
        var temporaryDirectory: URL?
        let workDirectory: URL
        if let directory = configuration.workDirectory {
            workDirectory = directory
        } else if let stateFile = configuration.stateFile {
            // Workspaces must outlive a restart for follow-ups, so they live beside the state.
            workDirectory = stateFile.appendingPathExtension("work")
        } else {
            workDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("codecloud-emulator-\(UUID().uuidString)")
            temporaryDirectory = workDirectory
        }
        let workspaces = workDirectory.appendingPathComponent("workspaces", isDirectory: true)
        try FileManager.default.createDirectory(at: workspaces, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: configuration.gitRoot, withIntermediateDirectories: true)

        let inherited = ProcessInfo.processInfo.environment
        let gitHost = try GitHost(
            root: configuration.gitRoot, home: workDirectory.appendingPathComponent("home", isDirectory: true),
            searchPath: inherited["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        )
        let agent: any Agent = configuration.agentCommand.map {
            CommandAgent(command: $0, timeout: configuration.agentTimeout, baseEnvironment: inherited)
        } ?? BuiltInAgent()
        let webhooks = WebhookDispatcher(secret: configuration.webhookSecret, retryScale: configuration.webhookRetryScale)
        let store: any StateStore = configuration.stateFile.map { FileStateStore(file: $0) } ?? MemoryStateStore()
        let service = try EmulatorService(
            store: store, clock: clock, gitHost: gitHost, agent: agent, webhooks: webhooks,
            workspaces: workspaces, agentDelay: configuration.agentDelay, keys: configuration.apiKeys,
            defaultRepository: configuration.defaultRepository, agentGate: configuration.agentGate
        )
        let responder = EmulatorResponder(
            service: service, gitHost: gitHost, faults: FaultInjector(), webhooks: webhooks, clock: clock,
            keys: Dictionary(configuration.apiKeys.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last }),
            defaultRepository: configuration.defaultRepository
        )

        var logger = Logger(label: "codecloud-emulator")
        logger.logLevel = .critical
        let bound = BoundPort()
        let application = Application(
            responder: responder,
            configuration: .init(address: .hostname("127.0.0.1", port: configuration.port), serverName: "codecloud-emulator"),
            onServerRunning: { channel in bound.resolve(.success(channel.localAddress?.port ?? 0)) },
            logger: logger
        )
        let serviceGroup = ServiceGroup(configuration: .init(services: [application], gracefulShutdownSignals: [], logger: logger))
        let serverTask = Task {
            do {
                try await serviceGroup.run()
                bound.resolve(.failure(EmulatorError(message: "the server stopped before it started listening")))
            } catch {
                bound.resolve(.failure(error))
                throw error
            }
        }
        let port: Int
        do {
            port = try await bound.value()
        } catch {
            throw EmulatorError(message: "could not listen on 127.0.0.1:\(configuration.port): \(error)")
        }
        await service.start(baseURL: "http://127.0.0.1:\(port)")
        let interval = configuration.schedulerInterval
        let schedulerTask = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(interval))
                await service.fireDueSchedules()
            }
        }
        return Emulator(
            port: port, clock: clock, gitRoot: configuration.gitRoot, service: service, serviceGroup: serviceGroup, serverTask: serverTask,
            schedulerTask: schedulerTask, temporaryDirectory: temporaryDirectory
        )
    }

    /// Where `owner/repo` lives: the bare repository a client fetches PR branches from.
    public func repositoryURL(for repo: String) -> URL {
        gitRoot.appendingPathComponent("\(repo).git", isDirectory: true)
    }

    /// Moves the emulator's clock forward and fires the schedules that became due.
    public func advanceClock(by interval: TimeInterval) async {
        clock.advance(by: interval)
        await service.fireDueSchedules()
    }

    /// Stops listening, cancels executing runs and removes the temporary work directory.
    public func stop() async {
        schedulerTask.cancel()
        await service.stop()
        await serviceGroup.triggerGracefulShutdown()
        _ = await serverTask.result
        if let temporaryDirectory { try? FileManager.default.removeItem(at: temporaryDirectory) }
    }
}

/// Why the emulator could not start.
public struct EmulatorError: Error, Sendable, CustomStringConvertible {
    /// One line saying what went wrong.
    public var message: String
    public var description: String { message }
}

/// Hands the bound port from the server's start-up callback to `Emulator.start`.
private final class BoundPort: Sendable {
    private let state = Locked<(result: Result<Int, any Error>?, waiter: CheckedContinuation<Int, any Error>?)>((nil, nil))

    func resolve(_ result: Result<Int, any Error>) {
        let waiter = state.withLock { state -> CheckedContinuation<Int, any Error>? in
            guard state.result == nil else { return nil }
            state.result = result
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(with: result)
    }

    func value() async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            let ready = state.withLock { state -> Result<Int, any Error>? in
                if let result = state.result { return result }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}
