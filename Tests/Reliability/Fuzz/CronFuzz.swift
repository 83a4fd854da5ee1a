import Foundation

// libFuzzer entry point for `CronExpression(parsing:)` and what the emulator and CLI do with a
// parsed expression next: normalised text re-parses to an equal expression, the next firing
// (UTC and a daylight-saving zone) lies after the start, and the 15-minute rule terminates.
private let zones = ["UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kathmandu"]
    .compactMap(TimeZone.init(identifier:))
private let start = Date(timeIntervalSince1970: 1_767_225_600) // 2026-01-01T00:00:00Z

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCron(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let buffer = UnsafeBufferPointer(start: bytes, count: count)
    let text = String(decoding: buffer, as: UTF8.self)
    guard let expression = try? CronExpression(parsing: text) else { return 0 }
    let reparsed = try? CronExpression(parsing: expression.text)
    precondition(reparsed == expression, "normalised text does not re-parse equal: \(text.debugDescription)")
    let zone = zones[Int(buffer.reduce(0) { $0 &+ UInt($1) } % UInt(zones.count))]
    if let next = expression.nextFiring(after: start, in: zone) {
        precondition(next > start, "next firing not after start for \(text.debugDescription)")
        precondition(expression.canFire, "fires although canFire is false: \(text.debugDescription)")
    } else {
        precondition(!expression.canFire, "canFire but no next firing: \(text.debugDescription)")
    }
    _ = try? expression.validateMinimumInterval()
    return 0
}
