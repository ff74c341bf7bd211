#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns the text of a column that repeats a few values (an event's kind, team, agent,
/// department, status) into a value once per distinct text: the same bytes give back the
/// value made the first time, without decoding them again or allocating a new string.
/// Recompute reads millions of events through it.
///
/// At most `slots * 3 / 4` texts of up to `longest` bytes are kept; others (a column with
/// many distinct values, such as due dates) are made afresh every time, so memory stays bounded.
/// The table lives in buffers of its own (a class, not arrays in a struct), so a lookup makes
/// no copy-on-write or exclusivity checks. Each kept text's bytes are stored beside its value,
/// so a lookup hashes the bytes a word at a time and compares them with one `memcmp` (hashing
/// byte by byte and comparing through the stored string's UTF-8 view took about a tenth of the
/// reading thread's instructions in a full recompute). The profile importer's deriving thread
/// reads its staged rows' repeated values through it too. (Inlinable: each module that uses it
/// gets a copy specialized for its values, as when it was the store's own.)
public final class InternedText<Value> {
    @inlinable public static var slots: Int { 1024 }
    @inlinable public static var longest: Int { 64 }

    /// Each slot's text length, or -1 when the slot is empty.
    @usableFromInline let lengths: UnsafeMutablePointer<Int>
    /// Each slot's text bytes, `longest` bytes per slot.
    @usableFromInline let keys: UnsafeMutablePointer<UInt8>
    /// Each slot's value; initialized where `lengths` is not -1.
    @usableFromInline let values: UnsafeMutablePointer<Value>
    @usableFromInline var used = 0
    @usableFromInline let make: (String) -> Value

    /// A table whose values `make` makes from each distinct text.
    @inlinable
    public init(_ make: @escaping (String) -> Value) {
        self.make = make
        lengths = .allocate(capacity: Self.slots)
        lengths.initialize(repeating: -1, count: Self.slots)
        keys = .allocate(capacity: Self.slots * Self.longest)
        values = .allocate(capacity: Self.slots)
    }

    @inlinable
    deinit {
        for slot in 0..<Self.slots where lengths[slot] >= 0 { (values + slot).deinitialize(count: 1) }
        values.deallocate()
        keys.deallocate()
        lengths.deallocate()
    }

    /// The value for `bytes` (UTF-8).
    @inlinable
    public func value(_ bytes: UnsafeBufferPointer<UInt8>) -> Value {
        let count = bytes.count
        guard count <= Self.longest else { return make(String(decoding: bytes, as: UTF8.self)) }
        var slot = Int(truncatingIfNeeded: Self.hash(bytes)) & (Self.slots - 1)
        while lengths[slot] >= 0 {
            if lengths[slot] == count,
               count == 0 || memcmp(keys + slot * Self.longest, bytes.baseAddress!, count) == 0 {
                return values[slot]
            }
            slot = (slot + 1) & (Self.slots - 1)
        }
        let value = make(String(decoding: bytes, as: UTF8.self))
        if used < Self.slots * 3 / 4 {
            if let base = bytes.baseAddress { (keys + slot * Self.longest).update(from: base, count: count) }
            (values + slot).initialize(to: value)
            lengths[slot] = count
            used += 1
        }
        return value
    }

    /// A hash of `bytes` taken eight bytes at a time, its bits mixed at the end so that the low
    /// ones (the slot) depend on every byte.
    @inlinable @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let multiplier: UInt64 = 0xff51_afd7_ed55_8ccd
        var hash: UInt64 = 0x9e37_79b9_7f4a_7c15 &* UInt64(bytes.count &+ 1)
        guard let base = bytes.baseAddress else { return hash }
        let raw = UnsafeRawPointer(base)
        var offset = 0
        while offset + 8 <= bytes.count {
            hash = (hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* multiplier
            hash ^= hash >> 32
            offset += 8
        }
        if offset < bytes.count {
            var tail: UInt64 = 0
            withUnsafeMutableBytes(of: &tail) { $0.copyMemory(from: UnsafeRawBufferPointer(start: raw + offset, count: bytes.count - offset)) }
            hash = (hash ^ tail) &* multiplier
        }
        hash ^= hash >> 33
        hash &*= 0xc4ce_b9fe_1a85_ec53
        hash ^= hash >> 33
        return hash
    }
}
