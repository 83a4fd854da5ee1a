import ArgumentParser
import CodecloudAPI
@testable import CodecloudCLI
import CodecloudCore
import CodecloudTestSupport
import Foundation
import Testing

/// Numbers from the user and the service are range-checked; `list` never repeats a run.
@Suite struct HostileServiceCLITests {
    @Test("--timeout values", arguments: [("90", 90), ("90s", 90), ("10m", 600), ("1h30m", 5400), ("168h", 604_800)])
    func timeouts(text: String, seconds: Int) throws {
        #expect(TimeoutDuration(argument: text)?.duration == .seconds(seconds))
        try TimeoutDuration.validate(TimeoutDuration(argument: text))
    }

    @Test("--timeout values that overflow or exceed a week are refused, never a trap",
          arguments: ["9999999999999999h", "99999999999999999999", "9223372036854775807s", "5124095576030432h", "169h", "604801",
                      "0", "0s", "-5", "1.5h", "", "h", "10x", "１０m", "10m ", "1e3"])
    func badTimeouts(text: String) {
        // The parser takes any text; the refusal is our own validation (a usage error).
        #expect(throws: ValidationError.self) { try TimeoutDuration.validate(TimeoutDuration(argument: text)) }
    }

    @Test func tokenCountsAddWithoutOverflow() {
        #expect(saturatingSum(Int.max, Int.max) == Int.max)
        #expect(saturatingSum(-5, 7) == 7)
        #expect(saturatingSum(nil, 3) == 3)
        #expect(compactCount(Int.max).hasSuffix("M"))
    }

    /// Pages of `count` summaries, ids `prefix0…`, in `repo`.
    static func page(_ prefix: String, count: Int, repo: String) -> StubReply {
        page((0..<count).map { ("\(prefix)\($0)", repo) })
    }

    /// A page of summaries with these ids and repositories.
    static func page(_ entries: [(id: String, repo: String)]) -> StubReply {
        let runs = entries.map { entry in
            #"{"id":"\#(entry.id)","status":"completed","repo":"\#(entry.repo)","createdAt":"2025-01-16T12:00:00.000Z"}"#
        }
        return .json(200, #"{"runs":["# + runs.joined(separator: ",") + "]}")
    }

    static func client(_ transport: StubTransport) -> CodecloudClient {
        CodecloudClient(
            configuration: ClientConfiguration(baseURL: URL(string: "https://codecloud.test")!, apiKey: "cc_x", userAgent: "t", retryPolicy: .never),
            transport: transport)
    }

    @Test("a service that ignores offset costs one extra request; nothing is listed twice; a note says so")
    func ignoredOffset() async throws {
        let transport = StubTransport()
        let first = Self.page("r", count: 100, repo: "acme/other")
        transport.stub("GET", "/api/v1/agents", query: ["limit": "100", "offset": "0"], first)
        transport.stub("GET", "/api/v1/agents", query: ["limit": "100", "offset": "100"], first)
        let listing = try await RunListing.fetch(
            limit: 20, status: nil, repository: try RepositorySlug(validating: "acme/widgets"), client: Self.client(transport))
        #expect(listing.runs.isEmpty)
        #expect(transport.requests.count == 2)
        #expect(listing.incompleteNote?.contains("may be missing") == true)
        transport.verifyAllUsed()
    }

    @Test("overlapping pages are deduplicated by id")
    func overlappingPagesDeduplicated() async throws {
        let transport = StubTransport()
        let widgets = (0..<50).map { ("r\($0)", "acme/widgets") }, others = (0..<50).map { ("o\($0)", "acme/other") }
        transport.stub("GET", "/api/v1/agents", query: ["limit": "100", "offset": "0"], Self.page(widgets + others))
        // A new run pushed everything down by ten while paging: the second page repeats ten.
        transport.stub("GET", "/api/v1/agents", query: ["limit": "100", "offset": "100"], Self.page((40..<60).map { ("r\($0)", "acme/widgets") }))
        let listing = try await RunListing.fetch(
            limit: 100, status: nil, repository: try RepositorySlug(validating: "acme/widgets"), client: Self.client(transport))
        #expect(listing.runs.count == 60)
        #expect(Set(listing.runs.map(\.id)).count == listing.runs.count)
        #expect(listing.incompleteNote == nil)
    }

    @Test("a page with the same run twice lists it once (--all)")
    func duplicatesWithinAPage() async throws {
        let transport = StubTransport()
        transport.stub("GET", "/api/v1/agents", query: ["limit": "5"], .json(200, #"{"runs":[{"id":"a","status":"queued","createdAt":"2025-01-16T12:00:00Z"},{"id":"a","status":"queued","createdAt":"2025-01-16T12:00:00Z"},{"id":"b","status":"queued","createdAt":"2025-01-16T12:00:00Z"}]}"#))
        let listing = try await RunListing.fetch(limit: 5, status: nil, repository: nil, client: Self.client(transport))
        #expect(listing.runs.map(\.id) == ["a", "b"])
    }

    @Test("a table cell cannot break the table or reach the terminal raw")
    func tableCellsAreOneLine() {
        var table = TextTable(headers: ["ID", "TITLE"])
        table.append(["r1", "line one\nline two\u{1B}]52;c;eA==\u{07}"])
        #expect(table.render() == "ID  TITLE\nr1  line one line two^[]52;c;eA==^G\n")
    }
}
