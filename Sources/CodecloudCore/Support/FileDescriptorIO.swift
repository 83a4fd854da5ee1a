import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads and writes file descriptors with plain POSIX calls, retrying when a signal interrupts
/// them. Foundation's `FileHandle.readDataToEndOfFile()`, `availableData` and `write(_:)` trap on
/// Linux when read(2)/write(2) fail with EINTR, which happens while SIGINT/SIGTERM/SIGCHLD
/// handlers are installed — exactly when Ctrl-C arrives during a child process or progress line.
public enum FileDescriptorIO {
    /// Everything readable from `descriptor` up to end of file.
    public static func readToEnd(_ descriptor: Int32) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                data.append(buffer, count: count)
            } else if count < 0, errno == EINTR {
                continue
            } else {
                return data
            }
        }
    }

    /// Writes all of `data` to `descriptor`; gives up silently when the reader has gone (EPIPE).
    public static func writeAll(_ data: Data, to descriptor: Int32) {
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            guard var pointer = bytes.baseAddress else { return }
            var remaining = bytes.count
            while remaining > 0 {
                let written = write(descriptor, pointer, remaining)
                if written > 0 {
                    pointer += written
                    remaining -= written
                } else if written < 0, errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }
}
