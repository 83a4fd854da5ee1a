/// Source of stdin: the terminal's (`InputSource.standard`, built by the CLI), or fixed text
/// in tests.
public struct InputSource: Sendable {
    private let readAllText: @Sendable () -> String
    private let readSecretLine: @Sendable (_ prompt: String, _ output: OutputStreams) -> String?
    private let readVisibleLine: (@Sendable () -> String?)?

    public init(
        readAll: @escaping @Sendable () -> String,
        readSecret: @escaping @Sendable (_ prompt: String, _ output: OutputStreams) -> String?,
        readLine: (@Sendable () -> String?)? = nil
    ) {
        self.readAllText = readAll
        self.readSecretLine = readSecret
        self.readVisibleLine = readLine
    }

    /// Prints `prompt` on stderr and reads one line, echoed (a confirmation's answer). Without
    /// a line reader, the first line of everything on stdin.
    public func readAnswer(prompt: String, output: OutputStreams) -> String? {
        output.err(prompt)
        if let readVisibleLine { return readVisibleLine() }
        return readAll().split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init)
    }

    /// Everything on stdin up to end of file.
    public func readAll() -> String { readAllText() }

    /// Prints `prompt` on stderr and reads one line without echoing it (stdin is a terminal).
    public func readSecret(prompt: String, output: OutputStreams) -> String? { readSecretLine(prompt, output) }

    /// Fixed text, for tests: `readAll` returns it, `readSecret` its first line.
    public static func text(_ text: String) -> InputSource {
        InputSource(
            readAll: { text },
            readSecret: { prompt, output in
                output.err(prompt)
                return text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init)
            })
    }
}
