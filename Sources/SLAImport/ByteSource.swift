import CZlib
import Foundation

/// Reads a file's bytes in large chunks, so parsers stream instead of loading whole files.
/// Gzip-compressed files (`.gz`) are decompressed on the fly; other files pass through.
public final class ByteSource {
    public let path: String
    private let handle: gzFile
    private var buffer: [UInt8]
    private var count = 0
    private var position = 0
    private var atEnd = false
    /// Bytes handed out so far (decompressed).
    public private(set) var bytesRead = 0

    public init(path: String, chunkSize: Int = 1 << 20) throws(ImportError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadable(file: path, reason: "no such file")
        }
        if isDirectory.boolValue { throw .unreadable(file: path, reason: "is a directory, expected a file") }
        guard let handle = gzopen(path, "rb") else {
            throw .unreadable(file: path, reason: String(cString: strerror(errno)))
        }
        gzbuffer(handle, 1 << 17)
        self.path = path
        self.handle = handle
        buffer = [UInt8](repeating: 0, count: chunkSize)
    }

    deinit { gzclose(handle) }

    private func refill() -> Bool {
        if atEnd { return false }
        let read = buffer.withUnsafeMutableBytes { gzread(handle, $0.baseAddress, UInt32($0.count)) }
        count = max(0, Int(read))
        position = 0
        if count == 0 { atEnd = true }
        return count > 0
    }

    /// Whether the last read failed (e.g. a truncated gzip stream).
    public var readError: String? {
        var code: Int32 = 0
        guard let message = gzerror(handle, &code), code < 0 else { return nil }
        return String(cString: message)
    }

    /// The next byte, or nil at the end of the file.
    @inline(__always)
    public func next() -> UInt8? {
        if position >= count, !refill() { return nil }
        let byte = buffer[position]
        position += 1
        bytesRead += 1
        return byte
    }

    /// The next byte without consuming it.
    @inline(__always)
    public func peek() -> UInt8? {
        if position >= count, !refill() { return nil }
        return buffer[position]
    }
}
