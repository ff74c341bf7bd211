/// How a delimited text file quotes and escapes its fields.
public struct Dialect: Hashable, Sendable {
    public var delimiter: UInt8
    /// `"`-quoted fields with `""` for a quote (RFC 4180). With `phpBackslash`, a `\"`
    /// inside quotes is kept as written and does not end the field (PHP `fputcsv`).
    public var quoted: Bool
    public var phpBackslash: Bool
    /// MySQL `--batch` output: no quoting; `\t`, `\n`, `\\`, `\0` escapes; `NULL` is null.
    public var mysqlBatch: Bool

    public static let csv = Dialect(delimiter: UInt8(ascii: ","), quoted: true, phpBackslash: true, mysqlBatch: false)
    public static let semicolonCSV = Dialect(delimiter: UInt8(ascii: ";"), quoted: true, phpBackslash: true, mysqlBatch: false)
    public static let tsv = Dialect(delimiter: UInt8(ascii: "\t"), quoted: true, phpBackslash: false, mysqlBatch: false)
    public static let mysqlBatchTSV = Dialect(delimiter: UInt8(ascii: "\t"), quoted: false, phpBackslash: false, mysqlBatch: true)

    public init(delimiter: UInt8, quoted: Bool, phpBackslash: Bool, mysqlBatch: Bool) {
        self.delimiter = delimiter
        self.quoted = quoted
        self.phpBackslash = phpBackslash
        self.mysqlBatch = mysqlBatch
    }
}

/// One record of a delimited file: its fields (nil = SQL NULL in MySQL batch output)
/// and the line it starts on.
public struct Record: Sendable {
    public var fields: [String?]
    public var line: Int

    /// The field at `index`, or nil when the row is shorter.
    public subscript(index: Int) -> String? {
        index < fields.count ? fields[index] : nil
    }
}

/// A streaming, byte-level reader of CSV / TSV / MySQL batch files.
///
/// Memory stays flat: one record is held at a time. A UTF-8 byte-order mark is skipped;
/// LF and CRLF line endings are accepted; blank lines are skipped.
public final class DelimitedReader {
    /// Most fields a record may have (a header of a million columns is not an export).
    public static let maximumFields = 4_096
    /// Longest field, in bytes (1 MiB): ticket subjects and names are far shorter, and an
    /// unbounded field (an unclosed quote in a 200 MB file) would be held whole in memory.
    public static let maximumFieldBytes = 1 << 20
    /// Longest record, in bytes (16 MiB).
    public static let maximumRecordBytes = 16 << 20

    /// A long field as its first and last characters: where a quoted field began and where the
    /// reader stopped (the suffix alone began mid-word, "MINATED / Online Banking,...").
    static func bothEnds(_ field: UnsafeBufferPointer<UInt8>) -> String {
        let text = String(decoding: field, as: UTF8.self)
        guard text.count > 60 else { return text }
        return text.prefix(28) + "…" + text.suffix(28)
    }

    public let source: ByteSource
    public let dialect: Dialect
    @exclusivity(unchecked) private var line = 1
    private var startedFile = false
    /// The record `next()` parses into before making its strings.
    private let single = RawRecords()
    /// Bytes that end a run of plain bytes, outside quotes and inside them (256 flags each).
    private let plainStops: UnsafeMutablePointer<Bool>
    private let quotedStops: UnsafeMutablePointer<Bool>

    public init(source: ByteSource, dialect: Dialect) {
        self.source = source
        self.dialect = dialect
        plainStops = .allocate(capacity: 256)
        plainStops.initialize(repeating: false, count: 256)
        quotedStops = .allocate(capacity: 256)
        quotedStops.initialize(repeating: false, count: 256)
        for byte in [dialect.delimiter, UInt8(ascii: "\n"), UInt8(ascii: "\r")] { plainStops[Int(byte)] = true }
        if dialect.quoted { plainStops[Int(UInt8(ascii: "\""))] = true }
        if dialect.mysqlBatch { plainStops[Int(UInt8(ascii: "\\"))] = true }
        for byte in [UInt8(ascii: "\""), UInt8(ascii: "\n"), UInt8(ascii: "\r")] { quotedStops[Int(byte)] = true }
        if dialect.phpBackslash { quotedStops[Int(UInt8(ascii: "\\"))] = true }
        // NUL and non-ASCII bytes end a run too: a field made of runs alone is ASCII without NUL,
        // and needs no check at its end.
        for byte in [0] + Array(0x80...0xFF) {
            plainStops[byte] = true
            quotedStops[byte] = true
        }
    }

    deinit {
        plainStops.deallocate()
        quotedStops.deallocate()
    }

    /// The next record, or nil at the end of the file.
    public func next() throws(ImportError) -> Record? {
        single.removeAll()
        guard try next(into: single) else { return nil }
        return single.record(0)
    }

