import CodecloudAPI
import CodecloudTestSandbox
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A tiny blocking HTTP/1.1 server on 127.0.0.1 for tests that need real HTTP (the CLI's
/// `auth` commands and the production transport). One connection at a time, `Connection: close`, bodies
/// by Content-Length only. Not a substitute for the emulator, only enough to answer a handful of
/// requests from a handler.
public final class LoopbackHTTPServer: @unchecked Sendable {
    /// Decides the response to each request.
    public typealias Handler = @Sendable (HTTPRequest) -> HTTPResponse

    /// The port the server listens on.
    public let port: UInt16
    private let listener: Int32
    private let handler: Handler
    private let lock = NSLock()
    private var recorded: [HTTPRequest] = []
    private var stopped = false

    /// `http://127.0.0.1:<port>`.
    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// Every request received so far.
    public var requests: [HTTPRequest] { lock.withLock { recorded } }

    /// Starts listening on an ephemeral loopback port and serving on a background thread.
    public init(handler: @escaping Handler) throws {
        self.handler = handler
        (listener, port) = try listenOnLoopback()
        let thread = Thread { [self] in serve() }
        thread.start()
    }

    deinit { stop() }

    /// Stops accepting connections. Call it when done: the serving thread keeps the server alive.
    ///
    /// The serving thread closes the listener itself, once `accept` has failed: closed here,
    /// its number could be taken by another test's listener before that thread's next
    /// `accept`, which would then serve that test's connections with this server's handler.
    public func stop() {
        let wasRunning = lock.withLock {
            defer { stopped = true }
            return !stopped
        }
        if wasRunning {
            shutdown(listener, Int32(SHUT_RDWR))
        }
    }

    private func serve() {
        defer { close(listener) }
        while !lock.withLock({ stopped }) {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else {
                if errno == EINTR { continue }
                return
            }
            handle(connection)
            close(connection)
        }
    }

    private func handle(_ connection: Int32) {
        guard let request = readRequest(connection) else { return }
        lock.withLock { recorded.append(request) }
        let response = handler(request)
        var head = "HTTP/1.1 \(response.status) \(Self.reason(response.status))\r\n"
        var headers = response.headers
        headers["content-length"] = String(response.body.count)
        headers["connection"] = "close"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        writeAll(connection, Data(head.utf8) + response.body)
    }

    private func readRequest(_ connection: Int32) -> HTTPRequest? {
        var buffer = Data()
        var chunk = [UInt8](repeating: 0, count: 4096)
        let separator = Data("\r\n\r\n".utf8)
        var headerEnd: Range<Data.Index>?
        while headerEnd == nil {
            let count = read(connection, &chunk, chunk.count)
            guard count > 0 else { return nil }
            buffer.append(contentsOf: chunk[0..<count])
            headerEnd = buffer.range(of: separator)
        }
        guard let headerEnd else { return nil }
        let lines = String(decoding: buffer[..<headerEnd.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = lines.first?.split(separator: " ") ?? []
        guard requestLine.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].trimmingCharacters(in: .whitespaces)] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let contentLength = headers.first { $0.key.lowercased() == "content-length" }.flatMap { Int($0.value) } ?? 0
        var body = Data(buffer[headerEnd.upperBound...])
        while body.count < contentLength {
            let count = read(connection, &chunk, chunk.count)
            guard count > 0 else { break }
            body.append(contentsOf: chunk[0..<count])
        }
        let url = URL(string: String(requestLine[1]), relativeTo: baseURL)?.absoluteURL ?? baseURL
        return HTTPRequest(method: String(requestLine[0]), url: url, headers: headers, body: body.isEmpty ? nil : body)
    }

    private func writeAll(_ connection: Int32, _ data: Data) {
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(connection, raw.baseAddress! + offset, raw.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 204: "No Content"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 404: "Not Found"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}
