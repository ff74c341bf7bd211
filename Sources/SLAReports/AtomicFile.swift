import Foundation
import SLAModel
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
        try write(to: url) { temporary throws(ReportWriteError) in try writeNew(bytes, to: temporary) }
    }

    /// Creates `url`, which must not exist (O_EXCL, O_NOFOLLOW: a file or symlink planted
    /// at the name is refused, never followed), writes `bytes` and flushes them to disk.
    /// The mode is 0666 less the umask (the commands set it from `--file-mode`). A write that
    /// fails (a full disk) removes the file it created: no empty or partial file is left.
    public static func writeNew(_ bytes: [UInt8], to temporary: URL) throws(ReportWriteError) {
        try writeNew(pieces: [bytes[...]], to: temporary)
    }

    /// `writeNew(_:to:)` of the pieces' bytes one after another.
    static func writeNew(pieces: [ArraySlice<UInt8>], to temporary: URL) throws(ReportWriteError) {
        try writeNew(to: temporary) { writeWhole in
            pieces.allSatisfy { piece in piece.withUnsafeBytes(writeWhole) }
        }
    }

    /// Creates `temporary` as `writeNew(_:to:)` does and lets `write` write it through the
    /// function it is given, which writes a buffer whole and says whether it could (`write`
    /// returns false once one could not); then flushes it. A failed write or flush removes it.
    static func writeNew(to temporary: URL,
                         _ write: (_ writeWhole: (UnsafeRawBufferPointer) -> Bool) -> Bool) throws(ReportWriteError) {
        // Made before an interrupted run's cleanup looks, or not at all (`InterruptCleanup`).
        let (fd, openFailure) = InterruptCleanup.committing {
            let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o666)
            return (fd, fd < 0 ? errnoText() : "")
        }
        guard fd >= 0 else { throw .cannotWrite(path: temporary.path, reason: openFailure) }
        func fail(_ reason: String) -> ReportWriteError {
            close(fd)
            unlink(temporary.path)
            return .cannotWrite(path: temporary.path, reason: reason)
        }
        // The first failed write's reason, taken at once (what runs after it may change errno);
        // once set, nothing more is written, whatever `write` returns.
        var writeFailure: String?
        let wroteAll = write { buffer in
            guard writeFailure == nil else { return false }
            guard writeWhole(fd, buffer) else {
                writeFailure = errnoText()
                return false
            }
            return true
        }
        if let writeFailure { throw fail(writeFailure) }
        precondition(wroteAll, "a write that failed sets its reason")
        guard fsync(fd) == 0 else { throw fail(errnoText()) }
        close(fd)
    }

    /// Writes `buffer` whole to `fd`, again after an interrupted call; false (with `errno` set) when a
    /// write failed.
    static func writeWhole(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < buffer.count {
            let written = systemWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }

    /// Removes the temporary files of `url` (`<name>.<pid>-<hex>.tmp`) that runs no longer
    /// alive left behind (killed between creating and renaming them). Returns how many.
    @discardableResult
    public static func removeStaleTemporaries(of url: URL) -> Int {
        let folder = url.deletingLastPathComponent()
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return 0 }
        var removed = 0
        for name in names where name.hasPrefix(url.lastPathComponent + ".") {
            guard let pid = writerPID(ofTemporaryName: name), pid != getpid(), kill(pid, 0) != 0 && errno == ESRCH else { continue }
            if unlink(folder.appendingPathComponent(name).path) == 0 { removed += 1 }
        }
        return removed
    }

    /// Flushes a folder's entries (renames) to disk; best effort.
    static func syncDirectory(_ directory: URL) {
        let fd = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    /// The pid in a temporary name made by `temporaryURL(for:)` (`<name>.<pid>-<hex>.tmp`).
    static func writerPID(ofTemporaryName name: String) -> pid_t? {
        guard name.hasSuffix(".tmp") else { return nil }
        let stem = name.dropLast(4)
        guard let dot = stem.lastIndex(of: "."), let dash = stem[dot...].firstIndex(of: "-") else { return nil }
        return pid_t(stem[stem.index(after: dot) ..< dash])
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
        let cleanup = InterruptCleanup.removing(temporary.path)
        defer { InterruptCleanup.remove(cleanup) }
        do {
            try produce(temporary)
        } catch {
            unlink(temporary.path)
            throw error
        }
        let renameFailure = InterruptCleanup.committing(removing: [cleanup]) {
            rename(temporary.path, url.path) == 0 ? nil : errnoText()
        }
        if let reason = renameFailure {
            unlink(temporary.path)
            throw .cannotReplace(path: url.path, reason: reason)
        }
    }

    /// A unique temporary name next to `url`.
    public static func temporaryURL(for url: URL) -> URL {
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
