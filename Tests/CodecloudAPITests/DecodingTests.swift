@testable import CodecloudAPI
import CodecloudTestSupport
import Foundation
import Testing

/// Decoding is tolerant where the service may grow and strict where the contract is fixed.
@Suite struct DecodingTests {
    private func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try WireFormat.makeDecoder().decode(type, from: Data(json.utf8))
    }

    @Test func unknownFieldsAreIgnoredAndUnknownEnumsKept() throws {
        let run = try decode(RunDetail.self, """
            {"id": "r1", "status": "cancelling", "mode": "review", "prompt": "p", "prs": [],
             "createdAt": "2025-01-16T12:00:00Z", "sandbox": {"region": "eu"}, "cost_usd": 0.42}
            """)
        #expect(run.status == .unknown("cancelling"))
        #expect(run.status.rawValue == "cancelling")
        #expect(!run.status.isFinished)
        #expect(run.mode == .unknown("review"))
    }

    @Test func missingOptionalFieldsAndPRListAreFine() throws {
        let run = try decode(RunDetail.self, #"{"id": "r1", "status": "queued", "prompt": "p", "createdAt": "2025-01-16T12:00:00.000Z"}"#)
        #expect(run.prs.isEmpty)
        #expect(run.title == nil && run.mode == nil && run.startedAt == nil && run.prURL == nil)
    }

    @Test func missingRequiredFieldFails() {
        #expect(throws: DecodingError.self) {
            _ = try decode(RunDetail.self, #"{"id": "r1", "status": "queued", "createdAt": "2025-01-16T12:00:00Z"}"#)
        }
    }

    @Test(arguments: [
        "2025-01-16T12:00:00Z", "2025-01-16T12:00:00.000Z", "2025-01-16T12:00:00.000000Z", "2025-01-16T13:00:00+01:00",
    ])
    func timestampsWithAndWithoutFractions(text: String) throws {
        let summary = try decode(RunSummary.self, #"{"id": "r", "status": "running", "createdAt": "\#(text)"}"#)
        #expect(summary.createdAt == Date(timeIntervalSince1970: 1_737_028_800))
    }

    @Test func fractionalSecondsAreKept() throws {
        let date = try #require(WireFormat.parseTimestamp("2025-01-16T12:00:04.127Z"))
        #expect(abs(date.timeIntervalSince1970 - 1_737_028_804.127) < 0.000_001)
        #expect(WireFormat.formatTimestamp(date) == "2025-01-16T12:00:04.127Z")
        #expect(WireFormat.formatTimestamp(try #require(WireFormat.parseTimestamp("2025-01-16T12:00:04.9996Z"))) == "2025-01-16T12:00:05.000Z")
    }

    @Test func badTimestampFails() {
        #expect(throws: DecodingError.self) {
            _ = try decode(RunSummary.self, #"{"id": "r", "status": "running", "createdAt": "yesterday"}"#)
        }
    }

    @Test func datesAreWrittenWithMilliseconds() throws {
        let body = try WireFormat.makeEncoder().encode(CreateScheduleRequest(
            type: .once, runAt: Date(timeIntervalSince1970: 1_740_819_600), prompt: "p"))
        #expect(String(decoding: body, as: UTF8.self) == #"{"prompt":"p","run_at":"2025-03-01T09:00:00.000Z","type":"once"}"#)
    }

    @Test func openEnumsRoundTrip() throws {
        for status in RunStatus.knownCases + [.unknown("paused")] {
            let data = try JSONEncoder().encode([status])
            #expect(try JSONDecoder().decode([RunStatus].self, from: data) == [status])
        }
        #expect(ScheduleStatus(rawValue: "deleted") == .deleted)
        #expect(ScheduleType(rawValue: "hourly") == .unknown("hourly"))
        #expect(RunMode(rawValue: "plan") == .plan)
    }

    @Test func modelsTolerateOddInformationalFields() throws {
        let models = try decode(ModelsResponse.self, """
            {"models": {"x": [{"id": "m1", "limit": "lots", "cost": {"input": "free"}},
                              {"id": "m2", "tool_call": false, "limit": {"context": 8192}}]}}
            """)
        #expect(models.generatedAt == nil && models.source == nil)
        #expect(models.models["x"]?.map(\.id) == ["m1", "m2"])
        #expect(models.models["x"]?[0].contextLimit == nil)
        #expect(models.models["x"]?[0].pricing == nil)
        #expect(models.models["x"]?[1].contextLimit == 8192)
        #expect(models.models["x"]?[1].toolCall == false)
    }

    @Test func toolParametersRoundTripArbitraryJSON() throws {
        let json = #"{"properties":{"q":{"enum":["a",null,true],"maximum":10,"ratio":0.5,"type":"string"}},"required":["q"],"type":"object"}"#
        let parameters = try WireFormat.makeDecoder().decode(ToolParameters.self, from: Data(json.utf8))
        let encoded = try WireFormat.makeEncoder().encode(parameters)
        #expect(String(decoding: encoded, as: UTF8.self) == json)
    }

    @Test func toolValidationCatchesWhatTheServiceRejects() throws {
        func tool(name: String = "lookup", method: String = "GET", url: String = "https://api.example.com/x") -> ToolDefinition {
            ToolDefinition(
                name: name, description: "Looks things up", parameters: ToolParameters(properties: .object([:])),
                endpoint: ToolEndpoint(url: url, method: method))
        }
        try tool().validate()
        try tool(name: String(repeating: "a", count: 64)).validate()
        #expect(throws: ToolValidationError.self) { try tool(name: String(repeating: "a", count: 65)).validate() }
        #expect(throws: ToolValidationError.self) { try tool(name: "has space").validate() }
        #expect(throws: ToolValidationError.self) { try tool(method: "TRACE").validate() }
        #expect(throws: ToolValidationError.self) { try tool(url: "ftp://example.com").validate() }
        #expect(throws: ToolValidationError.self) { try ToolDefinition.validate(Array(repeating: tool(), count: 51)) }
    }

    /// Responses the client re-encodes (for `--json`) keep the wire's key names.
    @Test func reencodedRunKeepsWireKeys() throws {
        let run = try WireFormat.makeDecoder().decode(RunDetail.self, from: Fixtures.data("getRun.response"))
        let object = Fixtures.jsonObject(try WireFormat.makeEncoder().encode(run))
        #expect(object == Fixtures.object("getRun.response"))
    }
}
