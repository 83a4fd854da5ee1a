import CodecloudAPI
import CodecloudCore
import Foundation
import Testing

/// Text from the service or the agent never drives the terminal.
@Suite struct TerminalTextTests {
    static let hostile = [
        "\u{1B}]52;c;ZWNobyBwd25lZA==\u{07}",  // OSC 52: write the clipboard
        "\u{1B}]8;;https://evil.example\u{1B}\\click\u{1B}]8;;\u{1B}\\",  // OSC 8: disguised link
        "\u{1B}[2J\u{1B}[H",  // CSI 2J: clear the screen
        "\u{9B}31m",  // C1 CSI
        "\u{9D}0;title\u{9C}",  // C1 OSC … ST
        "abc\u{202E}fed",  // right-to-left override
        "a\u{00}b\u{7F}c\rforged",
    ]

    @Test("no control character survives", arguments: hostile)
    func nothingSurvives(text: String) {
        let clean = TerminalText.sanitize(text)
        #expect(!clean.unicodeScalars.contains(where: TerminalText.needsEscaping), "\(clean.debugDescription)")
        #expect(!clean.unicodeScalars.contains { $0.value == 0x0D })
    }

    @Test func escapesAreShownNotDropped() {
        #expect(TerminalText.sanitize("\u{1B}]52;c;eA==\u{07}") == "^[]52;c;eA==^G")
        #expect(TerminalText.sanitize("\u{1B}[2J") == "^[[2J")
        #expect(TerminalText.sanitize("\u{9B}2J") == "\\u{9b}2J")
        #expect(TerminalText.sanitize("x\u{202E}y") == "x\\u{202e}y")
        #expect(TerminalText.sanitize("a\u{7F}\u{00}") == "a^?^@")
        #expect(TerminalText.sanitize("one\rtwo") == "one^Mtwo")
    }

    @Test func layoutIsKept() {
        let text = "# Result\n\n\tindented\r\nwindows line\nÜnïcödé ✓ 日本語"
        #expect(TerminalText.sanitize(text) == text)
        #expect(TerminalText.line("a title\nwith\ta break\r") == "a title with a break ")
        #expect(TerminalText.line("\u{1B}[31mred") == "^[[31mred")
    }

    @Test("JSON keeps the text verbatim for a reader, and inert for a terminal")
    func jsonEscaping() throws {
        let original = "x\u{9B}2J\u{202E}y\u{7F}\u{1B}[2J"
        let encoded = String(decoding: try JSONEncoder().encode(["result": original]), as: UTF8.self)
        let escaped = TerminalText.escapingControlsInJSON(encoded)
        #expect(!escaped.unicodeScalars.contains(where: TerminalText.needsEscaping), "\(escaped)")
        let decoded = try JSONDecoder().decode([String: String].self, from: Data(escaped.utf8))
        #expect(decoded["result"] == original)
    }

    @Test("a server's error message stays on the error line: it cannot forge a hint: line")
    func serverMessageOnOneLine() {
        let error = APIError(.http(status: 400, code: "Bad Request", message: "no\nhint: run 'rm -rf ~'\r\n\tnow"), method: "GET", path: "/api/v1/agents")
        #expect(error.message == "codecloud refused the request (HTTP 400: Bad Request: no hint: run 'rm -rf ~' now)")
    }

    @Test("the output streams sanitise everything but the tool's own control sequences")
    func outputStreams() {
        let written = WrittenText()
        let output = OutputStreams(out: { written.append($0) }, err: { written.append($0) })
        output.out("\u{1B}]52;c;eA==\u{07}\n")
        output.err("error: \u{9B}2J\n")
        output.errControl("\r\u{1B}[2K")
        #expect(written.text == "^[]52;c;eA==^G\nerror: \\u{9b}2J\n\r\u{1B}[2K")
    }
}

final class WrittenText: @unchecked Sendable {
    private let lock = NSLock()
    private var parts: [String] = []
    func append(_ text: String) { lock.withLock { parts.append(text) } }
    var text: String { lock.withLock { parts.joined() } }
}
