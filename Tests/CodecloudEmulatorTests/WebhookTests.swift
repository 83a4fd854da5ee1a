import CodecloudProcess
import CodecloudTestSandbox
import Foundation
import Testing
@testable import CodecloudEmulator

@Suite("Webhooks: payloads, headers, signatures, retries, progress")
struct WebhookTests {
    @Test("agent.completed carries the documented payload, headers and a signature Python's hmac agrees with")
    func completedPayloadAndSignature() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { Task { await receiver.stop() } }
        try await EmulatorHarness.with(configure: { $0.webhookSecret = "whsec_test" }) { harness in
            try await harness.makeRepository("octo/hello")
            let id = try await harness.createRun([
                "prompt": "Add auth", "repo": "octo/hello", "auto_create_pr": true, "webhook_url": receiver.url,
            ])
            let delivery = try #require(try await receiver.wait(for: "agent.completed").first)
            #expect(delivery.headers["user-agent"] == "codecloud-Webhooks/1.0")
            #expect(delivery.headers["content-type"] == "application/json")
            #expect(delivery.headers["x-codecloud-delivery"]?.isEmpty == false)
            let payload = delivery.json
            #expect(payload["event"] as? String == "agent.completed")
            #expect(payload["run_id"] as? String == id)
            #expect(payload["status"] as? String == "completed")
            #expect(payload["mode"] as? String == "execute")
            #expect(payload["repo"] as? String == "octo/hello")
            #expect((payload["result"] as? String)?.contains("Add auth") == true)
            #expect((payload["pr"] as? [String: Any])?["branch"] as? String == "codecloud/add-auth")
            #expect(((payload["usage"] as? [String: Any])?["input_tokens"] as? Int ?? 0) > 0)
            #expect(timestamp(payload["created_at"]) != nil && timestamp(payload["completed_at"]) != nil)

            let signature = try #require(delivery.headers["x-codecloud-signature"])
            let expected = try await independentHMAC(of: delivery.body, secret: "whsec_test", scratch: harness.scratch)
            #expect(signature == expected)
        }
    }

    @Test("agent.failed carries the error; no signature without a secret")
    func failedPayload() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { Task { await receiver.stop() } }
        try await EmulatorHarness.with { harness in
            _ = try await harness.createRun(["prompt": "x", "repo": "octo/missing", "webhook_url": receiver.url])
            let delivery = try #require(try await receiver.wait(for: "agent.failed").first)
            #expect(delivery.json["status"] as? String == "failed")
            #expect((delivery.json["error"] as? String)?.contains("not found") == true)
            #expect(delivery.json["result"] == nil)
            #expect(delivery.headers["x-codecloud-signature"] == nil)
        }
    }

    @Test("failed deliveries are retried after 1, 5 and 30 seconds times the scale, each with a new delivery id")
    func retries() async throws {
        let receiver = try await WebhookReceiver.start(statuses: [500, 503, 502, 500], scriptedEvent: "agent.completed")
        let scale = 0.05
        defer { Task { await receiver.stop() } }
        try await EmulatorHarness.with(configure: { $0.webhookRetryScale = scale }) { harness in
            _ = try await harness.createRun(["prompt": "x", "blank_workspace": true, "webhook_url": receiver.url])
            let attempts = try await receiver.wait(for: "agent.completed", count: 4)
            let gaps = zip(attempts, attempts.dropFirst()).map { pair in pair.1.time - pair.0.time }
            for (gap, delay) in zip(gaps, WebhookDispatcher.retryDelays) {
                #expect(gap >= .seconds(delay * scale))
            }
            // The last retry waits 1.5 s scaled, 30 s unscaled: a bound only the unscaled delay
            // breaks, with room for a loaded machine (no tight wall-clock upper bounds).
            #expect(gaps.count == 3 && gaps[2] < .seconds(15))
            #expect(Set(attempts.compactMap { $0.headers["x-codecloud-delivery"] }).count == 4)
            #expect(Set(attempts.map(\.body)).count == 1)
            // Three retries and no more: the delivery log records every attempt.
            let log = try await harness.request("GET", "/_emulator/webhooks")
            let completedStatuses = (log.json["deliveries"] as? [[String: Any]])?
                .filter { $0["event"] as? String == "agent.completed" }.compactMap { $0["status"] as? Int }
            #expect(completedStatuses == [500, 503, 502, 500])
        }
    }

    @Test("agent.progress is sent while the agent runs, fire and forget")
    func progress() async throws {
        let receiver = try await WebhookReceiver.start(statuses: [500], scriptedEvent: "agent.progress")
        defer { Task { await receiver.stop() } }
        // The agent prints its first line, then waits for the test to create `release` before it ends.
        let control = try ScratchDirectory(prefix: "agent-control")
        let release = control.appending("release")
        let agent = "echo 'Looking at the auth flow'; while [ ! -e '\(release)' ]; do sleep 0.05; done; echo done"
        try await EmulatorHarness.with(configure: { $0.agentCommand = agent }) { harness in
            let id = try await harness.createRun(["prompt": "x", "blank_workspace": true, "webhook_url": receiver.url])
            let heartbeat = try #require(try await receiver.wait(for: "agent.progress").first)
            #expect(heartbeat.json["run_id"] as? String == id)
            #expect(heartbeat.json["status"] as? String == "running")
            #expect(heartbeat.json["thinking"] as? String == "Preparing an empty workspace")
            let output = try await receiver.wait(for: "agent.progress", count: 2)[1]
            #expect((output.json["thinking"] as? String)?.contains("Looking at the auth flow") == true)
            try writeFile(release, "")
            _ = try await receiver.wait(for: "agent.completed")
            // The failed progress delivery (500) was not retried.
            #expect(receiver.deliveries.filter { $0.event == "agent.progress" }.count <= 3)
        }
    }

    @Test("a run's webhooks go out one at a time, in the order they happened")
    func deliveredInOrder() async throws {
        // The receiver keeps the first delivery (the workspace heartbeat) unanswered until the run
        // has finished: the agent's output and agent.completed happen meanwhile and must wait
        // behind it instead of overtaking it.
        let receiver = try await WebhookReceiver.start(holdingFirstDelivery: true)
        defer { Task { await receiver.stop() } }
        try await EmulatorHarness.with(configure: { $0.agentCommand = "echo 'Reading the code'; echo 'Writing the change'" }) { harness in
            let id = try await harness.createRun(["prompt": "x", "blank_workspace": true, "webhook_url": receiver.url])
            let held = try #require(try await receiver.wait(for: "agent.progress").first)
            #expect(held.json["thinking"] as? String == "Preparing an empty workspace")
            _ = try await harness.waitForRun(id, status: "completed")
            #expect(receiver.deliveries.count == 1, "a later webhook was sent before the first one was answered")
            receiver.releaseFirstDelivery()

            _ = try await receiver.wait(for: "agent.completed")
            let events = receiver.deliveries.compactMap(\.event)
            #expect(events.count >= 3 && events.last == "agent.completed", "\(events)")
            #expect(events.dropLast().allSatisfy { $0 == "agent.progress" }, "\(events)")
            let thinking = receiver.deliveries.dropFirst().filter { $0.event == "agent.progress" }.compactMap { $0.json["thinking"] as? String }
            #expect(thinking.first?.contains("Reading the code") == true, "\(thinking)")
            #expect(receiver.mostInFlight == 1)
        }
    }
}

