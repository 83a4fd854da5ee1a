import Foundation

/// Where the emulator's state lives between changes: memory only, or a JSON file.
protocol StateStore: Sendable {
    /// The saved state, or `nil` when there is none yet.
    func load() throws -> EmulatorState?
    /// Saves a snapshot after a change.
    func save(_ state: EmulatorState) throws
}

/// Keeps nothing: state lives only in the service's memory.
struct MemoryStateStore: StateStore {
    func load() throws -> EmulatorState? { nil }
    func save(_ state: EmulatorState) throws {}
}

/// A JSON snapshot written atomically on every change (`--state FILE`).
struct FileStateStore: StateStore {
    /// The snapshot's path.
    let file: URL

    func load() throws -> EmulatorState? {
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        return try WireCoding.makeDecoder().decode(EmulatorState.self, from: Data(contentsOf: file))
    }

    func save(_ state: EmulatorState) throws {
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try WireCoding.makeEncoder().encode(state).write(to: file, options: .atomic)
    }
}
