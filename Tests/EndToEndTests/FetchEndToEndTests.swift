import CodecloudCore
import CodecloudProcess
import CodecloudTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension RunLoopEndToEnd {
    /// Landing fetches with `git fetch`: whatever reaches the remote for git reaches it for us,
    /// and a remote that stops answering can neither hang the command nor survive Ctrl-C.
    @Suite("Fetching")
    struct Fetching {
        /// Makes a finished run whose PR branch is not in the clone yet; returns its id.
        func finishedRun(_ world: RunLoopWorld) async throws -> String {
            let made = try await world.codecloud("fix", "Add a CONTRIBUTING guide", "--no-checkout")
            try #require(made.status == 0, "\(made.stderr)")
            return try submittedRunID(in: made.stderr)
        }

        /// Every reference and HEAD, to show that nothing moved.
        func references(_ world: RunLoopWorld) async throws -> String {
            try await world.git("for-each-ref", "--format=%(refname) %(objectname)") + "\nHEAD " + world.git("symbolic-ref", "HEAD")
        }

        @Test("SIGINT to the CLI alone during a fetch from a server that never answers: exit 130 within 2 s, nothing changed")
        func interruptDuringAStuckFetch() async throws {
            try await withRunLoopWorld { world in
                let runID = try await finishedRun(world)
                let server = try SilentTCPServer()
                defer { server.stop() }
                try await world.git("remote", "set-url", "origin", "\(server.baseURL)/acme/widgets.git")
                let before = try await references(world)

                let cli = try world.launchCodecloud("checkout", runID)
                defer { cli.killIfRunning() }
                try await awaitCondition("git fetch never connected; stderr:\n\(cli.stderr)") { server.connections >= 1 }
                // To the CLI's pid only, as `kill` sends it: git, in the CLI's process group, gets
                // nothing from the terminal here; the CLI must stop it.
                let signalled = ContinuousClock.now
                cli.send(SIGINT)
                let status = try await cli.exitStatus(timeout: .seconds(30))
                let elapsed = ContinuousClock.now - signalled

                #expect(status == 130, "\(cli.stderr)")
                #expect(elapsed < .seconds(2), "took \(elapsed)")  // an upper bound, not a target
                #expect(cli.stderr.contains("error: git fetch from origin was interrupted; nothing was changed"), "\(cli.stderr)")
                #expect(cli.stderr.contains("hint: resume with 'git codecloud checkout \(runID)'"), "\(cli.stderr)")
                #expect(try await references(world) == before)
                #expect(try await world.git("status", "--porcelain").isEmpty)
                try await awaitCondition(timeout: .seconds(5), "git-remote-http still holds the connection") { server.openConnections == 0 }
            }
        }

        @Test("a transfer that stalls ends with a clear error (exit 1), not a hang")
        func stalledTransfer() async throws {
            try await withRunLoopWorld { world in
                let runID = try await finishedRun(world)
                let server = try SilentTCPServer()
                defer { server.stop() }
                try await world.git("remote", "set-url", "origin", "\(server.baseURL)/acme/widgets.git")
                // The user's own lowSpeedTime is kept; the default (30 s) would only make this slower.
                try await world.git("config", "http.lowSpeedTime", "1")
                let before = try await references(world)

                let result = try await world.codecloud("checkout", runID)

                #expect(result.status == 1, "\(result.stderr)")
                #expect(result.stderr.contains("error: git fetch from origin stalled: "), "\(result.stderr)")
                #expect(result.stderr.contains("Operation too slow"), "\(result.stderr)")
                #expect(try await references(world) == before)
            }
        }

        /// Lands run `runID` once, then puts a commit on its PR branch as someone else would
        /// (pushed, the clone's tracking ref left behind) and deletes the local branch: the
        /// next landing has one commit to fetch and a branch to create. Returns the branch.
        func landedThenMovedOn(_ runID: String, _ world: RunLoopWorld) async throws -> String {
            let branch = "codecloud/add-a-contributing-guide"
            let first = try await world.codecloud("checkout", runID)
            try #require(first.status == 0, "\(first.stderr)")
            let landed = try await world.git("rev-parse", "HEAD")
            _ = try await world.commit(file: "NOTES.md", contents: "a later commit on the PR branch\n", message: "Later")
            try await world.git("push", "--quiet", "origin", "HEAD:\(branch)")
            try await world.git("update-ref", "refs/remotes/origin/\(branch)", landed)
            try await world.git("checkout", "--quiet", "main")
            try await world.git("branch", "--quiet", "-D", branch)
            return branch
        }

        @Test("a run landed here before is fetched while the service is asked about it, and lands what the remote has now")
        func earlyFetchOfALandedRun() async throws {
            try await withRunLoopWorld { world in
                try await world.moveClock(by: -3600)  // the run finished an hour ago
                let runID = try await finishedRun(world)
                let branch = try await landedThenMovedOn(runID, world)

                let result = try await world.codecloud("checkout", runID, adding: ["CODECLOUD_DEBUG": "1"])

                #expect(result.status == 0, "\(result.stderr)")
                #expect(result.stderr.contains("codecloud: fetching origin/\(branch) while asking the service"), "\(result.stderr)")
                #expect(result.stderr.contains("landing took fetch (begun before the service answered) "), "\(result.stderr)")
                let tip = try await world.remoteTip(of: branch)
                #expect(try await world.git("rev-parse", "HEAD") == tip)
                #expect(try await world.git("rev-parse", "refs/remotes/origin/\(branch)") == tip)
                #expect(try await world.git("rev-parse", "--abbrev-ref", "@{u}") == "origin/\(branch)")
                #expect(try await world.git("status", "--porcelain").isEmpty)
            }
        }

        @Test("a run that finished later than the early fetch began is fetched again, so its last push is never missed")
        func earlyFetchOfARunThatFinishedSince() async throws {
            try await withRunLoopWorld { world in
                try await world.moveClock(by: 3600)  // the run's completedAt is after the answer's Date
                let runID = try await finishedRun(world)
                let branch = try await landedThenMovedOn(runID, world)

                let result = try await world.codecloud("checkout", runID, adding: ["CODECLOUD_DEBUG": "1"])

                #expect(result.status == 0, "\(result.stderr)")
                #expect(result.stderr.contains("codecloud: fetching origin/\(branch) while asking the service"), "\(result.stderr)")
                #expect(result.stderr.contains("landing took fetch ") && !result.stderr.contains("begun before the service answered) "),
                        "\(result.stderr)")
                #expect(try await world.git("rev-parse", "HEAD") == world.remoteTip(of: branch))
                #expect(try await world.git("status", "--porcelain").isEmpty)
            }
        }

        @Test("SIGINT while the service has not answered and the early fetch hangs: exit 130 within 2 s, git stopped, nothing changed")
        func interruptDuringAnEarlyFetch() async throws {
            try await withRunLoopWorld { world in
                let runID = try await finishedRun(world)
                _ = try await landedThenMovedOn(runID, world)
                let server = try SilentTCPServer()
                defer { server.stop() }
                try await world.git("remote", "set-url", "origin", "\(server.baseURL)/acme/widgets.git")
                try await world.injectFault(["path": "/api/v1/agents/run/*", "method": "GET", "count": 1, "kind": "delay", "delay_ms": 8_000])
                let before = try await references(world)

                let cli = try world.launchCodecloud("checkout", runID)
                defer { cli.killIfRunning() }
                // The fetch connected while the service's answer is still up to 8 s away.
                try await awaitCondition("the early git fetch never connected; stderr:\n\(cli.stderr)") { server.connections >= 1 }
                let signalled = ContinuousClock.now
                cli.send(SIGINT)
                let status = try await cli.exitStatus(timeout: .seconds(30))
                let elapsed = ContinuousClock.now - signalled

                #expect(status == 130, "\(cli.stderr)")
                #expect(elapsed < .seconds(2), "took \(elapsed)")  // an upper bound, not a target
                #expect(cli.stderr.contains("error: interrupted before codecloud answered; nothing was changed"), "\(cli.stderr)")
                #expect(cli.stderr.contains("hint: resume with 'git codecloud checkout \(runID)'"), "\(cli.stderr)")
                #expect(try await references(world) == before)
                try await awaitCondition(timeout: .seconds(5), "git-remote-http still holds the connection") { server.openConnections == 0 }
            }
        }

        @Test(
            "a remote reached through an ssh Host alias lands as git fetch would",
            .enabled(if: SSHServer.isAvailable, "sshd (openssh-server) is not installed: the ssh Host alias test is skipped"))
        func sshHostAlias() async throws {
            try await withRunLoopWorld { world in
                let home = world.sandbox.home
                let sshd = try SSHServer.start(
                    in: world.sandbox.scratch.appending("sshd"), serving: world.sandbox.scratch.appending("remotes"))
                defer { sshd.stop() }
                // OpenSSH reads the passwd entry's home, not $HOME, so the developer's ssh config
                // here is named through core.sshCommand in the HOME's ~/.gitconfig.
                try writeFile(home + "/.ssh/config", """
                    Host myalias
                    \tHostName 127.0.0.1
                    \tPort \(sshd.port)
                    \tUser \(sshd.user)
                    \tIdentityFile \(sshd.clientKey)
                    \tIdentitiesOnly yes
                    \tStrictHostKeyChecking no
                    \tUserKnownHostsFile \(home)/.ssh/known_hosts
                    \tBatchMode yes

                    """)
                try writeFile(home + "/.gitconfig", "[core]\n\tsshCommand = ssh -F \(home)/.ssh/config\n")
                try await world.git("remote", "set-url", "origin", "myalias:acme/widgets.git")

                let result = try await world.codecloud("fix", "Add a CONTRIBUTING guide")

                #expect(result.status == 0, "\(result.stderr)\nsshd:\n\(sshd.log)")
                let branch = "codecloud/add-a-contributing-guide"
                #expect(try await world.git("rev-parse", "--abbrev-ref", "HEAD") == branch)
                #expect(try await world.git("rev-parse", "--abbrev-ref", "@{u}") == "origin/\(branch)")
                #expect(try await world.git("rev-parse", "HEAD") == world.remoteTip(of: branch))
                #expect(try await world.git("status", "--porcelain").isEmpty)
                #expect(sshd.log.contains("Accepted publickey"), "the fetch went through sshd:\n\(sshd.log)")
            }
        }
    }
}

