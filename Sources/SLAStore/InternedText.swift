import Foundation

/// Turns the text of a column that repeats a few values (an event's kind, team, agent,
/// department, status) into a value once per distinct text: the same bytes give back the
/// value made the first time, without decoding them again or allocating a new string.
/// Recompute reads millions of events through it.
///
/// At most `slots * 3 / 4` texts of up to `longest` bytes are kept; others (a column with
/// many distinct values, such as due dates) are made afresh every time, so memory stays bounded.
/// The table is a buffer of its own (a class, not an array in a struct), so a lookup makes
/// no copy-on-write or exclusivity checks.
final class InternedText<Value> {
    static var slots: Int { 1024 }
    static var longest: Int { 64 }

    private typealias Entry = (text: String, value: Value)
    private let entries: UnsafeMutablePointer<Entry?>
    private var used = 0
    private let make: (String) -> Value

    init(_ make: @escaping (String) -> Value) {
        self.make = make
        entries = .allocate(capacity: Self.slots)
        entries.initialize(repeating: nil, count: Self.slots)
    }

    deinit {
        entries.deinitialize(count: Self.slots)
        entries.deallocate()
    }

    /// The value for `bytes` (UTF-8).
    func value(_ bytes: UnsafeBufferPointer<UInt8>) -> Value {
        guard bytes.count <= Self.longest else { return make(String(decoding: bytes, as: UTF8.self)) }
        // FNV-1a over the bytes, then linear probing.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        var slot = Int(truncatingIfNeeded: hash) & (Self.slots - 1)
        while let entry = entries[slot] {
            if Self.equal(entry.text, bytes) { return entry.value }
            slot = (slot + 1) & (Self.slots - 1)
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let value = make(text)
        if used < Self.slots * 3 / 4 {
            entries[slot] = (text, value)
            used += 1
        }
        return value
    }

    private static func equal(_ text: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { stored in
            stored.count == bytes.count && (bytes.isEmpty || memcmp(stored.baseAddress!, bytes.baseAddress!, bytes.count) == 0)
        } ?? text.utf8.elementsEqual(bytes)
    }
}
