/// Waits until `condition` holds, checking every 20 ms, and throws `message` when `timeout`
/// passes first. The timeout is a ceiling for a loaded machine, never a speed requirement.
public func awaitCondition(
    timeout: Duration = .seconds(60), _ message: @autoclosure () -> String = "condition not met in time",
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    if try await condition() { return }
    throw SandboxError(message())
}
