import CodecloudAPI
import Foundation

extension APIError: PresentableError {
    public var message: String {
        switch kind {
        case .http(401, let code, let serverMessage):
            return "codecloud did not accept the API key" + Self.verbatim(status: 401, code: code, message: serverMessage)
        case .http(404, let code, let serverMessage):
            return "\(resourceDescription ?? "\(method) \(path)") was not found on codecloud" + Self.verbatim(status: 404, code: code, message: serverMessage)
        case .http(429, let code, let serverMessage):
            return "codecloud is limiting requests" + Self.verbatim(status: 429, code: code, message: serverMessage)
        case .http(let status, let code, let serverMessage) where status >= 500:
            return "the codecloud service failed" + Self.verbatim(status: status, code: code, message: serverMessage)
        case .http(let status, let code, let serverMessage):
            return "codecloud refused the request" + Self.verbatim(status: status, code: code, message: serverMessage)
        case .network(let host, let underlying):
            return "cannot reach \(host): \(underlying)"
        case .undecodable(let status, let excerpt):
            return "unexpected response from codecloud (HTTP \(status)): \(excerpt)"
        case .insecureURL(let url):
            return "refusing to send the API key over plain http to \(url)"
        case .outcomeUnknown:
            return "the \(createdThing) may or may not have been created: the connection failed after the request was sent"
        }
    }

    public var hint: String? {
        switch kind {
        case .http(401, _, _):
            return "run 'git codecloud auth login' to store a valid key"
        case .http(404, _, _):
            switch resource {
            case .run: return "list your runs with 'git codecloud list'"
            case .schedule: return "list your schedules with 'git codecloud schedule list'"
            case nil: return nil
            }
        case .http(429, _, _):
            return retryAfter.map { "try again in \(wholeSeconds($0)) s" } ?? "try again in a minute"
        case .http(let status, _, _) where status >= 500:
            return "try again later; set CODECLOUD_DEBUG=1 to log the requests"
        case .http:
            return nil
        case .network(_, let underlying) where underlying.contains("proxy"):
            // Both proxy failures the transport describes ("… is not a usable proxy", "the proxy failed").
            return "check the proxy variables (https_proxy, http_proxy, all_proxy, no_proxy; see ENVIRONMENT in git help codecloud)"
        case .network:
            return "check the network connection and the service URL (CODECLOUD_API_URL or git config codecloud.url)"
        case .undecodable:
            return "check that CODECLOUD_API_URL or git config codecloud.url points at codecloud"
        case .insecureURL:
            return "use an https:// URL; plain http is allowed only for loopback hosts (127.0.0.1, ::1, localhost)"
        case .outcomeUnknown:
            return path.hasPrefix("/api/v1/schedules")
                ? "check with 'git codecloud schedule list' before creating it again"
                : "check with 'git codecloud list' before submitting again"
        }
    }

    public var exitCode: CodecloudExitCode {
        status == 401 ? .authenticationRequired : .failure
    }

    private var createdThing: String {
        path.hasPrefix("/api/v1/schedules") ? "schedule" : "run"
    }

    private var resourceDescription: String? {
        switch resource {
        case .run(let id): "run '\(id)'"
        case .schedule(let id): "schedule '\(id)'"
        case nil: nil
        }
    }

    /// ` (HTTP 400: Validation Error: repo: …)`: the server's own words, verbatim.
    private static func verbatim(status: Int, code: String?, message: String?) -> String {
        // On one line: a server message with newlines must not forge `hint:` lines of its own.
        " (HTTP \(status)" + [code, message].compactMap { $0 }.filter { !$0.isEmpty }
            .map { ": " + $0.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" || $0 == "\t" }).joined(separator: " ") }
            .joined() + ")"
    }
}

/// Whole seconds, rounded up, of a wait the service asked for; never traps (NaN and negatives
/// are 0, anything longer than `RetryPolicy.maximumServerDelay` is that).
func wholeSeconds(_ interval: TimeInterval) -> Int {
    Int(RetryPolicy.clampedDelay(interval).rounded(.up))
}

extension ToolValidationError: PresentableError {
    public var hint: String? { "fix the tool definition; nothing was sent" }
    public var exitCode: CodecloudExitCode { .usage }
}
