import SLAModel

/// Where a profile's rows wait until each case's rows can be read back together and in
/// order, however the file spreads them. The store's implementation keeps them in a table of
/// the database (memory stays flat); `InMemoryProfileRowStore` is for tests and small files.
///
/// Rows are kept per profile and file role: a case's history is the union of every role's
/// rows, and reading a newer copy of one role's file replaces only that role's rows.
public protocol ProfileRowStore: AnyObject {
    /// Keeps one row of the file being read.
    func stage(_ row: StagedRow) throws
    /// Drops the staged rows of `rejectedCases`, returning how many each had. With
    /// `keepingRows` (a profile with several file roles), keeps the rows staged from the file
    /// beside the profile's rows (as `role`'s newest rows of the cases they name), until
    /// `finishStagedRows` makes them replace that role's older rows of those cases.
    func commitStagedRows(profile: String, role: String, rejectedCases: Set<String>, keepingRows: Bool) throws -> [String: Int]
    /// Calls `body` with the rows of each case the file named, one case at a time: ticket rows
    /// first, then by time, tie-break (numbers before text, missing first), older file first,
    /// file order. With `keptRows`, every row the profile kept for the case (every other role's,
    /// and `role`'s from this file, not its older ones), else the file's.
    func forEachStagedCase(profile: String, role: String, keptRows: Bool, _ body: ([StagedRow]) throws -> Void) throws
    /// With kept rows, after the second pass: for the cases the file named, this file's rows
    /// replace `role`'s older rows, except for `rejectedCases` (their rows contradicted the other
    /// roles': they are dropped and the older rows stay, so the case stays as the earlier imports
    /// left it and a later import is not refused over rows that were rejected).
    func finishStagedRows(profile: String, role: String, rejectedCases: Set<String>) throws
    /// Whether `stage` may be called from another thread than the store's owner while the owner
    /// leaves the store alone (then the reader stages on a second thread while it parses).
    var stagesOnAnotherThread: Bool { get }
    /// The path a one-role profile's sorter names its temporary run files after (the database's,
    /// so they are beside it); nil: the system's temporary folder.
    var spillPath: String? { get }
}

extension ProfileRowStore {
    public var stagesOnAnotherThread: Bool { false }
    public var spillPath: String? { nil }
}

/// A `ProfileRowStore` in memory, for tests and callers without a database.
public final class InMemoryProfileRowStore: ProfileRowStore {
    private var kept: [(run: Int, row: StagedRow)] = []
    private var staged: [StagedRow] = []
    private var committedCases: Set<String> = []
    private var fresh: [(run: Int, row: StagedRow)] = []
    private var run = 0

    public init() {}

    public func stage(_ row: StagedRow) throws { staged.append(row) }

    public func commitStagedRows(profile: String, role: String, rejectedCases: Set<String>, keepingRows: Bool) throws -> [String: Int] {
        run += 1
        var dropped: [String: Int] = [:]
        fresh = staged.filter { row in
            guard rejectedCases.contains(row.caseID) else { return true }
            dropped[row.caseID, default: 0] += 1
            return false
        }.map { (run, $0) }
        committedCases = Set(fresh.map(\.row.caseID))
        staged = []
        if keepingRows { kept += fresh }
        return dropped
    }

    public func finishStagedRows(profile: String, role: String, rejectedCases: Set<String>) throws {
        let current = run
        kept.removeAll { entry in
            guard entry.row.profile == profile, entry.row.role == role, committedCases.contains(entry.row.caseID) else { return false }
            return rejectedCases.contains(entry.row.caseID) ? entry.run == current : entry.run != current
        }
    }

    public func forEachStagedCase(profile: String, role: String, keptRows: Bool, _ body: ([StagedRow]) throws -> Void) throws {
        let current = run
        let source = keptRows ? kept.filter {
            $0.row.profile == profile && committedCases.contains($0.row.caseID) && ($0.row.role != role || $0.run == current)
        } : fresh
        let rows = source.sorted { a, b in
            let x = a.row, y = b.row
            if x.caseID != y.caseID { return Array(x.caseID.utf8).lexicographicallyPrecedes(Array(y.caseID.utf8)) }
            if x.isTicketRow != y.isTicketRow { return x.isTicketRow }
            if x.time != y.time { return x.time < y.time }
            if x.tieSortKey != y.tieSortKey { return x.tieSortKey < y.tieSortKey }
            if x.tieText != y.tieText { return Array(x.tieText.utf8).lexicographicallyPrecedes(Array(y.tieText.utf8)) }
            if a.run != b.run { return a.run < b.run }
            return x.sequence < y.sequence
        }
        var start = 0
        while start < rows.count {
            var end = start + 1
            while end < rows.count && rows[end].row.caseID == rows[start].row.caseID { end += 1 }
            try body(rows[start..<end].map(\.row))
            start = end
        }
    }
}