    /// Appends the next record to `batch` as bytes (no string per field); false at the end of
    /// the file. The same records, and the same errors at the same points, as `next()`.
    func next(into batch: RawRecords) throws(ImportError) -> Bool {
        if !startedFile {
            startedFile = true
            if source.peek() == 0xEF {
                _ = source.next()
                guard source.next() == 0xBB, source.next() == 0xBF else {
                    throw .malformed(ImportIssue(file: source.path, line: 1, column: 1,
                                                 expected: "valid UTF-8 text (the file starts with a broken byte-order mark)"))
                }
            }
        }
        while true {
            let fieldsBefore = batch.fieldEnds.count, bytesBefore = batch.bytes.count, recordsBefore = batch.count
            let read: Bool
            do {
                read = try readRecord(into: batch)
            } catch {
                // The batch keeps the whole records before the error, not a part of this one.
                batch.bytes.truncate(to: bytesBefore)
                batch.fieldEnds.removeSubrange(fieldsBefore...)
                batch.firstFields.removeSubrange(recordsBefore...)
                batch.lines.removeSubrange(recordsBefore...)
                throw error
            }
            guard read else {
                if let error = source.readError {
                    throw .unreadable(file: source.path, reason: "\(error) (a truncated or corrupt .gz file?)")
                }
                return false
            }
            // A blank line: one empty field.
            if batch.fieldEnds.count == fieldsBefore + 1, let end = batch.fieldEnds.last, end >= 0,
               end == (fieldsBefore == 0 ? 0 : Self.end(batch.fieldEnds[fieldsBefore - 1])) {
                batch.fieldEnds.removeLast()
                batch.firstFields.removeLast()
                batch.lines.removeLast()
                continue
            }
            return true
        }
    }

    @inline(__always)
    private static func end(_ stored: Int) -> Int { stored < 0 ? ~stored : stored }