@Suite("Webhooks: staying on this machine")
struct WebhookLoopbackTests {
    @Test("webhooks to hosts other than loopback are logged but never sent")
    func onlyLoopback() async throws {
        try await EmulatorHarness.with { harness in
            _ = try await harness.createRun(["prompt": "x", "blank_workspace": true, "webhook_url": "http://example.invalid/hook"])
            try await awaitCondition {
                let log = try await harness.request("GET", "/_emulator/webhooks").json["deliveries"] as? [[String: Any]] ?? []
                return log.contains { ($0["error"] as? String)?.contains("only sends webhooks to loopback") == true }
            }
            #expect(WebhookDispatcher.isLoopback(URL(string: "http://127.0.0.1:9/x")!))
            #expect(WebhookDispatcher.isLoopback(URL(string: "http://[::1]:9/x")!))
            #expect(WebhookDispatcher.isLoopback(URL(string: "http://localhost/x")!))
            #expect(!WebhookDispatcher.isLoopback(URL(string: "http://10.0.0.1/x")!))
            #expect(!WebhookDispatcher.isLoopback(URL(string: "http://127.0.0.1.example.com/x")!))
        }
    }
}

/// HMAC-SHA256 hex of `body` computed by Python's standard library, independent of swift-crypto.
func independentHMAC(of body: Data, secret: String, scratch: URL) async throws -> String {
    let file = scratch.appendingPathComponent("body-\(UUID().uuidString).json")
    try body.write(to: file)
    let outcome = try await ChildProcess.runDetached(
        "python3", ["-c", "import hmac,hashlib,sys; print(hmac.new(sys.argv[1].encode(), open(sys.argv[2],'rb').read(), hashlib.sha256).hexdigest())", secret, file.path],
        in: scratch.path, environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"],
        limits: ChildProcessLimits(deadline: .seconds(30)))
    return outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
}
