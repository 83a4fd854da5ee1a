extension APIError {
    /// Whether the failure says nothing about the run itself and may pass: the service or the
    /// network is briefly unavailable. A waiter keeps polling through these; it stops on
    /// anything else (401, 404, validation).
    public var isTransient: Bool {
        switch kind {
        case .network: true
        case .http(let status, _, _): status == 429 || status >= 500
        case .undecodable(let status, _): status >= 500
        case .insecureURL, .outcomeUnknown: false
        }
    }
}
