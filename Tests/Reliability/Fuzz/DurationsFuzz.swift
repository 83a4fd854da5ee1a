import Foundation

// libFuzzer entry point for durations: `--timeout` text (DurationText.seconds), then the
// numbers the CLI formats: any Int64 of seconds (formatDuration) and any pair of timestamps the
// service could send (elapsedSeconds). Nothing traps; parsed values stay within 1 s...168 h.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDurations(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let buffer = UnsafeBufferPointer(start: bytes, count: count)
    let text = String(decoding: buffer, as: UTF8.self)
    if let seconds = DurationText.seconds(in: text) {
        precondition((1...DurationText.maximumSeconds).contains(seconds), "\(text.debugDescription) gave \(seconds)")
        let shown = formatDuration(.seconds(seconds))
        precondition(!shown.isEmpty)
    }
    func integer(at offset: Int) -> UInt64? {
        guard count >= offset + 8 else { return nil }
        var bits: UInt64 = 0
        for index in offset..<offset + 8 { bits = bits << 8 | UInt64(buffer[index]) }
        return bits
    }
    if let bits = integer(at: 0) {
        _ = formatDuration(.seconds(Int64(bitPattern: bits)))
        _ = formatDuration(.milliseconds(Int64(bitPattern: bits)))
        if let other = integer(at: 8) {
            let start = Date(timeIntervalSince1970: Double(bitPattern: bits))
            let end = Date(timeIntervalSince1970: Double(bitPattern: other))
            let elapsed = elapsedSeconds(from: start, to: end)
            precondition(elapsed >= .zero)
            _ = formatDuration(elapsed)
        }
    }
    return 0
}
