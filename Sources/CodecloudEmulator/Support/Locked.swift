import Foundation

/// A value guarded by a lock, for the few synchronous shared values (clocks, pipe buffers) where
/// an actor hop would be awkward. (`Synchronization.Mutex` needs macOS 15; the package supports 14.)
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    /// Runs `body` with exclusive access to the value.
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
