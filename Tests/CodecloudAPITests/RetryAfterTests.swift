@testable import CodecloudAPI
import CodecloudTestSupport
import Foundation
import Testing

/// `Retry-After` is read as RFC 9110 allows and nothing else; no value can make the client
/// trap or sleep longer than five minutes.
@Suite struct RetryAfterTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)  // Tue, 14 Nov 2023 22:13:20 GMT

    @Test("delay-seconds: digits only", arguments: [("0", 0.0), ("3", 3), ("120", 120), (" 7 ", 7), ("007", 7)])
    func digits(value: String, seconds: Double) {
        #expect(RetryAfter.seconds(value, now: now) == seconds)
    }

    @Test("anything but digits or an HTTP-date is ignored",
          arguments: ["inf", "infinity", "-inf", "nan", "1e300", "1e3", "0x10", "-1", "+5", "1.5", "3 s", "", "   ", "\u{1B}[2J", "٣", "Tue, 14 Nov 2023", "soon"])
    func ignored(value: String) {
        #expect(RetryAfter.seconds(value, now: now) == nil)
    }

    @Test("long waits are clamped to five minutes", arguments: ["301", "86400", "99999999999999999999999999999999"])
    func clamped(value: String) {
        #expect(RetryAfter.seconds(value, now: now) == RetryPolicy.maximumServerDelay)
        #expect(RetryPolicy.maximumServerDelay == 300)
    }

    @Test func httpDates() {
        #expect(RetryAfter.seconds("Tue, 14 Nov 2023 22:13:27 GMT", now: now) == 7)
        #expect(RetryAfter.seconds("Tuesday, 14-Nov-23 22:13:30 GMT", now: now) == 10)
        #expect(RetryAfter.seconds("Tue Nov 14 22:13:25 2023", now: now) == 5)
        #expect(RetryAfter.seconds("Fri, 01 Jan 2100 00:00:00 GMT", now: now) == 300, "a date far ahead is five minutes")
        #expect(RetryAfter.seconds("Sun, 06 Nov 1994 08:49:37 GMT", now: now) == 0, "a past date means now")
    }

    @Test("IMF-fixdate, read without a formatter, gives the formatter's date; every invalid variant is refused",
          arguments: ["Sun, 06 Nov 1994 08:49:37 GMT", "Thu, 01 Jan 1970 00:00:00 GMT", "Tue, 29 Feb 2028 23:59:59 GMT",
                      "Wed, 02 Dec 2026 19:00:00 GMT", "Fri, 31 Dec 9999 12:00:00 GMT", "Mon, 01 Mar 2100 00:00:00 GMT"])
    func imfFixdateAgreesWithTheFormatter(value: String) throws {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let expected = try #require(formatter.date(from: value))
        #expect(RetryAfter.httpDate(value) == expected)
    }

    @Test("an IMF-fixdate that is not one is not read as one",
          arguments: ["Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 6 Nov 1994 08:49:37 GMT", "Sun, 06 nov 1994 08:49:37 GMT",
                      "Sun, 30 Feb 2027 08:49:37 GMT", "Sun, 29 Feb 2100 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT",
                      "Sun, 06 Nov 1994 08:60:00 GMT", "Sun, +6 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:3\u{0663} GMT",
                      "Sun,  06 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1969 23:59:59 GMT", "Sun 06 Nov 1994 08:49:37 GMT"])
    func notAnIMFFixdate(value: String) {
        #expect(RetryAfter.imfFixdate(value) == nil)
    }

    @Test func theAnswersDateHeaderIsTheServersClock() async throws {
        let harness = ClientHarness()
        harness.transport.stub("GET", "/api/v1/agents/run/r1", .fixture("getRun.response", headers: ["Date": "Tue, 14 Nov 2023 22:13:20 GMT"]))
        let answer = try await harness.client.runWithServerDate(id: "r1")
        #expect(answer.run.id == "jd7x8k9m2n3p4q5r")
        #expect(answer.serverDate == now)
        harness.transport.stub("GET", "/api/v1/agents/run/r1", .fixture("getRun.response", headers: ["Date": "yesterday"]))
        #expect(try await harness.client.runWithServerDate(id: "r1").serverDate == nil)
    }

    @Test func clampedDelayNeverTraps() {
        #expect(RetryPolicy.clampedDelay(.infinity) == 300)
        #expect(RetryPolicy.clampedDelay(-.infinity) == 0)
        #expect(RetryPolicy.clampedDelay(.nan) == 0)
        #expect(RetryPolicy.clampedDelay(1e300) == 300)
        #expect(RetryPolicy.clampedDelay(-5) == 0)
        #expect(RetryPolicy.clampedDelay(2.5) == 2.5)
    }

    @Test("a 503 with Retry-After: inf is retried with ordinary backoff, not a trap")
    func infiniteRetryAfterFallsBackToBackoff() async throws {
        let harness = ClientHarness()
        harness.transport.stub(
            "GET", "/api/v1/agents/run/r1",
            .status(503, headers: ["Retry-After": "inf"]), .status(503, headers: ["Retry-After": "0x10"]), .fixture("getRun.response"))
        let run = try await harness.client.run(id: "r1")
        #expect(run.id == "jd7x8k9m2n3p4q5r")
        #expect(harness.sleeper.waits == [0.5, 1.0])
    }

    @Test("a 503 asking for a day ends the retries at once; the error carries five minutes")
    func dayLongRetryAfterEndsRetriesWithoutSleeping() async throws {
        let harness = ClientHarness()
        harness.transport.stub("GET", "/api/v1/agents/run/r1", .status(503, headers: ["Retry-After": "86400"]))
        let error = await apiError { _ = try await harness.client.run(id: "r1") }
        #expect(error?.retryAfter == 300)
        #expect(harness.sleeper.waits.isEmpty)
    }
}
