import Foundation

/// A fresh temporary directory, removed when the value is released.
public final class ScratchDirectory: @unchecked Sendable {
    /// Absolute path, symlinks resolved (so it compares equal to paths git and libgit2 report).
    public let path: String

    /// Creates an empty directory under the system temporary directory.
    public init(prefix: String = "codecloud-test") throws {
        let base = URL(fileURLWithPath: NSTemporaryDirectory()).resolvingSymlinksInPath()
        let url = base.appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = url.path
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// `path/relative`.
    public func appending(_ relative: String) -> String { path + "/" + relative }

    /// Creates directory `relative` (and parents) and returns its path.
    @discardableResult
    public func makeDirectory(_ relative: String) throws -> String {
        let full = appending(relative)
        try FileManager.default.createDirectory(atPath: full, withIntermediateDirectories: true)
        return full
    }
}

/// Writes `contents` to `path`, creating parent directories.
public func writeFile(_ path: String, _ contents: String) throws {
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try contents.write(toFile: path, atomically: false, encoding: .utf8)
}

/// Reads `path` as UTF-8 text.
public func readFile(_ path: String) throws -> String {
    try String(contentsOfFile: path, encoding: .utf8)
}
