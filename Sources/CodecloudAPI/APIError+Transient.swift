extension APIError {
    /// Whether the failure says nothing about the run itself and may pass: the service or the
    /// network is briefly unavailable, or answered with something unreadable. A waiter keeps polling through these; it stops on
    /// anything else (401, 404, validation).
    public var isTransient: Bool {
        switch kind {
        case .network: true
        case .http(let status, _, _): status == 429 || status >= 500
        // A garbled answer (a proxy's error page, a truncated body) says nothing about the run.
        case .undecodable: true
        case .insecureURL, .outcomeUnknown: false
        }
    }
}
