import CodecloudTestSandbox
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
@testable import CodecloudEmulator

/// A loopback HTTP server that records webhook deliveries and answers with scripted statuses.
final class WebhookReceiver: Sendable {
    /// One delivery as received.
    struct Delivery: Sendable {
        var headers: [String: String]
        var body: Data
        var time: ContinuousClock.Instant

        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        var event: String? { headers["x-codecloud-event"] }
    }

    let url: String
    private let received: Locked<[Delivery]>
    private let traffic: Locked<Traffic>
    private let release: AsyncStream<Void>.Continuation
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    /// Requests being answered now, and the most there ever were at once.
    private struct Traffic {
        var inFlight = 0
        var mostInFlight = 0
    }

    private init(
        url: String, received: Locked<[Delivery]>, traffic: Locked<Traffic>, release: AsyncStream<Void>.Continuation,
        group: ServiceGroup, task: Task<Void, any Error>
    ) {
        self.url = url
        self.received = received
        self.traffic = traffic
        self.release = release
        self.group = group
        self.task = task
    }

    /// Starts a receiver; deliveries of `scriptedEvent` (any event when nil) get `statuses` in order, then 200.
    /// With `holdingFirstDelivery`, the first delivery is not answered until `releaseFirstDelivery()`.
    static func start(statuses: [Int] = [], scriptedEvent: String? = nil, holdingFirstDelivery: Bool = false) async throws -> WebhookReceiver {
        let received = Locked<[Delivery]>([])
        let traffic = Locked(Traffic())
        let script = Locked(statuses)
        let (gate, release) = AsyncStream.makeStream(of: Void.self)
        if !holdingFirstDelivery { release.finish() }
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            traffic.withLock { $0.inFlight += 1; $0.mostInFlight = max($0.mostInFlight, $0.inFlight) }
            defer { traffic.withLock { $0.inFlight -= 1 } }
            let body = try await request.body.collect(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let isFirst = received.withLock { list -> Bool in
                list.append(Delivery(headers: headers, body: Data(body.readableBytesView), time: .now))
                return list.count == 1
            }
            if isFirst { for await _ in gate {} }
            let scripted = scriptedEvent == nil || headers["x-codecloud-event"] == scriptedEvent
            let status = scripted ? script.withLock { $0.isEmpty ? 200 : $0.removeFirst() } : 200
            return Response(status: .init(code: status))
        }
        var logger = Logger(label: "webhook-receiver")
        logger.logLevel = .critical
        let port = Locked<CheckedContinuation<Int, Never>?>(nil)
        let application = Application(
            responder: responder, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in port.withLock { $0?.resume(returning: channel.localAddress?.port ?? 0); $0 = nil } },
            logger: logger
        )
        let group = ServiceGroup(configuration: .init(services: [application], gracefulShutdownSignals: [], logger: logger))
        let bound = await withCheckedContinuation { continuation in
            port.withLock { $0 = continuation }
            Task { try await group.run() }
        }
        return WebhookReceiver(
            url: "http://127.0.0.1:\(bound)/hook", received: received, traffic: traffic, release: release, group: group, task: Task {})
    }

    /// Answers the held first delivery (see `start(holdingFirstDelivery:)`).
    func releaseFirstDelivery() { release.finish() }

    /// The most deliveries that were being received at the same time.
    var mostInFlight: Int { traffic.withLock { $0.mostInFlight } }

    /// Deliveries so far, oldest first.
    var deliveries: [Delivery] { received.withLock { $0 } }

    /// Waits until `count` deliveries matching `event` arrived, and returns them.
    func wait(for event: String, count: Int = 1, timeout: Duration = .seconds(60)) async throws -> [Delivery] {
        var matching: [Delivery] = []
        try await awaitCondition(timeout: timeout, "expected \(count) \(event) deliveries, got \(matching.count)") {
            matching = deliveries.filter { $0.event == event }
            return matching.count >= count
        }
        return matching
    }

    func stop() async {
        release.finish()
        await group.triggerGracefulShutdown()
    }
}
