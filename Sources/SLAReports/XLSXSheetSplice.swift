import CZlib
import Foundation

/// A worksheet's data rows written apart, and the part of the workbook they go into.
struct SplicedSheetRows {
    /// The worksheet's part, e.g. `xl/worksheets/sheet12.xml`.
    let part: String
    let rows: XLSXSheetRows.Deflated
}

/// Puts data rows written apart (`XLSXSheetRows`) into a worksheet of a finished workbook:
/// libxlsxwriter wrote the sheet with its header row, widths, panes and filter, and this
/// rewrites the ZIP with the rows after that header and the sheet's `<dimension>` grown to
/// them. The rows' deflate data is not compressed again: the part becomes the sheet's head,
/// the rows and its tail, each a deflate stream of its own, one after the other (a stream
/// that ends with a sync flush can be followed by another), and its CRC-32 is combined from
/// the three.
enum XLSXSheetSplice {
    /// A stretch of the new file: bytes in memory, or all that a spill file holds.
    enum Piece {
        case bytes(ArraySlice<UInt8>)
        case spilled(SpillFile)

        var count: Int {
            switch self {
            case .bytes(let bytes): bytes.count
            case .spilled(let file): file.size
            }
        }
    }

    /// Rewrites the workbook at `url` with each sheet's rows inserted into its part
    /// (`xl/worksheets/sheet12.xml`), after the rows it has; `level` is the zlib level of the
    /// parts' heads and tails. The new file replaces the old one by a rename, flushed to disk first.
    static func insert(_ sheets: [SplicedSheetRows], into url: URL, level: Int32) throws(ReportWriteError) {
        let zip: [Piece]
        do {
            zip = try spliced(sheets, into: url, level: level)
        } catch {
            throw writeError(error, adding: sheets.map(\.part), to: url)
        }
        let temporary = AtomicFile.temporaryURL(for: url)
        // A spill file that failed to be written or cannot be read back stops the writing; the
        // temporary file goes.
        var readFailure: ReportWriteError?
        try AtomicFile.writeNew(to: temporary) { writeWhole in
            for piece in zip {
                switch piece {
                case .bytes(let bytes):
                    guard bytes.withUnsafeBytes(writeWhole) else { return false }
                case .spilled(let file):
                    do throws(ReportWriteError) {
                        guard try file.readPieces(writeWhole) else { return false }
                    } catch {
                        readFailure = error
                        return true
                    }
                }
            }
            return true
        }
        if let readFailure {
            unlink(temporary.path)
            throw readFailure
        }
        guard rename(temporary.path, url.path) == 0 else {
            let failure = ReportWriteError.cannotWrite(path: url.path, reason: AtomicFile.errnoText())
            unlink(temporary.path)
            throw failure
        }
    }

    /// What a splice that failed says: a workbook past 4 GB is one to leave out, any other failure
    /// a file that could not be read or written.
    static func writeError(_ failure: XLSXZip.Failure, adding parts: [String], to url: URL) -> ReportWriteError {
        .spreadsheet(XLSXWriterError(operation: "adding the rows of \(parts.joined(separator: ", ")) to \(url.lastPathComponent)",
                                     code: 0, message: failure.reason,
                                     advice: failure.exceedsZIP ? XLSXWriterError.tooLargeAdvice : nil))
    }

    /// The workbook at `url` with each sheet's rows in its part, as the ZIP's bytes in pieces, in
    /// order (the rows' deflate data not copied: a month at a million tickets is tens of
    /// megabytes of it).
    static func spliced(_ sheets: [SplicedSheetRows], into url: URL, level: Int32) throws(XLSXZip.Failure) -> [Piece] {
        // Read whole: without their rows, the sheets libxlsxwriter wrote are small.
        let file = try XLSXZipFile(path: url.path)
        let bytes = try file.bytes(0 ..< file.size)
        var entries = try XLSXZip.centralDirectory(bytes)
        var compressedParts: [String: [Piece]] = [:]
        for sheet in sheets {
            guard let index = entries.firstIndex(where: { $0.name == sheet.part }) else {
                throw XLSXZip.Failure(reason: "no part \(sheet.part)")
            }
            let (entry, compressed) = try spliced(sheet.rows, into: entries[index], of: bytes, level: level)
            entries[index] = entry
            compressedParts[sheet.part] = compressed
        }
        return try write(entries, data: { (entry: XLSXZip.Entry) throws(XLSXZip.Failure) -> [Piece] in
            if let compressed = compressedParts[entry.name] { return compressed }
            return [.bytes(try XLSXZip.storedData(of: entry, in: bytes))]
        })
    }