/// A staged row's mapped values as one text: `key=value` pairs, each part length-prefixed
/// (`<bytes>:`), so any value (a comma, a line break, a control character) survives.
public enum StagedFields {
    public static func encode(_ fields: [(String, String)]) -> String {
        let buffer = ByteBuffer(capacity: 128)
        for (key, value) in fields { append(key, value, to: buffer) }
        return String(decoding: buffer.bytes, as: UTF8.self)
    }

    /// Appends one pair to an encoding being built (`encode` of the pairs so far).
    static func append(_ key: String, _ value: String, to buffer: ByteBuffer) {
        var key = key, value = value
        key.withUTF8 { appendPart($0, to: buffer) }
        value.withUTF8 { appendPart($0, to: buffer) }
    }

    /// A key's encoding, made once for a column and written before each row's value by
    /// `append(encodedKey:value:to:)`.
    static func encodedPart(_ key: String) -> ByteBuffer {
        let buffer = ByteBuffer()
        var key = key
        key.withUTF8 { appendPart($0, to: buffer) }
        return buffer
    }

    /// Appends one pair from its key's encoding and its value's (UTF-8) bytes.
    @inline(__always)
    static func append(encodedKey: ByteBuffer, value: UnsafeBufferPointer<UInt8>, to buffer: ByteBuffer) {
        buffer.append(encodedKey.bytes)
        appendPart(value, to: buffer)
    }

    /// The length's digits, most significant first (without an array per part), `:`, the bytes.
    /// The digits are written from the last one back, dividing by the constant 10 (a multiply),
    /// not by a power of ten held in a variable (a division instruction per digit).
    @inline(__always)
    private static func appendPart(_ text: UnsafeBufferPointer<UInt8>, to buffer: ByteBuffer) {
        let count = text.count
        var digits = 1, limit = 10
        while count >= limit && digits < 18 {
            digits += 1
            limit &*= 10
        }
        buffer.reserve(digits + 1 + count)
        let start = buffer.count
        buffer.appendUninitialized(digits)
        var value = count
        var position = start + digits - 1
        while position >= start {
            buffer.store(UInt8(truncatingIfNeeded: 0x30 &+ value % 10), at: position)
            value /= 10
            position -= 1
        }
        buffer.append(UInt8(ascii: ":"))
        buffer.append(text)
    }

    /// The pairs `encode` wrote, in order; nil when the text is not such an encoding.
    public static func decode(_ text: String) -> [(String, String)]? {
        var text = text
        return text.withUTF8 { decode(bytes: $0) }
    }

    private static func decode(bytes: UnsafeBufferPointer<UInt8>) -> [(String, String)]? {
        var result: [(String, String)] = []
        let wellFormed = forEachPair(in: bytes) { key, value in
            result.append((String(decoding: key, as: UTF8.self), String(decoding: value, as: UTF8.self)))
        }
        return wellFormed ? result : nil
    }

    /// Calls `body` with each pair's key and value bytes, in order, without making a string of
    /// either; false when the bytes are not such an encoding (pairs before the flaw were seen).
    static func forEachPair(in bytes: UnsafeBufferPointer<UInt8>,
                            _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) throws -> Void) rethrows -> Bool {
        var index = 0
        func part() -> UnsafeBufferPointer<UInt8>? {
            var length = 0
            var sawDigit = false
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                length = length * 10 + Int(bytes[index] - 0x30)
                index += 1
                sawDigit = true
            }
            guard sawDigit, index < bytes.count, bytes[index] == UInt8(ascii: ":"), index + 1 + length <= bytes.count else {
                return nil
            }
            let part = UnsafeBufferPointer(rebasing: bytes[(index + 1)..<(index + 1 + length)])
            index += 1 + length
            return part
        }
        while index < bytes.count {
            guard let key = part(), let value = part() else { return false }
            try body(key, value)
        }
        return true
    }
}
