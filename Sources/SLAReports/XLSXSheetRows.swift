import CZlib

/// A worksheet's data rows as SpreadsheetML `<row>` elements, written the way libxlsxwriter
/// writes them in its constant-memory mode (inline strings, the same escapes, `s` the style's
/// index) but straight into a raw deflate stream, for `XLSXSheetSplice` to put into the
/// finished workbook.
///
/// Why: at a million tickets a week's per-ticket sheet is about a million cells, and
/// libxlsxwriter formats each with `fprintf` after allocating it: 5.3 G instructions of the
/// workbook thread's 8.3 G (callgrind, 1M weekly report), the report's critical path.
///
/// Rows are written top to bottom, and a row's cells left to right. The stream ends with a
/// sync flush (byte-aligned, no final block), so that it can be followed by more deflate data.
/// A value type, mutated in place: a class's stored properties are checked for exclusive
/// access at run time on every append (a tenth of the writing thread's time).
struct XLSXSheetRows {
    /// The finished rows: raw deflate data, the CRC-32 and length of the XML it inflates to,
    /// and the last cell written (zero-based; -1 when there is none).
    struct Deflated {
        /// The deflate data's first `spilled.size` bytes, when the rows were written with a spill
        /// file; `pieces` follow them.
        var spilled: SpillFile?
        /// The deflate data in pieces of about a megabyte, in order (not one array: grown by
        /// doubling, a month's 23 MB of it at a million tickets held up to twice that); with a
        /// spill file, only what was not a whole piece yet.
        var pieces: [[UInt8]]
        var crc: UInt32
        var size: Int
        var lastRow: Int
        var lastColumn: Int
    }

    private let compressor: RawDeflater
    private var pending: [UInt8] = []
    private var currentRow = -1
    private var lastColumn = -1
    /// The row's cell names' numbers, written once per row (`A12` is the column's letters and this).
    private var rowDigits: [UInt8] = []
    /// Column letters by index, made once per column.
    private var columnNames: [[UInt8]] = []
    private static let flushAt = 1 << 18
    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// - Parameters:
    ///   - level: zlib's compression level (1 fastest, 9 smallest).
    ///   - pieceSize: the most bytes of deflate data in one of `Deflated.pieces` (tests write small ones).
    ///   - spill: where each whole piece goes instead of memory.
    init(level: Int32, pieceSize: Int = RawDeflater.defaultPieceSize, spill: SpillFile? = nil) {
        compressor = RawDeflater(level: level, pieceSize: pieceSize, spill: spill)
        pending.reserveCapacity(Self.flushAt + 4096)
    }

    /// Starts row `row` (zero-based; after the previous one), ending the one before.
    mutating func startRow(_ row: Int) {
        precondition(row > currentRow, "rows are written top to bottom")
        endRow()
        currentRow = row
        rowDigits = Array(String(row + 1).utf8)
        append("<row r=\"")
        pending.append(contentsOf: rowDigits)
        append("\">")
    }

    /// A text cell (`t="inlineStr"`): `&`, `<` and `>` escaped, control characters other
    /// than tab and line feed as `_xHHHH_`, `xml:space="preserve"` when it starts or ends
    /// with white space. An empty text is not a cell (as libxlsxwriter: write a blank instead).
    mutating func string(_ column: Int, _ text: String, style: Int32?) {
        precondition(!text.isEmpty, "an empty text is written as a blank")
        var text = text
        text.withUTF8 { bytes in
            self.cellStart(column, style: style)
            self.append(" t=\"inlineStr\"><is><t")
            if Self.needsPreserve(bytes) { self.append(" xml:space=\"preserve\"") }
            self.pending.append(UInt8(ascii: ">"))
            self.appendEscaped(bytes)
            self.append("</t></is></c>")
        }
        flushIfFull()
    }

    /// A number cell; integral values without a fraction, others with the shortest digits
    /// that read back as the same double. Not finite: written as a blank of the style.
    mutating func number(_ column: Int, _ value: Double, style: Int32?) {
        guard value.isFinite else {
            if let style { blank(column, style: style) }
            return
        }
        cellStart(column, style: style)
        append("><v>")
        if value == value.rounded(), abs(value) < 9.007_199_254_740_992e15 {
            appendDigits(Int64(value))
        } else {
            append(value.description)
        }
        append("</v></c>")
        flushIfFull()
    }

    /// A boolean cell (`t="b"`).
    mutating func boolean(_ column: Int, _ value: Bool, style: Int32?) {
        cellStart(column, style: style)
        append(value ? " t=\"b\"><v>1</v></c>" : " t=\"b\"><v>0</v></c>")
        flushIfFull()
    }

    /// An empty cell that carries a style (a cell without a style and value is not written).
    mutating func blank(_ column: Int, style: Int32) {
        cellStart(column, style: style)
        append("/>")
        flushIfFull()
    }

    /// Ends the last row and the stream (sync-flushed) and returns it; once.
    mutating func finish() -> Deflated {
        endRow()
        compressor.compress(pending, flush: Z_SYNC_FLUSH)
        pending.removeAll()
        return Deflated(spilled: compressor.spill, pieces: compressor.output.filter { !$0.isEmpty },
                        crc: compressor.crc, size: compressor.size, lastRow: currentRow,
                        lastColumn: lastColumn)
    }

    // MARK: - Writing

    private mutating func endRow() {
        guard !rowDigits.isEmpty else { return }
        append("</row>")
        rowDigits = []
    }

