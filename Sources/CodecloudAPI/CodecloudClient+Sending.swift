import Foundation

extension CodecloudClient {
    /// Statuses worth another attempt for a repeatable call: throttling and gateway trouble.
    static let retryableStatuses: Set<Int> = [429, 502, 503, 504]
    /// Gateway statuses after which the origin may or may not have acted on a request.
    static let gatewayStatuses: Set<Int> = [502, 503, 504]

    /// Sends `call` with the retry policy; returns a 2xx response or throws `APIError`.
    func perform(_ call: APICall) async throws -> HTTPResponse {
        let request = try buildRequest(for: call)
        let policy = configuration.retryPolicy
        // With the port when there is one: a wrong port is the usual reason a local URL fails.
        let host = request.url.host.map { host in request.url.port.map { "\(host):\($0)" } ?? host } ?? request.url.absoluteString
        var waited: TimeInterval = 0
        var earlierAttemptMayHaveArrived = false
        var attempt = 0

        while true {
            attempt += 1
            let clock = ContinuousClock()
            let started = clock.now
            let logPrefix = "codecloud: \(call.method) \(request.url.absoluteString)"
            let response: HTTPResponse
            do {
                response = try await transport.send(request)
            } catch let error where Self.isCancellation(error) {
                throw error
            } catch {
                let elapsed = Self.milliseconds(started.duration(to: clock.now))
                let description = Self.describe(error)
                let mayHaveArrived = Self.mayHaveReachedServer(error)
                if call.replay == .onlyIfNeverSent && mayHaveArrived {
                    log("\(logPrefix) → \(description) after \(elapsed) ms (attempt \(attempt)/\(policy.maxAttempts)); outcome unknown, not retrying")
                    throw APIError(.outcomeUnknown(method: call.method, path: call.path), method: call.method, path: call.path, resource: call.resource)
                }
                let failure = APIError(.network(host: host, underlying: description), method: call.method, path: call.path, resource: call.resource)
                // A setting that cannot work (an unusable proxy variable) fails the same way again.
                let permanent = (error as? TransportError)?.code == .unusableSetting
                guard !permanent, let wait = policy.delay(afterAttempt: attempt, waitedSoFar: waited, retryAfter: nil) else {
                    log("\(logPrefix) → \(description) after \(elapsed) ms (attempt \(attempt)/\(policy.maxAttempts)); giving up")
                    throw failure
                }
                log("\(logPrefix) → \(description) after \(elapsed) ms (attempt \(attempt)/\(policy.maxAttempts)); retrying in \(Self.seconds(wait))")
                if call.replay == .onlyIfNeverSent {
                    configuration.notice?("\(call.method) \(call.path) never reached \(host) (\(description)); sending it again in \(Self.seconds(wait))")
                }
                earlierAttemptMayHaveArrived = earlierAttemptMayHaveArrived || mayHaveArrived
                waited += wait
                try await policy.sleep(wait)
                continue
            }

            let elapsed = Self.milliseconds(started.duration(to: clock.now))
            let summary = "\(logPrefix) → \(response.status) in \(elapsed) ms (attempt \(attempt)/\(policy.maxAttempts))"
            if (200..<300).contains(response.status) {
                log(summary)
                return response
            }
            // A DELETE repeated after an attempt that may have gone through finds nothing left.
            if call.method == "DELETE" && response.status == 404 && earlierAttemptMayHaveArrived {
                log(summary + "; an earlier attempt already deleted it")
                return response
            }
            let retryAfter = policy.retryAfterSeconds(response.headers["retry-after"])
            if call.replay == .onlyIfNeverSent && Self.gatewayStatuses.contains(response.status) {
                log(summary + "; outcome unknown, not retrying")
                throw APIError(.outcomeUnknown(method: call.method, path: call.path), method: call.method, path: call.path, retryAfter: retryAfter, resource: call.resource)
            }
            let failure = httpError(response, call: call, retryAfter: retryAfter)
            guard Self.mayRepeat(call, afterStatus: response.status, retryAfter: retryAfter),
                  let wait = policy.delay(afterAttempt: attempt, waitedSoFar: waited, retryAfter: retryAfter)
            else {
                log(summary)
                throw failure
            }
            log(summary + "; retrying in \(Self.seconds(wait))")
            if call.replay == .onlyIfNeverSent {
                configuration.notice?("codecloud refused \(call.method) \(call.path) for now (HTTP \(response.status)) and asked to wait; sending it again in \(Self.seconds(wait))")
            }
            earlierAttemptMayHaveArrived = true
            waited += wait
            try await policy.sleep(wait)
        }
    }

