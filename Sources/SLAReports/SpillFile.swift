import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bytes written to a file as they come and read back in pieces, for data a report would
/// otherwise hold until its end: the workbook's Tickets rows, deflated while the report is
/// aggregated and spliced in once the workbook is closed (7 MB for a million-ticket week,
/// 23 MB for a month), wait on the output's disk instead. The file is removed when the object
/// goes (and with the scratch folder it is made in).
final class SpillFile {
    let path: String
    private let fd: Int32
    /// Bytes written so far.
    private(set) var size = 0
    /// Why the first write that failed did (`strerror`); nothing more is written after it.
    private(set) var failure: String?

    /// Creates the file at `path`, which must not exist.
    init(path: String) throws(ReportWriteError) {
        fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .cannotWrite(path: path, reason: AtomicFile.errnoText()) }
        self.path = path
    }

    deinit {
        close(fd)
        unlink(path)
    }

    /// Writes `bytes` after those written before (unless a write failed: see `failure`).
    func append(_ bytes: UnsafeRawBufferPointer) {
        guard failure == nil, let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let written = write(fd, base + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                failure = AtomicFile.errnoText()
                return
            }
            offset += written
        }
        size += bytes.count
    }

    /// Throws `.cannotWrite` when a write failed.
    func checkWritten() throws(ReportWriteError) {
        if let failure { throw .cannotWrite(path: path, reason: failure) }
    }

    /// Gives `body` every byte written, in order, at most `pieceSize` at a time, through one
    /// reused buffer; stops early when `body` returns false (and returns false).
    func readPieces(pieceSize: Int = 1 << 20, _ body: (UnsafeRawBufferPointer) -> Bool) throws(ReportWriteError) -> Bool {
        try checkWritten()
        var buffer = [UInt8](repeating: 0, count: max(1, min(pieceSize, size)))
        var offset = 0
        while offset < size {
            let wanted = min(buffer.count, size - offset)
            let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, wanted, off_t(offset)) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                throw .cannotWrite(path: path, reason: count < 0 ? AtomicFile.errnoText() : "the file ended before its data")
            }
            guard buffer.withUnsafeBytes({ body(UnsafeRawBufferPointer(rebasing: $0[..<count])) }) else { return false }
            offset += count
        }
        return true
    }
}