/// An sshd on 127.0.0.1 with its own host key, accepting one key generated for the test, whose
/// sessions run in `root` (so `myalias:acme/widgets.git` names `<root>/acme/widgets.git`).
final class SSHServer: @unchecked Sendable {
    static let executable = "/usr/sbin/sshd"
    static var isAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: executable) && FileManager.default.isExecutableFile(atPath: "/usr/bin/ssh-keygen")
    }

    let port: UInt16
    let user: String
    /// The private key the client logs in with.
    let clientKey: String
    private let pid: pid_t
    private var stopped = false
    private let logFile: String

    /// sshd's log so far (`-E`).
    var log: String { (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "" }

    private init(port: UInt16, user: String, clientKey: String, pid: pid_t, logFile: String) {
        self.port = port
        self.user = user
        self.clientKey = clientKey
        self.pid = pid
        self.logFile = logFile
    }

    static func start(in directory: String, serving root: String) throws -> SSHServer {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for key in ["host_key", "client_key"] {
            let made = try ProcessRunner.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", key, "-f", "\(directory)/\(key)"], in: directory, environment: ["PATH": "/usr/bin:/bin"])
            try #require(made.status == 0, "ssh-keygen: \(made.stderr)")
        }
        let publicKey = try String(contentsOfFile: "\(directory)/client_key.pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        // Sessions run git's command in the served directory, whatever the login's home is.
        try writeFile("\(directory)/authorized_keys", "command=\"cd '\(root)' && exec sh -c \\\"$SSH_ORIGINAL_COMMAND\\\"\",no-pty,no-port-forwarding \(publicKey)\n")
        let user = String(cString: getpwuid(getuid()).pointee.pw_name)
        let port = try freeLoopbackPort()
        try writeFile("\(directory)/sshd_config", """
            ListenAddress 127.0.0.1
            Port \(port)
            HostKey \(directory)/host_key
            AuthorizedKeysFile \(directory)/authorized_keys
            PidFile \(directory)/sshd.pid
            AllowUsers \(user)
            PermitRootLogin prohibit-password
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            UsePAM no
            StrictModes no
            LogLevel VERBOSE

            """)
        // sshd insists on its privilege separation directory, which only the service creates.
        if getuid() == 0 { try? FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true) }
        let logFile = "\(directory)/sshd.log"
        // Started and reaped with posix_spawn/waitpid rather than Foundation's Process, whose
        // SIGCHLD monitoring, shared with the in-process emulator's agent, then missed an exit
        // of the agent's git and left the run running for good.
        let pid = try Spawn.start(executable, ["-D", "-f", "\(directory)/sshd_config", "-E", logFile], in: directory, environment: ["PATH": "/usr/bin:/bin"])
        let server = SSHServer(port: port, user: user, clientKey: "\(directory)/client_key", pid: pid, logFile: logFile)
        // Listening once the log says so (or sshd ended with the reason in it).
        let deadline = Date().addingTimeInterval(30)
        while !server.log.contains("Server listening"), kill(pid, 0) == 0, Date() < deadline { usleep(20_000) }
        guard server.log.contains("Server listening") else {
            server.stop()
            throw ScratchError("sshd did not start:\n\(server.log)")
        }
        return server
    }

    func stop() {
        guard !stopped else { return }
        stopped = true
        kill(pid, SIGTERM)
        _ = Spawn.waitForExit(pid)
    }

    /// A port nothing listens on right now (bound to port 0, then released).
    private static func freeLoopbackPort() throws -> UInt16 {
        let probe = try SilentTCPServer()
        defer { probe.stop() }
        return probe.port
    }
}