    private func buildRequest(for call: APICall) throws -> HTTPRequest {
        let base = configuration.baseURL.absoluteString.trimmingSuffix("/")
        guard var components = URLComponents(string: base + call.path) else {
            throw APIError(.insecureURL(configuration.baseURL.absoluteString), method: call.method, path: call.path)
        }
        if !call.query.isEmpty { components.queryItems = call.query }
        guard let url = components.url else {
            throw APIError(.insecureURL(configuration.baseURL.absoluteString), method: call.method, path: call.path)
        }
        var headers = call.headers
        headers["User-Agent"] = configuration.userAgent
        headers["Accept"] = "application/json"
        if call.body != nil { headers["Content-Type"] = "application/json" }
        if call.authenticated, let key = configuration.apiKey {
            guard Self.maySendKey(to: url) else {
                throw APIError(.insecureURL(configuration.baseURL.absoluteString), method: call.method, path: call.path)
            }
            headers["Authorization"] = "Bearer \(key)"
        }
        return HTTPRequest(method: call.method, url: url, headers: headers, body: call.body)
    }

    private func httpError(_ response: HTTPResponse, call: APICall, retryAfter: TimeInterval?) -> APIError {
        struct ErrorBody: Decodable {
            var error: String?
            var message: String?
        }
        let body = try? JSONDecoder().decode(ErrorBody.self, from: response.body)
        return APIError(
            .http(status: response.status, code: body?.error, message: body?.message),
            method: call.method, path: call.path, retryAfter: retryAfter, resource: call.resource)
    }

    private func log(_ line: String) {
        configuration.logger?(line)
    }

    // MARK: Classification

    /// Whether the key may go to `url`: https anywhere, plain http only to loopback
    /// (127.0.0.0/8, ::1, localhost), where nothing leaves the machine.
    static func maySendKey(to url: URL) -> Bool {
        switch url.scheme?.lowercased() {
        case "https": return true
        case "http": return isLoopback(host: url.host ?? "")
        default: return false
        }
    }

    /// Whether `host` names this machine's loopback interface.
    static func isLoopback(host: String) -> Bool {
        let host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.first == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// False only for failures that happen before any byte of the request leaves this machine
    /// (name resolution, refused connection); everything else may have reached the server.
    static func mayHaveReachedServer(_ error: any Error) -> Bool {
        guard let failure = error as? TransportError else { return true }
        switch failure.code {
        case .cannotFindHost, .cannotConnectToHost, .connectTimedOut, .proxyFailed, .unsupportedURL, .unusableSetting:
            return false
        default:
            return true
        }
    }

    /// Whether an answer with `status` may be followed by another attempt. A repeatable call
    /// is repeated on throttling and gateway trouble. A call without idempotency only on a 429
    /// that says when to come back: the service refused it, so nothing was created, and
    /// `Retry-After` shows the refusal is temporary.
    static func mayRepeat(_ call: APICall, afterStatus status: Int, retryAfter: TimeInterval?) -> Bool {
        switch call.replay {
        case .whenRetryable: retryableStatuses.contains(status)
        case .onlyIfNeverSent: status == 429 && retryAfter != nil
        }
    }

    static func isCancellation(_ error: any Error) -> Bool {
        error is CancellationError || (error as? TransportError)?.code == .cancelled
    }

    /// A short human description of a transport failure.
    static func describe(_ error: any Error) -> String {
        guard let failure = error as? TransportError else { return String(describing: error) }
        switch failure.code {
        case .cannotConnectToHost: return "connection refused"
        case .cannotFindHost: return "host not found"
        case .connectTimedOut: return "timed out connecting"
        case .timedOut: return "timed out"
        case .networkConnectionLost: return "the connection closed without an answer"
        case .cannotParseResponse: return "the answer could not be read"
        case .responseTooLarge: return "the answer was too large (over \(HTTPClientTransport.maximumResponseBytes >> 20) MiB)"
        case .secureConnectionFailed: return "TLS failed"
        case .proxyFailed: return failure.detail.isEmpty ? "the proxy failed" : "the proxy failed (\(failure.detail))"
        case .unsupportedURL: return "the URL is not usable"
        case .unusableSetting: return failure.detail
        case .cancelled: return "cancelled"
        case .other: return failure.detail.isEmpty ? "network error" : "network error (\(failure.detail))"
        }
    }

    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }

    static func seconds(_ interval: TimeInterval) -> String {
        String(format: "%.1f s", interval)
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        var text = self
        while text.hasSuffix(suffix) { text.removeLast(suffix.count) }
        return text
    }
}
