import CodecloudAPI
import CodecloudCore
import Testing

@Suite struct APIErrorPresentationTests {
    private func error(_ kind: APIError.Kind, path: String = "/api/v1/agents/run/r1", resource: APIResource? = .run(id: "r1"), retryAfter: Double? = nil) -> APIError {
        APIError(kind, method: "GET", path: path, retryAfter: retryAfter, resource: resource)
    }

    @Test func unauthorizedAsksToLogInWithExit4() {
        let presented = error(.http(status: 401, code: "Unauthorized", message: "Invalid or missing API key"))
        #expect(presented.message == "codecloud did not accept the API key (HTTP 401: Unauthorized: Invalid or missing API key)")
        #expect(presented.hint == "run 'git codecloud auth login' to store a valid key")
        #expect(presented.exitCode == .authenticationRequired)
    }

    @Test func notFoundNamesTheID() {
        let run = error(.http(status: 404, code: "Not Found", message: "Agent run not found"))
        #expect(run.message == "run 'r1' was not found on codecloud (HTTP 404: Not Found: Agent run not found)")
        #expect(run.hint == "list your runs with 'git codecloud list'")
        let schedule = error(.http(status: 404, code: nil, message: nil), path: "/api/v1/schedules/s9", resource: .schedule(id: "s9"))
        #expect(schedule.message == "schedule 's9' was not found on codecloud (HTTP 404)")
        #expect(schedule.hint == "list your schedules with 'git codecloud schedule list'")
        #expect(schedule.exitCode == .failure)
    }

    @Test func validationErrorIsShownVerbatim() {
        let presented = error(.http(status: 400, code: "Validation Error", message: "repo: repo must be in format: owner/repo"))
        #expect(presented.message == "codecloud refused the request (HTTP 400: Validation Error: repo: repo must be in format: owner/repo)")
    }

    @Test func serverFailureSaysTheServiceFailed() {
        let presented = error(.http(status: 500, code: "Internal Server Error", message: "boom"))
        #expect(presented.message == "the codecloud service failed (HTTP 500: Internal Server Error: boom)")
        #expect(presented.hint?.contains("try again later") == true)
    }

    @Test func rateLimitGivesTheWait() {
        #expect(error(.http(status: 429, code: nil, message: nil), retryAfter: 2.2).hint == "try again in 3 s")
    }

    @Test func networkNamesTheHost() {
        let presented = error(.network(host: "codecloud.dev", underlying: "connection refused"))
        #expect(presented.message == "cannot reach codecloud.dev: connection refused")
        let proxy = error(.network(host: "codecloud.dev", underlying: "https_proxy is not a usable proxy: the port is out of range"))
        #expect(proxy.message == "cannot reach codecloud.dev: https_proxy is not a usable proxy: the port is out of range")
        #expect(proxy.hint?.hasPrefix("check the proxy variables") == true)
        #expect(presented.hint?.contains("CODECLOUD_API_URL") == true)
    }

    @Test func undecodableShowsStatusAndExcerpt() {
        #expect(error(.undecodable(status: 200, excerpt: "<html>")).message == "unexpected response from codecloud (HTTP 200): <html>")
    }

    @Test func insecureURL() {
        let presented = error(.insecureURL("http://codecloud.dev"))
        #expect(presented.message == "refusing to send the API key over plain http to http://codecloud.dev")
        #expect(presented.hint?.contains("https://") == true)
    }

    @Test func unknownOutcomeSendsTheUserToList() {
        let run = APIError(.outcomeUnknown(method: "POST", path: "/api/v1/agents"), method: "POST", path: "/api/v1/agents")
        #expect(run.message == "the run may or may not have been created: the connection failed after the request was sent")
        #expect(run.hint == "check with 'git codecloud list' before submitting again")
        let schedule = APIError(.outcomeUnknown(method: "POST", path: "/api/v1/schedules"), method: "POST", path: "/api/v1/schedules")
        #expect(schedule.message.hasPrefix("the schedule may or may not have been created"))
        #expect(schedule.hint == "check with 'git codecloud schedule list' before creating it again")
    }
}