    /// The part `entry` of the ZIP `bytes` with `rows` in it: its new central directory record
    /// and its deflate data in pieces.
    static func spliced(_ rows: XLSXSheetRows.Deflated, into entry: XLSXZip.Entry, of bytes: [UInt8],
                        level: Int32) throws(XLSXZip.Failure) -> (XLSXZip.Entry, [Piece]) {
        let sheet = try XLSXZip.content(of: entry, in: bytes)
        let (head, tail) = try split(sheet, around: rows)
        let headStream = RawDeflater(level: level), tailStream = RawDeflater(level: level)
        headStream.compress(head, flush: Z_SYNC_FLUSH)
        tailStream.compress(tail, flush: Z_FINISH)
        let compressed = headStream.output.map { Piece.bytes($0[...]) } + (rows.spilled.map { [.spilled($0)] } ?? [])
            + (rows.pieces + tailStream.output).map { .bytes($0[...]) }
        let compressedSize = compressed.reduce(0) { $0 + $1.count }
        var crc = UInt32(crc32_combine(uLong(headStream.crc), uLong(rows.crc), off_t(rows.size)))
        crc = UInt32(crc32_combine(uLong(crc), uLong(tailStream.crc), off_t(tail.count)))
        let size = head.count + rows.size + tail.count
        guard size < 0xFFFF_FFFF, compressedSize < 0xFFFF_FFFF else {
            throw XLSXZip.Failure(reason: "the part is larger than 4 GB, which needs ZIP64", exceedsZIP: true)
        }
        var replaced = entry
        replaced.method = 8
        replaced.crc = crc
        replaced.size = size
        replaced.compressedSize = compressedSize
        return (replaced, compressed)
    }

    /// The sheet's XML before the point where the rows go (its `<dimension>` grown to them)
    /// and after it: the end of `<sheetData>`.
    static func split(_ sheet: [UInt8], around rows: XLSXSheetRows.Deflated) throws(XLSXZip.Failure) -> (head: [UInt8], tail: [UInt8]) {
        var head: [UInt8], tail: [UInt8]
        if let end = find(Array("</sheetData>".utf8), in: sheet) {
            head = Array(sheet[..<end])
            tail = Array(sheet[end...])
        } else if let empty = find(Array("<sheetData/>".utf8), in: sheet) {
            head = Array(sheet[..<empty]) + Array("<sheetData>".utf8)
            tail = Array("</sheetData>".utf8) + sheet[(empty + "<sheetData/>".utf8.count)...]
        } else {
            throw XLSXZip.Failure(reason: "the worksheet has no sheetData")
        }
        guard rows.lastRow >= 0 else { return (head, tail) }
        let opening = Array("<dimension ref=\"".utf8)
        guard let start = find(opening, in: head),
              let close = head[(start + opening.count)...].firstIndex(of: UInt8(ascii: "\"")) else {
            throw XLSXZip.Failure(reason: "the worksheet has no dimension")
        }
        let ref = String(decoding: head[(start + opening.count) ..< close], as: UTF8.self)
        head.replaceSubrange((start + opening.count) ..< close, with: Array(grown(ref, toRow: rows.lastRow, column: rows.lastColumn).utf8))
        return (head, tail)
    }

