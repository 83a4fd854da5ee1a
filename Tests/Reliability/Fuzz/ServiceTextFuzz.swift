import Foundation

// libFuzzer entry point for run, list and schedule JSON as the CLI shows it. Whatever decodes:
// - `--json` (re-encoded, controls escaped as \uXXXX) holds no raw control character and
//   decodes back to the same value: the service's text verbatim;
// - every human rendering (TerminalText.sanitize of the text, line of a cell) holds none either,
//   and a cell is one line.
private func check<T: Codable>(_ type: T.Type, _ data: Data) {
    guard let value = try? WireFormat.makeDecoder().decode(T.self, from: data),
          let encoded = try? WireFormat.makeEncoder().encode(value) else { return }
    let json = String(decoding: encoded, as: UTF8.self)
    let escaped = TerminalText.escapingControlsInJSON(json)
    precondition(!escaped.unicodeScalars.contains(where: TerminalText.needsEscaping), "raw control in --json: \(escaped.debugDescription)")
    guard let again = try? WireFormat.makeDecoder().decode(T.self, from: Data(escaped.utf8)),
          let reencoded = try? WireFormat.makeEncoder().encode(again) else {
        preconditionFailure("escaped JSON does not decode: \(escaped.debugDescription)")
    }
    precondition(reencoded == encoded, "escaping changed the value: \(escaped.debugDescription)")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzServiceText(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: bytes, count: count)
    check(RunDetail.self, data)
    check(RunSummary.self, data)
    check(Schedule.self, data)
    check([RunSummary].self, data)
    if let list = try? WireFormat.makeDecoder().decode(RunList.self, from: data) {
        for run in list.runs { check(RunSummary.self, (try? WireFormat.makeEncoder().encode(run)) ?? Data()) }
    }
    if let list = try? WireFormat.makeDecoder().decode(ScheduleList.self, from: data) {
        for schedule in list.schedules { check(Schedule.self, (try? WireFormat.makeEncoder().encode(schedule)) ?? Data()) }
    }
    let text = String(decoding: data, as: UTF8.self)
    let shown = TerminalText.sanitize(text)
    precondition(!shown.unicodeScalars.contains { $0 != "\r" && TerminalText.needsEscaping($0) }, "sanitize left a control: \(shown.debugDescription)")
    // A carriage return survives only as the first half of a CRLF (it cannot overwrite a line).
    let scalars = Array(shown.unicodeScalars)
    for index in scalars.indices where scalars[index] == "\r" {
        precondition(index + 1 < scalars.count && scalars[index + 1] == "\n", "a lone CR survived: \(shown.debugDescription)")
    }
    let cell = TerminalText.line(text)
    precondition(!cell.unicodeScalars.contains { $0 == "\n" || $0 == "\r" || $0 == "\t" }, "a cell spans lines: \(cell.debugDescription)")
    precondition(!cell.unicodeScalars.contains(where: TerminalText.needsEscaping))
    return 0
}
