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
    /// Everything readable from `descriptor` up to end of file; with `onChunk`, each read goes
    /// to it as it arrives instead (and the result is empty).
    @discardableResult
    public static func readToEnd(_ descriptor: Int32, onChunk: ((Data) -> Void)? = nil) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                if let onChunk {
                    onChunk(Data(buffer[0..<count]))
                } else {
                    data.append(buffer, count: count)
                }
            } else if count < 0, errno == EINTR {
                continue
            } else {
                return data
            }
        }
    }

    /// `writeAll` for a pipe whose reader may have gone (a child that exits without reading its
    /// stdin): the SIGPIPE that would kill a process not ignoring it is blocked in this thread
    /// for the write and taken back before unblocking.
    public static func writeAllWithoutSIGPIPE(_ data: Data, to descriptor: Int32) {
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &pipeSignal, &previous)
        writeAll(data, to: descriptor)
        var pending = sigset_t()
        sigpending(&pending)
        if sigismember(&pending, SIGPIPE) == 1, sigismember(&previous, SIGPIPE) == 0 {
            var now = timespec()
            _ = sigtimedwait(&pipeSignal, nil, &now)
        }
        pthread_sigmask(SIG_SETMASK, &previous, nil)
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
