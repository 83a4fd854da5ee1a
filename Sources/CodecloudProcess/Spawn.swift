import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts child processes with posix_spawn, the way a shell would: in this process's own
/// process group, with default signal dispositions and nothing blocked. The one place in the
/// package that starts a process (`ChildProcess` runs one to completion on top of it) and the
/// one PATH lookup (`locate`).
///
/// Foundation's `Process` puts every child in a new process group. A child there is not in the
/// terminal's foreground group: Ctrl-C never reaches it, and a pager (`git diff` through less)
/// or an ssh passphrase prompt that reads the terminal is stopped by SIGTTIN, hanging the
/// command. It also hands the child the parent's signal mask only partly reset; here the mask
/// is always emptied, because the CLI blocks SIGINT and SIGTERM in every thread (`SignalRelay`).
public enum Spawn {
    /// Why a child could not be started.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
        public init(description: String) { self.description = description }
    }

    /// Descriptors the child gets as stdin, stdout and stderr; nil inherits the parent's.
    public struct Streams {
        public var input: Int32?
        public var output: Int32?
        public var error: Int32?

        public init(input: Int32? = nil, output: Int32? = nil, error: Int32? = nil) {
            self.input = input
            self.output = output
            self.error = error
        }
    }

    /// Serialises creating descriptors for children with starting them, so that no child
    /// inherits a pipe end meant for another (which would keep that pipe open past its
    /// writer's exit). Every descriptor made under it is close-on-exec as well.
    public static let lock = NSLock()

    /// Starts `executable` (a path, or a name looked up on `environment["PATH"]`) with
    /// `arguments` in `directory`, with `streams` as stdin, stdout and stderr (by default this
    /// process's own); returns its process id. Reap it with `waitForExit` or `terminationIfEnded`.
    public static func start(
        _ executable: String, _ arguments: [String], in directory: String, environment: [String: String], streams: Streams = Streams()
    ) throws -> pid_t {
        try lock.withLock { try spawn(executable, arguments, in: directory, environment: environment, streams: streams) }
    }

    /// `start` for descriptors made with `makePipe`; call with `lock` held (the descriptors in
    /// `streams` were made under it). `ownProcessGroup` puts the child in a new process group.
    /// `deferringInterrupts` starts it with SIGINT blocked: a Ctrl-C reaches this process (whose
    /// relay thread takes it) but not the child or what it starts, which run to their end (git
    /// writing the work tree: a checkout cut halfway leaves a half-written tree).
    public static func spawn(
        _ executable: String, _ arguments: [String], in directory: String, environment: [String: String], streams: Streams = Streams(),
        ownProcessGroup: Bool = false, deferringInterrupts: Bool = false
    ) throws -> pid_t {
        guard let located = locate(executable, searchPath: environment["PATH"], relativeTo: directory) else {
            throw Failure(description: "\(executable) was not found on PATH")
        }
        guard FileManager.default.fileExists(atPath: directory) else {
            throw Failure(description: "cannot start \(executable): the directory \(directory) does not exist")
        }
        var path = located
        var arguments = arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (descriptor, target) in [(streams.input, STDIN_FILENO), (streams.output, STDOUT_FILENO), (streams.error, STDERR_FILENO)] {
            if let descriptor { posix_spawn_file_actions_adddup2(&actions, descriptor, target) }
        }
        // The child gets its three streams and nothing else. Not every descriptor in this
        // process is close-on-exec: SwiftNIO opens its epoll instances and sockets without it,
        // so every git (and every hook, credential helper and `--verify` check under it) held
        // the API connection and the event loop's epoll, and a grandchild that outlived its
        // parent (`sleep 20 &`) kept a connection's other end from ever seeing it close.
        if let closeFrom = closeFromAction {
            let code = closeFrom(&actions, STDERR_FILENO + 1)
            guard code == 0 else { throw Failure(description: "cannot start \(executable): \(String(cString: strerror(code)))") }
        }
        if let addChdir = changeDirectoryAction {
            guard addChdir(&actions, directory) == 0 else { throw Failure(description: "cannot start \(executable) in \(directory)") }
        } else {
            // Before glibc 2.29 there is no chdir action: a shell changes directory, then execs.
            // (Always, rather than only when `directory` differs from ours: this layer does not
            // read the process's current directory; Environment carries it in.)
            arguments = ["-c", "cd -- \"$0\" && exec \"$@\"", directory, located] + arguments
            path = "/bin/sh"
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var blocked = sigset_t()
        sigemptyset(&blocked)
        if deferringInterrupts { sigaddset(&blocked, SIGINT) }
        posix_spawnattr_setsigmask(&attributes, &blocked)
        // exec resets handled signals by itself; of the ignored ones, only SIGPIPE is ours to undo
        // (the tool ignores it; git and pagers expect it). What the user's shell ignored (a
        // nohup'ed SIGHUP) stays ignored, as it would for a child of the shell.
        var ours = sigset_t()
        sigemptyset(&ours)
        sigaddset(&ours, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &ours)
        var flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
        if ownProcessGroup {
            // A child that never touches the terminal (its streams are pipes) and that the
            // caller stops as a whole, grandchildren included (`--verify`'s check).
            posix_spawnattr_setpgroup(&attributes, 0)
            flags |= POSIX_SPAWN_SETPGROUP
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        var code = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        // ETXTBSY: the program file is still open for writing somewhere, typically a script
        // just written by this process whose descriptor a concurrent fork inherited for an
        // instant. It clears on its own; try again briefly, as Go's os/exec does.
        var retries = 0
        while code == ETXTBSY, retries < 20 {
            retries += 1
            usleep(UInt32(5_000 * retries))
            code = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        }
        guard code == 0 else {
            throw Failure(description: "cannot start \(executable): \(String(cString: strerror(code)))")
        }
        return pid
    }

    /// How a child ended.
    public enum Termination: Sendable, Equatable {
        /// It called exit with this status.
        case exited(Int32)
        /// This signal killed it.
        case signalled(Int32)

        /// The status a shell reports: the exit status, or 128 + the signal.
        public var status: Int32 {
            switch self {
            case .exited(let status): status
            case .signalled(let signal): 128 + signal
            }
        }

        init(waitStatus status: Int32) {
            let signal = status & 0x7f
            self = signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
        }
    }

    /// Waits for `pid` to end; its exit status, or 128 + the signal that killed it.
    public static func waitForExit(_ pid: pid_t) -> Int32 {
        waitForTermination(pid).status
    }

    /// Waits for `pid` to end and reaps it (127 when it cannot be waited for).
    public static func waitForTermination(_ pid: pid_t) -> Termination {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return .exited(127) }
        }
        return Termination(waitStatus: status)
    }

    /// How `pid` ended if it has, reaping it; nil while it runs.
    public static func terminationIfEnded(_ pid: pid_t) -> Termination? {
        var status: Int32 = 0
        var code = waitpid(pid, &status, WNOHANG)
        while code < 0, errno == EINTR { code = waitpid(pid, &status, WNOHANG) }
        if code == 0 { return nil }
        if code < 0 { return .exited(127) }
        return Termination(waitStatus: status)
    }

    /// A pipe whose two ends are close-on-exec (a child gets one only through `Streams`).
    /// Call with `lock` held.
    public static func makePipe() throws -> (read: Int32, write: Int32) {
        var ends: [Int32] = [-1, -1]
        if let pipe2 = pipeWithFlags {
            // Atomically close-on-exec: no fork elsewhere in the process (Foundation's Process)
            // can catch the ends in between.
            guard pipe2(&ends, O_CLOEXEC) == 0 else { throw Failure(description: "cannot create a pipe: \(String(cString: strerror(errno)))") }
        } else {
            guard pipe(&ends) == 0 else { throw Failure(description: "cannot create a pipe: \(String(cString: strerror(errno)))") }
            for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        }
        return (ends[0], ends[1])
    }

    /// `pipe2`, which Swift's Glibc module does not declare either.
    private typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
    private static let pipeWithFlags: Pipe2? = symbol("pipe2").map { unsafeBitCast($0, to: Pipe2.self) }

    private static func symbol(_ name: String) -> UnsafeMutableRawPointer? {
        #if os(Linux)
        let everywhere: UnsafeMutableRawPointer? = nil  // RTLD_DEFAULT
        #else
        let everywhere = UnsafeMutableRawPointer(bitPattern: -2)  // RTLD_DEFAULT
        #endif
        return dlsym(everywhere, name)
    }

    /// The package's one PATH lookup: `name` itself when it contains a slash, else the first
    /// executable regular file `name` on `searchPath` (default `/usr/bin:/bin`). A relative
    /// entry (an empty one is `.`) is taken from `directory`, the directory the child starts
    /// in, as execvp would after the chdir; the result is absolute. Nil when there is none.
    public static func locate(_ name: String, searchPath: String?, relativeTo directory: String) -> String? {
        func isExecutableFile(_ path: String) -> Bool {
            var info = stat()
            return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG && access(path, X_OK) == 0
        }
        func absolute(_ path: String) -> String {
            path.hasPrefix("/") ? path : directory + "/" + path
        }
        if name.contains("/") { return isExecutableFile(absolute(name)) ? absolute(name) : nil }
        for entry in (searchPath ?? "/usr/bin:/bin").split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = absolute((entry.isEmpty ? "." : String(entry)) + "/" + name)
            if isExecutableFile(candidate) { return candidate }
        }
        return nil
    }

    /// `posix_spawn_file_actions_addchdir_np` (glibc 2.29+, macOS 10.15+), which Swift's Glibc
    /// module does not declare (it needs _GNU_SOURCE), looked up once at run time.
    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    private static let changeDirectoryAction: AddChdir? = symbol("posix_spawn_file_actions_addchdir_np").map { unsafeBitCast($0, to: AddChdir.self) }

    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34+; Debian 12 has 2.36), looked up
    /// the same way; without it (older glibc, macOS) children inherit what is not close-on-exec.
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private static let closeFromAction: AddCloseFrom? = symbol("posix_spawn_file_actions_addclosefrom_np").map { unsafeBitCast($0, to: AddCloseFrom.self) }
}