    /// The range `ref` (`A1` or `A1:AK1`) grown to include the cell at `row`, `column`
    /// (zero-based).
    static func grown(_ ref: String, toRow row: Int, column: Int) -> String {
        let cells = ref.split(separator: ":").map(String.init)
        let first = cells.first ?? "A1"
        let last = cells.last ?? first
        let letters = last.prefix { $0.isLetter }
        let lastColumn = letters.unicodeScalars.reduce(0) { $0 * 26 + Int($1.value) - 64 } - 1
        let lastRow = (Int(last.dropFirst(letters.count)) ?? 1) - 1
        let end = String(decoding: XLSXSheetRows.letters(max(lastColumn, column)), as: UTF8.self) + String(max(lastRow, row) + 1)
        return first + ":" + end
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var i = 0
        while i + needle.count <= haystack.count {
            if haystack[i] == needle[0] && haystack[i ..< i + needle.count].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    // MARK: - Writing a ZIP

    static func put16(_ value: Int, into b: inout [UInt8], at i: Int) {
        b[i] = UInt8(value & 0xFF)
        b[i + 1] = UInt8(value >> 8 & 0xFF)
    }

    static func put32(_ value: Int, into b: inout [UInt8], at i: Int) {
        put16(value & 0xFFFF, into: &b, at: i)
        put16(value >> 16 & 0xFFFF, into: &b, at: i + 2)
    }

    /// A ZIP of `entries` in their order, as pieces of bytes, each entry with the data `data` gives
    /// (stored as it is, in pieces):
    /// local headers made from the central directory's records, without data descriptors or
    /// extra fields.
    static func write(_ entries: [XLSXZip.Entry],
                      data: (XLSXZip.Entry) throws(XLSXZip.Failure) -> [Piece]) throws(XLSXZip.Failure) -> [Piece] {
        var zip: [Piece] = []
        var offset = 0
        var directory: [UInt8] = []
        for entry in entries {
            let stored = try data(entry)
            let storedCount = stored.reduce(0) { $0 + $1.count }
            let record = entry.record
            let name = record[46 ..< 46 + XLSXZip.u16(record, 28)]
            let flags = XLSXZip.u16(record, 8) & ~0x0008
            var local = [UInt8](repeating: 0, count: 30)
            put32(0x0403_4B50, into: &local, at: 0)
            put16(XLSXZip.u16(record, 6), into: &local, at: 4)  // version needed
            put16(flags, into: &local, at: 6)
            put16(entry.method, into: &local, at: 8)
            put16(XLSXZip.u16(record, 12), into: &local, at: 10)  // time
            put16(XLSXZip.u16(record, 14), into: &local, at: 12)  // date
            put32(Int(entry.crc), into: &local, at: 14)
            put32(storedCount, into: &local, at: 18)
            put32(entry.size, into: &local, at: 22)
            put16(name.count, into: &local, at: 26)
            var central = Array(record[0 ..< 46]) + name
            put16(flags, into: &central, at: 8)
            put16(entry.method, into: &central, at: 10)
            put32(Int(entry.crc), into: &central, at: 16)
            put32(storedCount, into: &central, at: 20)
            put32(entry.size, into: &central, at: 24)
            put16(0, into: &central, at: 30)  // no extra field
            put16(0, into: &central, at: 32)  // no comment
            put32(offset, into: &central, at: 42)
            zip += [.bytes(local[...]), .bytes(name)] + stored
            offset += local.count + name.count + storedCount
            directory += central
        }
        var end = [UInt8](repeating: 0, count: 22)
        put32(0x0605_4B50, into: &end, at: 0)
        put16(entries.count, into: &end, at: 8)
        put16(entries.count, into: &end, at: 10)
        put32(directory.count, into: &end, at: 12)
        put32(offset, into: &end, at: 16)
        guard offset + directory.count < 0xFFFF_FFFF else {
            throw XLSXZip.Failure(reason: "the workbook is larger than 4 GB, which needs ZIP64", exceedsZIP: true)
        }
        return zip + [.bytes(directory[...]), .bytes(end[...])]
    }
}
