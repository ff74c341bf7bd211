import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that a reader never sees half of one: the content goes to a temporary
/// file in the same directory (`<name>.<pid>-<random>.tmp`, unique so that two
/// overlapping runs do not write into each other's temporary file), is flushed to disk,
/// and is then renamed over the target in one step.
public enum AtomicFile {
    /// Writes `bytes` to `url` atomically.
    public static func write(_ bytes: [UInt8], to url: URL) throws(ReportWriteError) {
        try write(to: url) { temporary throws(ReportWriteError) in
            let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw .cannotWrite(path: temporary.path, reason: errnoText()) }
            defer { close(fd) }
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeBytes { buffer in
                    systemWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
                }
                if written < 0 {
                    if errno == EINTR { continue }
                    throw .cannotWrite(path: temporary.path, reason: errnoText())
                }
                offset += written
            }
            guard fsync(fd) == 0 else { throw .cannotWrite(path: temporary.path, reason: errnoText()) }
        }
    }

    /// Writes UTF-8 text (no byte-order mark) to `url` atomically.
    public static func write(_ text: String, to url: URL) throws(ReportWriteError) {
        try write(Array(text.utf8), to: url)
    }

    /// Lets `produce` write a temporary file (by path), then renames it to `url`. The
    /// temporary file is removed if `produce` throws.
    public static func write(to url: URL,
                             using produce: (URL) throws(ReportWriteError) -> Void) throws(ReportWriteError) {
        let temporary = temporaryURL(for: url)
        do {
            try produce(temporary)
        } catch {
            unlink(temporary.path)
            throw error
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = errnoText()
            unlink(temporary.path)
            throw .cannotReplace(path: url.path, reason: reason)
        }
    }

    /// A unique temporary name next to `url`.
    static func temporaryURL(for url: URL) -> URL {
        let random = String(UInt64.random(in: 0 ... UInt64.max), radix: 16)
        return url.deletingLastPathComponent()
            .appendingPathComponent(url.lastPathComponent + ".\(getpid())-\(random).tmp")
    }

    static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}

private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, buffer, count)
    #else
    return Darwin.write(fd, buffer, count)
    #endif
}