    private mutating func cellStart(_ column: Int, style: Int32?) {
        precondition(!rowDigits.isEmpty, "a cell is written in a started row")
        lastColumn = max(lastColumn, column)
        append("<c r=\"")
        pending.append(contentsOf: name(ofColumn: column))
        pending.append(contentsOf: rowDigits)
        pending.append(UInt8(ascii: "\""))
        if let style, style > 0 {
            append(" s=\"")
            appendDigits(Int64(style))
            pending.append(UInt8(ascii: "\""))
        }
    }

    /// The column's letters (0 is A, 25 Z, 26 AA).
    private mutating func name(ofColumn column: Int) -> [UInt8] {
        while columnNames.count <= column { columnNames.append(Self.letters(columnNames.count)) }
        return columnNames[column]
    }

    static func letters(_ column: Int) -> [UInt8] {
        var letters: [UInt8] = []
        var rest = column + 1
        while rest > 0 {
            let digit = (rest - 1) % 26
            letters.insert(UInt8(ascii: "A") + UInt8(digit), at: 0)
            rest = (rest - 1) / 26
        }
        return letters
    }

    private mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { pending.append(contentsOf: $0) }
    }

    private mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { pending.append(contentsOf: $0) }
    }

    private mutating func appendDigits(_ value: Int64) {
        if value < 0 { pending.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = digits.count
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            pending.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    /// Whether libxlsxwriter marks the text `xml:space="preserve"`: its first or last byte,
    /// after control characters became `_xHHHH_`, is white space (space, tab or line feed).
    static func needsPreserve(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A }
        guard let first = bytes.first, let last = bytes.last else { return false }
        return isSpace(first) || isSpace(last)
    }

    /// The text with XML's three escapes and control characters as `_xHHHH_`.
    private mutating func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>) {
        var start = 0
        for index in 0 ..< bytes.count {
            let byte = bytes[index]
            guard byte < 0x20 || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") else {
                continue
            }
            if byte == 0x09 || byte == 0x0A { continue }
            pending.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start ..< index]))
            switch byte {
            case UInt8(ascii: "&"): append("&amp;")
            case UInt8(ascii: "<"): append("&lt;")
            case UInt8(ascii: ">"): append("&gt;")
            default:
                append("_x00")
                pending.append(Self.hexDigits[Int(byte >> 4)])
                pending.append(Self.hexDigits[Int(byte & 0xF)])
                pending.append(UInt8(ascii: "_"))
            }
            start = index + 1
        }
        pending.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
    }

    private mutating func flushIfFull() {
        guard pending.count >= Self.flushAt else { return }
        compressor.compress(pending, flush: Z_NO_FLUSH)
        pending.removeAll(keepingCapacity: true)
    }
}

/// A raw deflate stream (no zlib or gzip wrapper) with the CRC-32 and length of what went in.
final class RawDeflater {
    private var stream = z_stream()
    /// The deflate data so far, in pieces of at most `pieceSize` bytes (with `spill`, what is
    /// not in it yet: less than a piece).
    private(set) var output: [[UInt8]] = []
    private let pieceSize: Int
    /// Where each whole piece is written instead of being kept.
    let spill: SpillFile?
    static let defaultPieceSize = 1 << 20
    private(set) var crc: UInt32 = 0
    private(set) var size = 0

    init(level: Int32, pieceSize: Int = RawDeflater.defaultPieceSize, spill: SpillFile? = nil) {
        precondition(pieceSize > 0)
        self.pieceSize = pieceSize
        self.spill = spill
        let status = deflateInit2_(&stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                                   Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK, "zlib could not start a deflate stream (\(status))")
    }

    deinit { deflateEnd(&stream) }

    /// Deflates `bytes` (and flushes as asked: `Z_NO_FLUSH`, `Z_SYNC_FLUSH` or `Z_FINISH`) into `output`.
    func compress(_ bytes: [UInt8], flush: Int32) {
        crc = UInt32(bytes.withUnsafeBufferPointer { crc32(uLong(crc), $0.baseAddress, uInt($0.count)) })
        size += bytes.count
        bytes.withUnsafeBufferPointer { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = uInt(input.count)
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            var finished = false
            repeat {
                let produced: Int = chunk.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(out.count)
                    let status = deflate(&stream, flush)
                    precondition(status == Z_OK || status == Z_BUF_ERROR || status == Z_STREAM_END,
                                 "zlib deflate failed (\(status))")
                    finished = status == Z_STREAM_END
                    return out.count - Int(stream.avail_out)
                }
                append(chunk[..<produced])
            } while stream.avail_out == 0 && !finished
        }
    }

    private func append(_ bytes: ArraySlice<UInt8>) {
        var rest = bytes
        while !rest.isEmpty {
            if output.isEmpty || output[output.count - 1].count == pieceSize {
                // A whole piece at once: grown by doubling instead, the 1M week's report peaked
                // 2 MB higher. (A splice's small head and tail streams hold it only briefly.)
                output.append([])
                output[output.count - 1].reserveCapacity(pieceSize)
            }
            let room = pieceSize - output[output.count - 1].count
            output[output.count - 1].append(contentsOf: rest.prefix(room))
            rest = rest.dropFirst(room)
            if let spill, output[output.count - 1].count == pieceSize {
                // The piece's storage is kept and filled again.
                output[output.count - 1].withUnsafeBytes(spill.append)
                output[output.count - 1].removeAll(keepingCapacity: true)
            }
        }
    }
}
