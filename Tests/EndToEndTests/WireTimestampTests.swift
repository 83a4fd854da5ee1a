import CodecloudAPI
@testable import CodecloudEmulator
import Foundation
import Testing

/// The client's and the emulator's timestamp codecs are written separately on purpose
/// (docs/ARCHITECTURE.md, "Duplicated wire types"); here each reads what the other writes, and
/// both read every form the service's reference uses.
@Suite struct WireTimestampTests {
    static let dates: [Date] = [
        1_737_028_800, 1_737_028_804.127, 1_737_028_804.9996, 1_700_000_000.5, 1_764_400_000.001, 1_764_400_000.0004,
    ].map { Date(timeIntervalSince1970: $0) }

    @Test(arguments: dates)
    func theEmulatorsTimestampsDecodeInTheClient(date: Date) throws {
        let text = WireCoding.timestamp(date)
        #expect(text == WireFormat.formatTimestamp(date), "both write the nearest millisecond")
        let decoded = try #require(WireFormat.parseTimestamp(text), "\(text)")
        #expect(abs(decoded.timeIntervalSince(date)) < 0.000_501, "\(text)")
        // Through the client's decoder, as a run's `createdAt`.
        let summary = try WireFormat.makeDecoder().decode(
            RunSummary.self, from: Data(#"{"id": "r", "status": "running", "createdAt": "\#(text)"}"#.utf8))
        #expect(summary.createdAt == decoded)
    }

    @Test(arguments: dates)
    func theClientsTimestampsDecodeInTheEmulator(date: Date) throws {
        let text = WireFormat.formatTimestamp(date)
        let decoded = try #require(WireCoding.parseTimestamp(text), "\(text)")
        #expect(WireCoding.timestamp(decoded) == text)
    }

    @Test(arguments: [
        "2025-01-16T12:00:00Z", "2025-01-16T12:00:00.000Z", "2025-01-16T12:00:00.000000Z", "2025-01-16T13:00:00+01:00",
        "2025-01-16T12:00:00.127Z", "2025-01-16T12:00:00.5Z", "2025-01-16T13:00:00.250+01:00",
    ])
    func bothReadTheServicesForms(text: String) throws {
        let client = try #require(WireFormat.parseTimestamp(text))
        let emulator = try #require(WireCoding.parseTimestamp(text))
        #expect(abs(client.timeIntervalSince(emulator)) < 0.000_001)
        #expect(WireCoding.timestamp(emulator) == WireFormat.formatTimestamp(client))
    }
}
