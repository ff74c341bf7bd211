import CZlib
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A workbook's ZIP read from its file a range at a time (`pread`): the finished-file check
/// holds a megabyte of it, not all of it (read whole, a million-ticket month's 23 MB workbook
/// was that report's peak of memory).
final class XLSXZipFile {
    private let fd: Int32
    /// The file's size in bytes.
    let size: Int

    init(path: String) throws(XLSXZip.Failure) {
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw XLSXZip.Failure(reason: "cannot read the file") }
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            close(fd)
            throw XLSXZip.Failure(reason: "cannot read the file")
        }
        size = Int(status.st_size)
    }

    deinit { close(fd) }

    /// The bytes in `range`; throws when the file ends before it does.
    func bytes(_ range: Range<Int>) throws(XLSXZip.Failure) -> [UInt8] {
        guard range.lowerBound >= 0, range.upperBound <= size else { throw XLSXZip.Failure(reason: "cut short") }
        var complete = true
        let bytes = [UInt8](unsafeUninitializedCapacity: range.count) { buffer, initialized in
            while initialized < range.count {
                let count = pread(fd, buffer.baseAddress! + initialized, range.count - initialized,
                                  off_t(range.lowerBound + initialized))
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                initialized += count
            }
            complete = initialized == range.count
        }
        guard complete else { throw XLSXZip.Failure(reason: "cannot read the file") }
        return bytes
    }

    /// The central directory's entries, in their order.
    func centralDirectory() throws(XLSXZip.Failure) -> [XLSXZip.Entry] {
        let tailStart = max(0, size - 22 - 65_535)
        let tail = try bytes(tailStart ..< size)
        let end = try XLSXZip.endRecord(in: tail)
        let start = XLSXZip.u32(tail, end + 16), length = XLSXZip.u32(tail, end + 12)
        guard start + length <= size else { throw XLSXZip.Failure(reason: "bad central directory") }
        return try XLSXZip.entries(in: bytes(start ..< start + length), from: 0, count: XLSXZip.u16(tail, end + 10))
    }

    /// `XLSXZip.inflatePieces` of an entry of this file, its stored data read `pieceSize` bytes at a time.
    func inflatePieces(of entry: XLSXZip.Entry, pieceSize: Int = 1 << 20,
                       _ body: (UnsafeBufferPointer<UInt8>) -> Void) throws(XLSXZip.Failure) {
        // The local header's fixed part says how long its name and extra field are.
        guard entry.localHeader >= 0, entry.localHeader <= size - 30 else {
            throw XLSXZip.Failure(reason: "bad local header of \(entry.name)")
        }
        let header = try bytes(entry.localHeader ..< entry.localHeader + 30)
        let start = try XLSXZip.dataStart(of: entry, header: header, at: entry.localHeader)
        guard start + entry.compressedSize <= size else { throw XLSXZip.Failure(reason: "\(entry.name) is cut short") }
        if entry.method == 0 {
            guard entry.compressedSize == entry.size else { throw XLSXZip.Failure(reason: "\(entry.name) is not its recorded size") }
        }
        let inflater = entry.method == 0 ? nil : try XLSXZip.Inflater(of: entry, pieceSize: pieceSize)
        var offset = start
        while offset < start + entry.compressedSize {
            let stored = try bytes(offset ..< min(offset + pieceSize, start + entry.compressedSize))
            stored.withUnsafeBufferPointer { piece in
                if let inflater { inflater.add(piece, body) } else { body(piece) }
            }
            offset += stored.count
        }
        try inflater?.finish()
    }
}
