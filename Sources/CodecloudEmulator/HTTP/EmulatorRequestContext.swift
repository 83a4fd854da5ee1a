import Hummingbird
import NIOCore

/// Hummingbird's request context plus the connection's channel, which the `drop` fault closes
/// to hang up without answering.
struct EmulatorRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The connection the request arrived on.
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
