import ArgumentParser
import CodecloudEmulator
import Foundation

/// `codecloud-emulator`: a local, stateful codecloud API with bare git repositories as the git host.
@main
struct EmulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codecloud-emulator",
        abstract: "Serve a local codecloud API backed by bare git repositories.",
        discussion: """
        Listens on 127.0.0.1 only and prints one line once it accepts connections: 'codecloud-emulator listening on http://127.0.0.1:PORT'.

        'owner/repo' is the bare repository DIR/owner/repo.git. Runs clone it, run the agent, and push PR branches named codecloud/<slug> back to it. Test hooks (faults, request log, clock, plan changes, reset) live under /_emulator/; the README's Emulator section lists them.

        Examples:
          $ codecloud-emulator --git-root /tmp/git --api-key cc_test
          $ codecloud-emulator --port 0 --git-root /tmp/git \\
              --api-key cc_test --api-key cc_team:pro --agent-delay 2
          $ codecloud-emulator --git-root /tmp/git --api-key cc_test \\
              --agent-command 'my-agent "$CODECLOUD_PROMPT"'
        """
    )

    @Option(help: "TCP port on 127.0.0.1; 0 picks a free one (read it from the 'listening on' line).")
    var port: Int = 8787

    @Option(help: ArgumentHelp("Directory of bare repositories: owner/repo is DIR/owner/repo.git.", valueName: "DIR"))
    var gitRoot: String

    @Option(help: ArgumentHelp(
        "An accepted API key, with its plan (starter: 1 concurrent run, the default; pro: 5; free: 1). Repeatable.",
        valueName: "KEY[:starter|pro]"
    ))
    var apiKey: [String] = []

    @Option(help: ArgumentHelp("The accounts' default repository, used when a run names none (otherwise repo is required).", valueName: "OWNER/REPO"))
    var defaultRepo: String?

    @Option(help: ArgumentHelp(
        "Agent to run through /bin/sh -c in the run's workspace, with CODECLOUD_PROMPT, CODECLOUD_MODE, CODECLOUD_RUN_ID, CODECLOUD_TOOLS_FILE and CODECLOUD_FOLLOWUP set. Its stdout becomes the result (or plan); a non-zero exit fails the run with the end of its stderr. Default: a built-in deterministic agent.",
        valueName: "CMD"
    ))
    var agentCommand: String?

    @Option(help: ArgumentHelp("Seconds before an agent is killed and its run failed.", valueName: "S"))
    var agentTimeout: Double = 600

    @Option(help: ArgumentHelp("Seconds each run and follow-up waits before its agent starts.", valueName: "S"))
    var agentDelay: Double = 0

    @Option(help: ArgumentHelp("Secret for the X-Codecloud-Signature header (hex HMAC-SHA256 of the body).", valueName: "S"))
    var webhookSecret: String?

    @Option(help: ArgumentHelp("Multiplies the webhook retry delays of 1 s, 5 s and 30 s.", valueName: "F"))
    var webhookRetryScale: Double = 1

    @Option(help: ArgumentHelp("JSON file that keeps the state across restarts (workspaces go to FILE.work).", valueName: "FILE"))
    var state: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0-65535") }
        guard !apiKey.isEmpty else {
            throw ValidationError("at least one --api-key is required, e.g. --api-key cc_test")
        }
        for argument in apiKey where APIKey(argument: argument) == nil {
            throw ValidationError("--api-key '\(argument.split(separator: ":").last ?? "")' has an unknown plan; use KEY, KEY:starter or KEY:pro")
        }
        if let defaultRepo, defaultRepo.split(separator: "/").count != 2 {
            throw ValidationError("--default-repo must be OWNER/REPO")
        }
        guard agentTimeout > 0 else { throw ValidationError("--agent-timeout must be greater than 0") }
        guard agentDelay >= 0 else { throw ValidationError("--agent-delay must be 0 or more") }
        guard webhookRetryScale >= 0 else { throw ValidationError("--webhook-retry-scale must be 0 or more") }
    }

    func run() async throws {
        let configuration = EmulatorConfiguration(
            port: port,
            gitRoot: URL(fileURLWithPath: gitRoot, isDirectory: true),
            apiKeys: apiKey.compactMap(APIKey.init(argument:)),
            defaultRepository: defaultRepo,
            agentCommand: agentCommand,
            agentTimeout: agentTimeout,
            agentDelay: agentDelay,
            webhookSecret: webhookSecret,
            webhookRetryScale: webhookRetryScale,
            stateFile: state.map { URL(fileURLWithPath: $0) }
        )
        let emulator: Emulator
        do {
            emulator = try await Emulator.start(configuration)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
        // An agent that exits without reading its stdin must not take the emulator down.
        signal(SIGPIPE, SIG_IGN)
        FileHandle.standardOutput.write(Data("codecloud-emulator listening on \(emulator.baseURL.absoluteString)\n".utf8))
        await Self.waitForTerminationSignal()
        await emulator.stop()
    }

    /// Returns on SIGINT or SIGTERM, so the emulator can stop cleanly.
    private static func waitForTerminationSignal() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let once = SignalOnce(continuation)
            for signalNumber in [SIGINT, SIGTERM] {
                signal(signalNumber, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
                source.setEventHandler { once.fire() }
                source.resume()
                SignalOnce.sources.append(source)
            }
        }
    }
}

/// Resumes the waiting `run()` once, whichever signal comes first.
private final class SignalOnce: @unchecked Sendable {
    nonisolated(unsafe) static var sources: [any DispatchSourceSignal] = []
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Void, Never>?

    init(_ continuation: CheckedContinuation<Void, Never>) { self.continuation = continuation }

    func fire() {
        lock.lock()
        let pending = continuation
        continuation = nil
        lock.unlock()
        pending?.resume()
    }
}
