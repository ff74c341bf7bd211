import CZlib

/// Reading a workbook's ZIP: its central directory and its parts, stored or deflated. The
/// finished-file check reads every worksheet back (`XLSXFileCheck`); the row splice rewrites
/// one (`XLSXSheetSplice`). Sizes and offsets are 32-bit (no ZIP64: libxlsxwriter writes none
/// for parts under 4 GB).
enum XLSXZip {
    struct Failure: Error {
        var reason: String
        /// Whether the ZIP would pass 4 GB, which this writer does not make (no ZIP64 records).
        var exceedsZIP = false
    }

    /// One entry of the ZIP's central directory, with where its data is.
    struct Entry {
        var record: [UInt8]
        var name: String
        var method: Int
        var crc: UInt32
        var compressedSize: Int
        var size: Int
        var localHeader: Int
    }

    static func u16(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
    static func u32(_ b: [UInt8], _ i: Int) -> Int { u16(b, i) | u16(b, i + 2) << 16 }

    /// The central directory's entries, in their order.
    static func centralDirectory(_ b: [UInt8]) throws(Failure) -> [Entry] {
        let end = try endRecord(in: b)
        return try entries(in: b, from: u32(b, end + 16), count: u16(b, end + 10))
    }

    /// Where the end-of-central-directory record starts in `tail`, the file's last bytes (at
    /// least the last 65,557 of them, or all).
    static func endRecord(in tail: [UInt8]) throws(Failure) -> Int {
        guard tail.count >= 22 else { throw Failure(reason: "too short for a ZIP") }
        var end = tail.count - 22
        let lowest = max(0, tail.count - 22 - 65_535)
        while end >= lowest && u32(tail, end) != 0x0605_4B50 { end -= 1 }
        guard end >= lowest else { throw Failure(reason: "no end-of-central-directory record") }
        return end
    }

    /// The `count` entries of the central directory starting at `start` in `b`.
    static func entries(in b: [UInt8], from start: Int, count: Int) throws(Failure) -> [Entry] {
        var i = start
        var entries: [Entry] = []
        for _ in 0 ..< count {
            guard i + 46 <= b.count, u32(b, i) == 0x0201_4B50 else { throw Failure(reason: "bad central directory") }
            let length = 46 + u16(b, i + 28) + u16(b, i + 30) + u16(b, i + 32)
            guard i + length <= b.count else { throw Failure(reason: "bad central directory") }
            entries.append(Entry(record: Array(b[i ..< i + length]),
                                 name: String(decoding: b[(i + 46) ..< (i + 46 + u16(b, i + 28))], as: UTF8.self),
                                 method: u16(b, i + 10), crc: UInt32(u32(b, i + 16)), compressedSize: u32(b, i + 20),
                                 size: u32(b, i + 24), localHeader: u32(b, i + 42)))
            i += length
        }
        return entries
    }

    /// Where the entry's data starts, from its local header (at least its first 30 bytes).
    static func dataStart(of entry: Entry, header: [UInt8], at offset: Int) throws(Failure) -> Int {
        let h = entry.localHeader - offset
        guard h >= 0, h + 30 <= header.count, u32(header, h) == 0x0403_4B50 else {
            throw Failure(reason: "bad local header of \(entry.name)")
        }
        return entry.localHeader + 30 + u16(header, h + 26) + u16(header, h + 28)
    }

    /// The entry's data as stored (compressed), after its local header.
    static func storedData(of entry: Entry, in b: [UInt8]) throws(Failure) -> ArraySlice<UInt8> {
        let start = try dataStart(of: entry, header: b, at: 0)
        guard start + entry.compressedSize <= b.count else { throw Failure(reason: "\(entry.name) is cut short") }
        return b[start ..< start + entry.compressedSize]
    }

    /// The entry's content given to `body` in pieces: a deflated entry's inflated into one
    /// reused buffer, at most `pieceSize` bytes at a time (a million-ticket month's Tickets sheet
    /// is 137 MB of XML, never held whole); a stored one's as it lies in the file, in one piece.
    static func inflatePieces(of entry: Entry, in b: [UInt8], pieceSize: Int = 1 << 20,
                              _ body: (UnsafeBufferPointer<UInt8>) -> Void) throws(Failure) {
        let stored = try storedData(of: entry, in: b)
        if entry.method == 0 {
            guard stored.count == entry.size else { throw Failure(reason: "\(entry.name) is not its recorded size") }
            stored.withUnsafeBufferPointer(body)
            return
        }
        let inflater = try Inflater(of: entry, pieceSize: pieceSize)
        // Read in place: the per-ticket sheet's stored data is megabytes.
        stored.withUnsafeBufferPointer { inflater.add($0, body) }
        try inflater.finish()
    }

    /// Inflates one deflated entry whose stored data comes in pieces, into one reused buffer.
    final class Inflater {
        private let entry: Entry
        private var stream = z_stream()
        private var piece: [UInt8]
        private var status = Z_OK

        init(of entry: Entry, pieceSize: Int) throws(Failure) {
            guard entry.method == 8 else { throw Failure(reason: "\(entry.name) has compression method \(entry.method)") }
            self.entry = entry
            piece = [UInt8](repeating: 0, count: pieceSize)
            guard inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                throw Failure(reason: "zlib could not start inflating")
            }
        }

        deinit { inflateEnd(&stream) }

        /// Inflates the next piece of stored data, giving `body` what it inflates to.
        func add(_ input: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
            guard status == Z_OK, let base = input.baseAddress else { return }
            stream.next_in = UnsafeMutablePointer(mutating: base)
            stream.avail_in = uInt(input.count)
            piece.withUnsafeMutableBufferPointer { out in
                repeat {
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(out.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    let produced = out.count - Int(stream.avail_out)
                    if produced > 0 { body(UnsafeBufferPointer(rebasing: out[..<produced])) }
                } while status == Z_OK && (stream.avail_out == 0 || stream.avail_in > 0)
            }
            // No progress without more input: the stream goes on in the next piece.
            if status == Z_BUF_ERROR && stream.avail_in == 0 { status = Z_OK }
        }

        /// Throws unless the stream ended, at the entry's recorded size.
        func finish() throws(Failure) {
            guard status == Z_STREAM_END, Int(stream.total_out) == entry.size else {
                throw Failure(reason: "\(entry.name) does not inflate to its recorded size")
            }
        }
    }

    /// The entry's content, inflated, whole (for small parts: the check reads large ones in
    /// pieces with `inflatePieces`).
    static func content(of entry: Entry, in b: [UInt8]) throws(Failure) -> [UInt8] {
        var content: [UInt8] = []
        content.reserveCapacity(entry.size)
        try inflatePieces(of: entry, in: b) { content.append(contentsOf: $0) }
        return content
    }
}
