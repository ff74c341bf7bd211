import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes to standard output and standard error with write(2), reporting a failure instead of
/// trapping: Foundation's `FileHandle.write(_:)` traps when the write fails, so a cron log on a
/// full disk (`2>>/var/log/slareport.log`), or a closed stream, turned every note and error into
/// a crash (exit 132), and `run` died after its import had committed (a stranger's trial).
public enum StandardStreams {
    /// Makes a write to a closed pipe fail with EPIPE instead of killing the process with
    /// SIGPIPE (`slareport report --all-weeks | head -1` died after the first period, its work
    /// half done). Call once at start-up.
    public static func ignoreBrokenPipes() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Writes `text` to standard error; a failure is ignored (there is nowhere left to say it).
    public static func writeError(_ text: String) {
        _ = writeAll(text, to: STDERR_FILENO)
    }

    /// Writes `text` to standard output; returns the failure's `errno`, or nil when all of it
    /// was written. Flushes what `print` buffered first, so the two keep their order.
    @discardableResult
    public static func writeOutput(_ text: String) -> Int32? {
        fflush(nil)
        return writeAll(text, to: STDOUT_FILENO)
    }

    private static func writeAll(_ text: String, to descriptor: Int32) -> Int32? {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            bytes = bytes.dropFirst(written)
        }
        return nil
    }
}
