import Foundation

// libFuzzer entry point for the API's JSON decoding (WireFormat.makeDecoder()) of every response
// type the CLI reads. Anything that decodes must also encode and decode again (the CLI re-prints
// API objects in --json output) without trapping.
private func roundTrip<T: Codable>(_ type: T.Type, _ data: Data) {
    guard let value = try? WireFormat.makeDecoder().decode(T.self, from: data) else { return }
    guard let encoded = try? WireFormat.makeEncoder().encode(value) else {
        preconditionFailure("\(T.self) decoded but does not encode: \(String(decoding: data, as: UTF8.self).debugDescription)")
    }
    precondition((try? WireFormat.makeDecoder().decode(T.self, from: encoded)) != nil,
                 "\(T.self) re-encoded does not decode: \(String(decoding: encoded, as: UTF8.self).debugDescription)")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecoders(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: bytes, count: count)
    roundTrip(RunDetail.self, data)
    roundTrip(RunSummary.self, data)
    roundTrip(CreateRunResponse.self, data)
    roundTrip(FollowUpResponse.self, data)
    roundTrip(Schedule.self, data)
    roundTrip(CreateScheduleResponse.self, data)
    roundTrip(ModelsResponse.self, data)
    roundTrip(JSONValue.self, data)
    _ = try? WireFormat.makeDecoder().decode(RunList.self, from: data)
    _ = try? WireFormat.makeDecoder().decode(ScheduleList.self, from: data)
    _ = try? WireFormat.makeDecoder().decode(ProviderList.self, from: data)
    _ = WireFormat.parseTimestamp(String(decoding: data, as: UTF8.self))
    return 0
}
