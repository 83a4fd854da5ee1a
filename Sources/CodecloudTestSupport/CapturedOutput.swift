import CodecloudCore
import Foundation

/// Collects what a workflow or command writes to stdout and stderr, for assertions.
public final class CapturedOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var outText = ""
    private var errText = ""

    public init() {}

    /// Everything written to stdout so far.
    public var stdout: String { lock.withLock { outText } }
    /// Everything written to stderr so far.
    public var stderr: String { lock.withLock { errText } }

    /// Streams that write into this capture.
    public var streams: OutputStreams {
        OutputStreams(
            out: { [self] text in lock.withLock { outText += text } },
            err: { [self] text in lock.withLock { errText += text } }
        )
    }
}
