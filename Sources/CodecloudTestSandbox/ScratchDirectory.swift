import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fresh temporary directory, removed when the value is released (or at `remove()`). The one
/// scratch directory type of the tests: HOMEs, git sandboxes and emulator harnesses live in one.
/// Keep a reference for as long as the directory is needed (a `defer { scratch.remove() }` does).
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

    deinit { remove() }

    /// The directory as a file URL.
    public var url: URL { URL(fileURLWithPath: path, isDirectory: true) }

    /// `path/relative`.
    public func appending(_ relative: String) -> String { path + "/" + relative }

    /// Creates directory `relative` (and parents) and returns its path.
    @discardableResult
    public func makeDirectory(_ relative: String) throws -> String {
        let full = appending(relative)
        try FileManager.default.createDirectory(atPath: full, withIntermediateDirectories: true)
        return full
    }

    /// Deletes the directory and everything in it now (it is deleted on release anyway).
    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Writes `contents` to `path`, creating parent directories.
public func writeFile(_ path: String, _ contents: String) throws {
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try contents.write(toFile: path, atomically: false, encoding: .utf8)
}

/// Writes an executable script (a git hook) at `path`, mode 0755. The descriptor is opened
/// close-on-exec: one inherited by a child that another test spawned meanwhile would keep the
/// file open for writing, and exec'ing it would then fail with "Text file busy".
public func writeExecutable(_ path: String, _ contents: String) throws {
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
    guard descriptor >= 0 else { throw SandboxError("cannot create \(path): \(String(cString: strerror(errno)))") }
    defer { close(descriptor) }
    let bytes = Array(contents.utf8)
    guard write(descriptor, bytes, bytes.count) == bytes.count else { throw SandboxError("cannot write \(path)") }
    _ = fchmod(descriptor, 0o755)
}

/// Reads `path` as UTF-8 text.
public func readFile(_ path: String) throws -> String {
    try String(contentsOfFile: path, encoding: .utf8)
}

/// A failure in the neutral test scaffolding (a directory that cannot be made, a condition
/// never met). (`ScratchError` is CodecloudTestSupport's, for its process and git helpers.)
public struct SandboxError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
