import CodecloudProcess
import Foundation

/// A response produced by `git http-backend`.
struct GitHTTPResponse: Sendable {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: Data
}

extension GitHost {
    /// Serves git's smart HTTP protocol for the bare repositories (`git clone
    /// http://127.0.0.1:PORT/owner/repo.git`, fetch and push) by running `git http-backend` as a
    /// CGI program, so clients can use an http remote as they would GitHub's https one.
    func serveHTTP(
        method: String, path: String, query: String?, headers: [String: String], body: Data
    ) async throws -> GitHTTPResponse {
        var cgi = environment
        cgi["GIT_PROJECT_ROOT"] = root.path
        cgi["GIT_HTTP_EXPORT_ALL"] = "1"
        cgi["REQUEST_METHOD"] = method
        cgi["PATH_INFO"] = path
        cgi["QUERY_STRING"] = query ?? ""
        cgi["CONTENT_TYPE"] = headers["content-type"] ?? ""
        cgi["CONTENT_LENGTH"] = String(body.count)
        cgi["REMOTE_ADDR"] = "127.0.0.1"
        cgi["REMOTE_USER"] = "emulator"
        cgi["SERVER_PROTOCOL"] = "HTTP/1.1"
        cgi["HTTP_CONTENT_ENCODING"] = headers["content-encoding"]
        cgi["GIT_PROTOCOL"] = headers["git-protocol"]
        // Pushes over http are accepted, as GitHub accepts them from an authorised user.
        cgi["GIT_CONFIG_COUNT"] = "1"
        cgi["GIT_CONFIG_KEY_0"] = "http.receivepack"
        cgi["GIT_CONFIG_VALUE_0"] = "true"
        let outcome = try await ChildProcess.runDetached(
            executable, ["http-backend"], in: FileManager.default.currentDirectoryPath, environment: cgi, input: body,
            limits: GitHost.limits(timeout: 120), ownProcessGroup: true)
        let output = outcome.stdoutBytes
        guard outcome.succeeded || !output.isEmpty else {
            throw GitHostError(message: "git http-backend failed: \(outcome.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return Self.parseCGI(output)
    }

    /// Splits CGI output into status, headers and body.
    static func parseCGI(_ output: Data) -> GitHTTPResponse {
        let bytes = [UInt8](output)
        var headerEnd = bytes.count
        var bodyStart = bytes.count
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
            if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") {
                headerEnd = index; bodyStart = index + 2; break
            }
            if index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: "\r"), bytes[index + 2] == UInt8(ascii: "\n") {
                headerEnd = index; bodyStart = index + 3; break
            }
        }
        var status = 200
        var headers: [(name: String, value: String)] = []
        for line in String(decoding: bytes[..<headerEnd], as: UTF8.self).split(whereSeparator: \.isNewline) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if name.lowercased() == "status" {
                status = Int(value.prefix(3)) ?? 500
            } else {
                headers.append((name, value))
            }
        }
        return GitHTTPResponse(status: status, headers: headers, body: Data(bytes[min(bodyStart, bytes.count)...]))
    }
}
