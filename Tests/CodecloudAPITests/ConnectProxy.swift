import CodecloudTestSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An HTTP proxy on loopback that answers `CONNECT host:port` by tunnelling to `target` (a
/// loopback port) whatever the host named, and records each CONNECT line and its headers.
final class ConnectProxy: @unchecked Sendable {  // `recorded` guarded by `lock`
    let port: UInt16
    private let listener: Int32
    private let target: UInt16
    private let lock = NSLock()
    private var recorded: [String] = []

    /// The head of each CONNECT request received (request line and headers).
    var connects: [String] { lock.withLock { recorded } }

    init(tunnellingTo target: UInt16) throws {
        self.target = target
        (listener, port) = try listenOnLoopback()
        Thread { [self] in acceptLoop() }.start()
    }

    /// Stops accepting. The accepting thread closes the listener itself (see
    /// `LoopbackHTTPServer.stop`).
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
    }

    private func acceptLoop() {
        defer { close(listener) }
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { if errno == EINTR { continue } else { return } }
            Thread { [self] in tunnel(client) }.start()
        }
    }

    private func tunnel(_ client: Int32) {
        var head = Data()
        var byte: UInt8 = 0
        while !head.hasSuffix("\r\n\r\n"), read(client, &byte, 1) == 1 { head.append(byte) }
        lock.withLock { recorded.append(String(decoding: head, as: UTF8.self)) }
        let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = target.bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(client); close(upstream); return }
        let reply = Array("HTTP/1.1 200 Connection established\r\n\r\n".utf8)
        _ = write(client, reply, reply.count)
        Thread { Self.copy(from: upstream, to: client) }.start()
        Self.copy(from: client, to: upstream)
    }

    private static func copy(from source: Int32, to destination: Int32) {
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = read(source, &buffer, buffer.count)
            guard count > 0, write(destination, buffer, count) == count else { break }
        }
        shutdown(destination, Int32(SHUT_WR))
        shutdown(source, Int32(SHUT_RD))
    }
}

private extension Data {
    func hasSuffix(_ text: String) -> Bool { count >= text.utf8.count && suffix(text.utf8.count) == Data(text.utf8) }
}
