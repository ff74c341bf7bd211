/// A growable run of bytes written through a pointer: an append is a capacity check and a copy.
/// The profile reader's first pass builds each row's payload and the sorter's records in these,
/// and the delimited reader each record's fields (per row, `Array.append` cost more in
/// uniqueness and capacity checks than the copying).
final class ByteBuffer {
    // Unchecked exclusivity: touched several times per row, by one thread at a time.
    @exclusivity(unchecked) private(set) var base: UnsafeMutableRawPointer
    @exclusivity(unchecked) private(set) var count = 0
    @exclusivity(unchecked) private(set) var capacity: Int

    init(capacity: Int = 256) {
        self.capacity = max(capacity, 16)
        base = .allocate(byteCount: self.capacity, alignment: 8)
    }

    deinit { base.deallocate() }

    /// The bytes written so far (valid until the next write).
    @inline(__always) var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    private func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let grown = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 8)
        grown.copyMemory(from: base, byteCount: count)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }

    @inline(__always)
    func append(_ byte: UInt8) {
        reserve(1)
        base.storeBytes(of: byte, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    @inline(__always)
    func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        (base + count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
    }

    @inline(__always)
    func append(_ bytes: UnsafeBufferPointer<UInt8>) { append(UnsafeRawBufferPointer(bytes)) }

    /// Appends `count` bytes to be filled in with `store(_:at:)`.
    @inline(__always)
    func appendUninitialized(_ count: Int) {
        reserve(count)
        self.count += count
    }

    @inline(__always)
    func store<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        base.storeBytes(of: value.littleEndian, toByteOffset: offset, as: T.self)
    }

    /// The bytes from `start` on, as bytes (valid until the next write).
    @inline(__always)
    func slice(from start: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base.bindMemory(to: UInt8.self, capacity: capacity) + start, count: count - start)
    }

    /// The byte at `index` (below `count`).
    @inline(__always)
    subscript(index: Int) -> UInt8 { base.load(fromByteOffset: index, as: UInt8.self) }

    /// Empties the buffer, keeping its memory.
    func removeAll() { count = 0 }

    /// Drops the bytes from `newCount` on.
    func truncate(to newCount: Int) {
        precondition(newCount >= 0 && newCount <= count)
        count = newCount
    }
}
