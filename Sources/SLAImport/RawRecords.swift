import Foundation

/// Records of a delimited file as bytes: every field's bytes back to back in one buffer, with
/// where each field ends and each record starts. `DelimitedReader` parses into it; the profile
/// reader's first pass checks and encodes rows from it without a `String` per field, and a
/// batch is reused (its buffers keep their capacity), so nothing is allocated per row.
///
/// The bytes are what `Record` would hold (quotes and escapes undone, UTF-8 already checked):
/// `record(_:)` gives the very `Record` the reader's `next()` gives.
final class RawRecords {
    // Unchecked exclusivity: the parser touches these per field, and a batch is only ever used by
    // one thread at a time (handed over under the prefetcher's lock).
    /// The fields' bytes, back to back.
    let bytes = ByteBuffer(capacity: 4096)
    /// Each field's end in `bytes` (its start is the previous field's end); `~end` (negative)
    /// for a NULL field (MySQL batch output).
    @exclusivity(unchecked) var fieldEnds: [Int] = []
    /// Each record's first field's index in `fieldEnds`.
    @exclusivity(unchecked) var firstFields: [Int] = []
    /// Each record's first line.
    @exclusivity(unchecked) var lines: [Int] = []

    var count: Int { lines.count }

    init() {}

    /// Empties the batch, keeping the buffers' capacity.
    func removeAll() {
        bytes.removeAll()
        fieldEnds.removeAll(keepingCapacity: true)
        firstFields.removeAll(keepingCapacity: true)
        lines.removeAll(keepingCapacity: true)
    }

    /// Record `index` with a `String` per field.
    func record(_ index: Int) -> Record {
        fieldEnds.withUnsafeBufferPointer { ends in
            row(index, bytes: bytes.slice(from: 0), ends: ends).record
        }
    }

    private func row(_ index: Int, bytes: UnsafeBufferPointer<UInt8>, ends: UnsafeBufferPointer<Int>) -> RawRow {
        let first = firstFields[index]
        let end = index + 1 < firstFields.count ? firstFields[index + 1] : fieldEnds.count
        return RawRow(bytes: bytes, ends: ends, first: first, fieldCount: end - first, line: lines[index])
    }

    /// Calls `body` with each record in order; the rows point into the batch, valid only during the call.
    func forEachRow(_ body: (RawRow) throws -> Void) rethrows {
        let bytes = self.bytes.slice(from: 0)
        try fieldEnds.withUnsafeBufferPointer { ends in
            for index in 0..<count { try body(row(index, bytes: bytes, ends: ends)) }
        }
    }
}

/// One record of a `RawRecords` batch, read as bytes: `text(_:)` is `RowReader.text(_:)`'s value
/// (trimmed, nil when absent, NULL or empty) without making a `String`.
struct RawRow {
    let bytes: UnsafeBufferPointer<UInt8>
    let ends: UnsafeBufferPointer<Int>
    let first: Int
    let fieldCount: Int
    let line: Int

    /// The bytes of field `column`, untrimmed; nil when the record is shorter or the field is NULL.
    @inline(__always)
    func field(_ column: Int) -> UnsafeBufferPointer<UInt8>? {
        guard column >= 0, column < fieldCount else { return nil }
        let index = first + column
        let end = ends[index]
        guard end >= 0 else { return nil }
        let start = index == 0 ? 0 : (ends[index - 1] < 0 ? ~ends[index - 1] : ends[index - 1])
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    /// The trimmed bytes of a column; nil when the column is absent, NULL or empty: the bytes of
    /// `RowReader.text(_:)`'s string.
    @inline(__always)
    func text(_ column: Int) -> UnsafeBufferPointer<UInt8>? {
        // (By index and count: `first`, `last` and `isEmpty` were calls, ten a row.)
        guard let field = field(column), field.count > 0 else { return nil }
        let head = field[0], tail = field[field.count - 1]
        if !Self.isSpace(head) && !Self.isSpace(tail) { return field }
        // Rare: trimmed as `trimmingWhitespace` trims (by characters: a space and the combining
        // mark after it stay, as does "\r\n"), so both paths keep the same bytes.
        let text = String(decoding: field, as: UTF8.self)
        guard let range = text.trimmedWhitespaceRange else { return nil }
        let start = text.utf8.distance(from: text.startIndex, to: range.lowerBound)
        let end = text.utf8.distance(from: text.startIndex, to: range.upperBound)
        return UnsafeBufferPointer(rebasing: field[start..<end])
    }

    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// `text(column)` as a string.
    func string(_ column: Int) -> String? {
        text(column).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The record with a `String` per field, as the reader's `next()` gives it.
    var record: Record {
        var fields: [String?] = []
        fields.reserveCapacity(fieldCount)
        for column in 0..<fieldCount {
            fields.append(field(column).map { String(decoding: $0, as: UTF8.self) })
        }
        return Record(fields: fields, line: line)
    }
}

/// A set of byte strings (or a map from them), looked up without making a `String`: the profile
/// reader's null markers, `skip_rows` values and statuses seen so far. Open addressing, FNV-1a.
struct ByteKeyTable<Value> {
    private var keys: [UInt8] = []
    private var entries: [(start: Int, count: Int, hash: UInt64, value: Value)] = []
    /// Entry index + 1 per slot (0: empty); a power of two, at most half full.
    private var slots: [Int] = Array(repeating: 0, count: 16)

    init() {}

    var isEmpty: Bool { entries.isEmpty }

    @inline(__always)
    private static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    /// The value stored under `key`, if any.
    func value(for key: UnsafeBufferPointer<UInt8>) -> Value? {
        guard !entries.isEmpty else { return nil }
        let hash = Self.hash(key)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        return keys.withUnsafeBufferPointer { keys in
            while true {
                let taken = slots[slot]
                if taken == 0 { return nil }
                let entry = entries[taken - 1]
                if entry.hash == hash && entry.count == key.count
                    && (key.count == 0 || memcmp(keys.baseAddress! + entry.start, key.baseAddress!, key.count) == 0) {
                    return entry.value
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Stores `value` under `key` (which must not be in the table yet).
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>, _ value: Value) {
        if (entries.count + 1) * 2 > slots.count {
            slots = Array(repeating: 0, count: slots.count * 2)
            for (index, entry) in entries.enumerated() { place(index, hash: entry.hash) }
        }
        let hash = Self.hash(key)
        entries.append((keys.count, key.count, hash, value))
        keys.append(contentsOf: key)
        place(entries.count - 1, hash: hash)
    }

    private mutating func place(_ index: Int, hash: UInt64) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = index + 1
    }
}

/// A set of strings that a field's bytes are looked up in without making a `String`, with the
/// same answers as `Set<String>.contains` (which compares canonically equivalent strings as
/// equal: "K" and the Kelvin sign). Bytes are compared only where that is the same: ASCII
/// values against a set of ASCII strings; anything else is looked up as a string.
struct ByteSet {
    let strings: Set<String>
    private var table = ByteKeyTable<Void>()
    /// Whether every string is ASCII (then an ASCII value is in the set exactly when its bytes are).
    private let asciiOnly: Bool

    init(_ strings: Set<String>) {
        self.strings = strings
        asciiOnly = strings.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } }
        for string in strings {
            var string = string
            string.withUTF8 { table.insert($0, ()) }
        }
    }

    var isEmpty: Bool { strings.isEmpty }

    @inline(__always)
    func contains(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        if strings.isEmpty { return false }
        if asciiOnly && value.allSatisfy({ $0 < 0x80 }) { return table.value(for: value) != nil }
        return strings.contains(String(decoding: value, as: UTF8.self))
    }
}