    private func readRecord(into batch: RawRecords) throws(ImportError) -> Bool {
        guard source.peek() != nil else { return false }
        // Locals in the loop: a class's stored properties cost a dynamic exclusivity check per access.
        let source = self.source
        var line = self.line
        let field = batch.bytes
        var ends = batch.fieldEnds
        batch.fieldEnds = []
        defer {
            batch.fieldEnds = ends
            self.line = line
        }
        let startLine = line
        let firstField = ends.count
        batch.firstFields.append(firstField)
        batch.lines.append(startLine)
        // The current field is `field[fieldStart...]`.
        var fieldStart = field.count
        var inQuotes = false
        var wasQuoted = false
        var quoteLine = line
        let delimiter = dialect.delimiter
        let quoted = dialect.quoted, phpBackslash = dialect.phpBackslash, mysqlBatch = dialect.mysqlBatch
        let quote = UInt8(ascii: "\"")
        let backslash = UInt8(ascii: "\\")
        let lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        var recordBytes = 0
        // Whether the field has a byte that is NUL or not ASCII (then it is checked at its end).
        var needsCheck = false
        let plainStops = self.plainStops, quotedStops = self.quotedStops

        while true {
            // The bytes up to the next one that means something, copied at once.
            source.appendRun(to: field, stoppingAt: inQuotes ? quotedStops : plainStops)
            // One check per byte handed to the state machine below; escapes add at most two
            // bytes per step, so this bounds them too.
            if field.count - fieldStart > DelimitedReader.maximumFieldBytes, source.peek() != nil {
                throw tooLong(field.slice(from: fieldStart), line: inQuotes ? quoteLine : startLine, column: ends.count - firstField + 1,
                              openQuoteLine: inQuotes ? quoteLine : nil)
            }
            guard let byte = source.next() else { break }
            if byte == 0 || byte >= 0x80 { needsCheck = true }
            if inQuotes {
                if byte == quote {
                    if source.peek() == quote {
                        _ = source.next()
                        field.append(quote)
                    } else {
                        inQuotes = false
                        // Only a delimiter or the end of the line may follow a closing quote.
                        if let next = source.peek(), next != delimiter, next != lf, next != cr {
                            throw .malformed(ImportIssue(
                                file: source.path, line: line, column: ends.count - firstField + 1,
                                value: Self.bothEnds(field.slice(from: fieldStart)),
                                expected: "a delimiter or the end of the line after the closing quote of the field opened on line \(quoteLine), found \"\(Character(Unicode.Scalar(next)))\" (a stray or unbalanced quote?)"))
                        }
                    }
                } else if byte == backslash && phpBackslash && source.peek() == quote {
                    // PHP writes `\"` without doubling the quote; keep both characters. (A value
                    // that ends in a backslash is therefore ambiguous in PHP's format; like PHP's
                    // own fgetcsv we read `\"` as part of the value.)
                    _ = source.next()
                    field.append(backslash)
                    field.append(quote)
                } else if byte == cr && source.peek() == lf {
                    // Line breaks inside a field are stored as LF, whatever the file's line endings.
                    continue
                } else {
                    if byte == lf { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case delimiter:
                recordBytes += field.count - fieldStart + 1
                guard ends.count - firstField + 1 < DelimitedReader.maximumFields, recordBytes <= DelimitedReader.maximumRecordBytes else {
                    throw tooWide(line: startLine, fields: ends.count - firstField + 1, bytes: recordBytes)
                }
                try finishField(field, from: fieldStart, quoted: wasQuoted, checking: needsCheck, line: startLine,
                                column: ends.count - firstField + 1, into: &ends)
                needsCheck = false
                fieldStart = field.count
                wasQuoted = false
            case cr where source.peek() == lf:
                continue
            case lf, cr:
                // A lone CR ends a line too (old Mac line endings), as spreadsheets read it: kept
                // in the field, it made such a file one header line and no rows.
                try finishField(field, from: fieldStart, quoted: wasQuoted, checking: needsCheck, line: startLine,
                                column: ends.count - firstField + 1, into: &ends)
                needsCheck = false
                fieldStart = field.count
                line += 1
                return true
            case quote where quoted && field.count == fieldStart && !wasQuoted:
                inQuotes = true
                wasQuoted = true
                quoteLine = line
            case backslash where mysqlBatch:
                guard let escaped = source.next() else { field.append(backslash); break }
                needsCheck = true
                switch escaped {
                case UInt8(ascii: "t"): field.append(UInt8(ascii: "\t"))
                case UInt8(ascii: "n"): field.append(lf)
                case UInt8(ascii: "r"): field.append(cr)
                case UInt8(ascii: "0"): field.append(0)
                default: field.append(escaped)
                }
            default:
                field.append(byte)
            }
        }
        if inQuotes {
            throw .malformed(ImportIssue(
                file: source.path, line: quoteLine, column: ends.count - firstField + 1,
                expected: "a closing quote (\") for the field opened on line \(quoteLine); the file ends inside it (truncated file or stray quote?)"))
        }
        if mysqlBatch {
            // `mysql --batch` ends every row with a newline: a last row without one was cut short
            // (an export still being written), and its last value may be cut too ("Agent Tw").
            throw .malformed(ImportIssue(
                file: source.path, line: startLine, column: ends.count - firstField + 1,
                value: String(decoding: field.slice(from: fieldStart).suffix(40), as: UTF8.self),
                expected: "a newline at the end of the row, as mysql --batch writes every row: the file ends in the middle of it (was the export still being written?)"))
        }
        try finishField(field, from: fieldStart, quoted: wasQuoted, checking: needsCheck, line: startLine,
                                column: ends.count - firstField + 1, into: &ends)
                needsCheck = false
        return true
    }

    private func tooLong(_ field: UnsafeBufferPointer<UInt8>, line: Int, column: Int, openQuoteLine: Int?) -> ImportError {
        .malformed(ImportIssue(
            file: source.path, line: line, column: column,
            value: String(decoding: field.prefix(40), as: UTF8.self) + "...",
            expected: "a field of at most \(DelimitedReader.maximumFieldBytes) bytes (1 MiB)"
                + (openQuoteLine.map { "; the field's quote opened on line \($0) may never close" } ?? "")))
    }

    private func tooWide(line: Int, fields: Int, bytes: Int) -> ImportError {
        .malformed(ImportIssue(
            file: source.path, line: line, column: fields,
            expected: fields >= DelimitedReader.maximumFields
                ? "at most \(DelimitedReader.maximumFields) fields in a record (wrong delimiter, or not a ticket export?)"
                : "a record of at most \(DelimitedReader.maximumRecordBytes) bytes (16 MiB)"))
    }

    /// Checks the field `bytes[start...]` (length; with `checking`, NUL and UTF-8) and records
    /// its end (`~end` for SQL NULL).
    @inline(__always)
    private func finishField(_ bytes: ByteBuffer, from start: Int, quoted: Bool, checking: Bool, line: Int, column: Int,
                             into ends: inout [Int]) throws(ImportError) {
        if bytes.count - start > DelimitedReader.maximumFieldBytes {
            throw tooLong(bytes.slice(from: start), line: line, column: column, openQuoteLine: nil)
        }
        // Unless the field has a NUL or non-ASCII byte, there is nothing to validate (nearly every field).
        if checking {
            let field = bytes.slice(from: start)
            if let nul = field.firstIndex(of: 0) {
                // SQLite and most tools end text at NUL: "X\0 1" and "X\0 2" would both become "X".
                throw .malformed(ImportIssue(
                    file: source.path, line: line, column: column,
                    value: String(decoding: field[..<nul].suffix(40), as: UTF8.self) + "\\0",
                    expected: "text without NUL bytes (byte \(nul + 1) of the field is NUL; a binary file, or UTF-16 exported as UTF-8?)"))
            } else if String(validating: field, as: UTF8.self) == nil {
                let shown = String(decoding: field, as: UTF8.self)
                throw .malformed(ImportIssue(file: source.path, line: line, column: column, value: shown,
                                             expected: "UTF-8 text (re-export the file as UTF-8, or convert it with iconv, or give its encoding in a profile: file: {encoding: windows-1252} or latin-1)"))
            }
        }
        // Byte by byte: `elementsEqual` against "NULL".utf8 took about 260 instructions a field.
        let isNull = dialect.mysqlBatch && !quoted && bytes.count - start == 4 && bytes[start] == 0x4E
            && bytes[start + 1] == 0x55 && bytes[start + 2] == 0x4C && bytes[start + 3] == 0x4C
        ends.append(isNull ? ~bytes.count : bytes.count)
    }
}
