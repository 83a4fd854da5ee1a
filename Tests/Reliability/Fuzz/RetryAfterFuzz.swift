import Foundation

// libFuzzer entry point for `Retry-After` (RetryAfter.seconds) and what the client and the
// waiter do with the number next: the wait is nil or finite in 0...300 s, the retry decision and
// the conversion to nanoseconds and to a Duration never trap, and any Double at all is clamped.
private let now = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRetryAfter(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let buffer = UnsafeBufferPointer(start: bytes, count: count)
    let text = String(decoding: buffer, as: UTF8.self)
    let policy = RetryPolicy(now: { now })
    let seconds = RetryAfter.seconds(text, now: now)
    if let seconds {
        precondition(seconds.isFinite && seconds >= 0 && seconds <= RetryPolicy.maximumServerDelay,
                     "Retry-After \(text.debugDescription) gave \(seconds)")
        let digitsOnly = text.trimmingCharacters(in: CharacterSet(charactersIn: " \t")).utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        if !digitsOnly { precondition(RetryAfter.httpDate(text.trimmingCharacters(in: CharacterSet(charactersIn: " \t"))) != nil) }
    }
    precondition(policy.retryAfterSeconds(text) == seconds)
    if let wait = policy.delay(afterAttempt: 1, waitedSoFar: 0, retryAfter: seconds) {
        precondition(wait >= 0 && wait <= policy.totalBudget)
        _ = UInt64(RetryPolicy.clampedDelay(wait) * 1_000_000_000)
    }
    // Any Double the service could make us hold (the bytes' first eight, as bits).
    if count >= 8 {
        var bits: UInt64 = 0
        for index in 0..<8 { bits = bits << 8 | UInt64(buffer[index]) }
        let clamped = RetryPolicy.clampedDelay(Double(bitPattern: bits))
        precondition(clamped.isFinite && clamped >= 0 && clamped <= RetryPolicy.maximumServerDelay)
        _ = Duration.milliseconds(Int64((clamped * 1000).rounded()))
        _ = UInt64(clamped * 1_000_000_000)
        _ = Int(clamped.rounded(.up))
    }
    return 0
}
