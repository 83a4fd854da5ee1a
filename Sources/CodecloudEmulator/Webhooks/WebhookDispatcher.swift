import Crypto
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One delivery attempt, as `GET /_emulator/webhooks` reports it.
struct WebhookAttempt: Codable, Sendable {
    var event: String
    var url: String
    var deliveryID: String
    var attempt: Int
    /// The receiver's status code; absent when the connection failed.
    var status: Int?
    var error: String?
    var time: Date

    enum CodingKeys: String, CodingKey {
        case event, url, attempt, status, error, time
        case deliveryID = "delivery_id"
    }
}

/// One webhook to send: the event name, its encoded payload and where it goes.
struct WebhookDelivery: Sendable {
    var event: String
    var body: Data
    var url: String
    /// False for fire-and-forget events (`agent.progress`).
    var retries: Bool

    init(event: String, payload: some Encodable, to url: String, retries: Bool) {
        self.event = event
        body = WireCoding.encode(payload)
        self.url = url
        self.retries = retries
    }
}

/// Sends webhooks as codecloud does: JSON POST, `User-Agent: codecloud-Webhooks/1.0`,
/// `X-Codecloud-Event`, a fresh `X-Codecloud-Delivery` per attempt, an HMAC-SHA256 hex
/// `X-Codecloud-Signature` when a secret is set, and retries after 1 s, 5 s and 30 s
/// (times `retryScale`) unless the event is fire-and-forget.
actor WebhookDispatcher {
    /// The documented retry delays, in seconds.
    static let retryDelays: [Double] = [1, 5, 30]

    private let secret: String?
    private let retryScale: Double
    private let session: URLSession
    private var attempts: [WebhookAttempt] = []
    private var deliveries: [UUID: Task<Void, Never>] = [:]
    /// Counts resets; an ordered delivery started before the latest one makes no more attempts.
    private var generation = 0

    init(secret: String?, retryScale: Double) {
        self.secret = secret
        self.retryScale = retryScale
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 10
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        session = URLSession(configuration: configuration)
    }

    /// Queues a delivery; returns at once. `retries` false makes it fire-and-forget (`agent.progress`).
    func send(event: String, payload: some Encodable, to url: String, retries: Bool = true) {
        let body = WireCoding.encode(payload)
        let token = UUID()
        deliveries[token] = Task {
            await self.deliver(event: event, body: body, to: url, retries: retries)
            self.finished(token)
        }
    }

    /// Delivers one webhook and returns when it was accepted or its retries ran out, so a caller
    /// sending a run's events one after another keeps them in order.
    func deliver(_ delivery: WebhookDelivery) async {
        await deliver(event: delivery.event, body: delivery.body, to: delivery.url, retries: delivery.retries, generation: generation)
    }

    /// Every attempt so far, oldest first.
    func log() -> [WebhookAttempt] { attempts }

    /// Forgets the log and abandons pending retries.
    func reset() {
        generation += 1
        deliveries.values.forEach { $0.cancel() }
        deliveries = [:]
        attempts = []
    }

    /// The signature header's value for a body: lowercase hex HMAC-SHA256 with the secret.
    static func signature(of body: Data, secret: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return code.map { String(format: "%02x", $0) }.joined()
    }

    private func finished(_ token: UUID) { deliveries[token] = nil }

    private func deliver(event: String, body: Data, to url: String, retries: Bool, generation started: Int? = nil) async {
        let delays = retries ? Self.retryDelays : []
        for attempt in 0...delays.count {
            if attempt > 0 {
                do { try await Task.sleep(for: .seconds(delays[attempt - 1] * retryScale)) } catch { return }
            }
            if let started, started != generation { return }
            if await post(event: event, body: body, to: url, attempt: attempt + 1) { return }
        }
    }

    /// True for hosts on this machine. The emulator never sends traffic elsewhere: a client under
    /// test (or a fuzzer) may hand it any URL, and an offline tool must stay offline.
    static func isLoopback(_ url: URL) -> Bool {
        guard let host = url.host?.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]")) else { return false }
        if host == "localhost" || host == "::1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// One attempt; true when the receiver answered 2xx (or the URL is not one to deliver to).
    private func post(event: String, body: Data, to url: String, attempt: Int) async -> Bool {
        guard let target = URL(string: url) else { return true }
        let deliveryID = UUID().uuidString.lowercased()
        guard Self.isLoopback(target) else {
            attempts.append(WebhookAttempt(
                event: event, url: url, deliveryID: deliveryID, attempt: attempt,
                error: "not delivered: the emulator only sends webhooks to loopback addresses", time: Date()
            ))
            return true
        }
        var request = URLRequest(url: target)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("codecloud-Webhooks/1.0", forHTTPHeaderField: "User-Agent")
        request.setValue(event, forHTTPHeaderField: "X-Codecloud-Event")
        request.setValue(deliveryID, forHTTPHeaderField: "X-Codecloud-Delivery")
        if let secret {
            request.setValue(Self.signature(of: body, secret: secret), forHTTPHeaderField: "X-Codecloud-Signature")
        }
        var record = WebhookAttempt(event: event, url: url, deliveryID: deliveryID, attempt: attempt, time: Date())
        do {
            let (_, response) = try await session.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            record.status = status
            attempts.append(record)
            return (200..<300).contains(status)
        } catch {
            record.error = error.localizedDescription
            attempts.append(record)
            return false
        }
    }
}
