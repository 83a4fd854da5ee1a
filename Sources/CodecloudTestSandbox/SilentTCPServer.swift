import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A server on 127.0.0.1 that accepts every connection and never sends a byte: the server
/// that hangs a fetch (a dead proxy, a wedged load balancer). Connections stay open until
/// `stop()`; `connections` counts them, so a test can wait until a client is stuck on it.
public final class SilentTCPServer: @unchecked Sendable {  // mutable state is guarded by `lock`
    /// The port it listens on.
    public let port: UInt16
    private let listener: Int32
    private let lock = NSLock()
    private var accepted: [Int32] = []
    private var stopped = false

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// How many connections it has accepted so far.
    public var connections: Int { lock.withLock { accepted.count } }

    /// How many accepted connections the client has not closed yet (its process is alive).
    public var openConnections: Int {
        lock.withLock {
            accepted.filter { descriptor in
                // POLLRDHUP (0x2000, Linux): the peer closed its side, as the kernel does for a
                // process that ended. Unread request bytes do not count as activity.
                var entry = pollfd(fd: descriptor, events: Int16(0x2000), revents: 0)
                return poll(&entry, 1, 0) == 0 || entry.revents & Int16(0x2000 | Int(POLLHUP) | Int(POLLERR)) == 0
            }.count
        }
    }

    /// Starts listening on an ephemeral loopback port.
    public init() throws {
        (listener, port) = try listenOnLoopback()
        Thread { [self] in acceptForever() }.start()
    }

    deinit { stop() }

    /// Stops listening and closes every connection. The accepting thread closes the listener
    /// itself (see `LoopbackHTTPServer.stop`).
    public func stop() {
        let open: [Int32]? = lock.withLock {
            guard !stopped else { return nil }
            stopped = true
            defer { accepted = [] }
            return accepted
        }
        guard let open else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        open.forEach { _ = close($0) }
    }

    private func acceptForever() {
        defer { close(listener) }
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                return
            }
            let keep = lock.withLock {
                if !stopped { accepted.append(connection) }
                return !stopped
            }
            if !keep {
                close(connection)
                return
            }
        }
    }
}
