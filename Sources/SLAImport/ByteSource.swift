import CZlib
import Foundation

/// The character encoding of an input file. Files are parsed as UTF-8; the single-byte
/// encodings are converted to UTF-8 chunk by chunk while they are read.
public enum TextEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    /// ISO-8859-1: every byte is the code point of the same number.
    case latin1 = "latin-1"
    /// Windows-1252: ISO-8859-1 with printable characters (€, curly quotes, ...) in 0x80-0x9F.
    case windows1252 = "windows-1252"

    /// Parses the names people write: `utf-8`, `UTF8`, `latin1`, `ISO-8859-1`, `cp1252`, ...
    public init?(name: String) {
        let key = name.lowercased().filter { $0.isLetter || $0.isNumber }
        switch key {
        case "utf8": self = .utf8
        case "latin1", "iso88591", "l1": self = .latin1
        case "windows1252", "cp1252", "win1252": self = .windows1252
        default: return nil
        }
    }

    /// The Unicode scalar of a byte >= 0x80 in this single-byte encoding.
    @inline(__always)
    func scalar(of byte: UInt8) -> UInt32 {
        if self == .windows1252 && byte >= 0x80 && byte <= 0x9F {
            return TextEncoding.windows1252High[Int(byte - 0x80)]
        }
        return UInt32(byte)
    }

    /// Windows-1252's 0x80-0x9F (the five undefined bytes map to the C1 control of the same number).
    static let windows1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]
}

/// Reads a file's bytes in large chunks, so parsers stream instead of loading whole files.
/// Gzip-compressed files (`.gz`) are decompressed on the fly; other files pass through.
/// Latin-1 and Windows-1252 files are converted to UTF-8 as each chunk is read.
public final class ByteSource {
    public let path: String
    public let encoding: TextEncoding
    private let handle: gzFile
    /// The current chunk (UTF-8). Raw pointers and unchecked exclusivity: `next()` runs once per
    /// byte of every file, and Swift's dynamic exclusivity checks on class properties cost more
    /// than the parsing itself.
    private let buffer: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    /// The raw chunk before conversion (single-byte encodings only).
    private var raw: [UInt8] = []
    @exclusivity(unchecked) private var count = 0
    @exclusivity(unchecked) private var position = 0
    @exclusivity(unchecked) private var consumedBefore = 0
    private var atEnd = false
    /// Bytes handed out so far (decompressed, and converted to UTF-8).
    public var bytesRead: Int { consumedBefore + position }

    public init(path: String, chunkSize: Int = 1 << 20, encoding: TextEncoding = .utf8) throws(ImportError) {
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
        self.encoding = encoding
        if encoding == .utf8 {
            capacity = chunkSize
        } else {
            // Each byte becomes at most 3 UTF-8 bytes (the euro sign).
            raw = [UInt8](repeating: 0, count: chunkSize)
            capacity = chunkSize * 3
        }
        buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    }

    deinit {
        gzclose(handle)
        buffer.deallocate()
    }

    private func refill() -> Bool {
        if atEnd { return false }
        consumedBefore += count
        if encoding == .utf8 {
            count = max(0, Int(gzread(handle, buffer, UInt32(capacity))))
        } else {
            let read = max(0, Int(raw.withUnsafeMutableBytes { gzread(handle, $0.baseAddress, UInt32($0.count)) }))
            count = transcode(read)
        }
        position = 0
        if count == 0 { atEnd = true }
        return count > 0
    }

    /// Converts `raw[0..<n]` from the single-byte encoding into UTF-8 in `buffer`; returns the length.
    private func transcode(_ n: Int) -> Int {
        let encoding = self.encoding
        let output = buffer
        return raw.withUnsafeBufferPointer { input in
            do {
                var o = 0
                for i in 0..<n {
                    let byte = input[i]
                    if byte < 0x80 {
                        output[o] = byte
                        o += 1
                        continue
                    }
                    let scalar = encoding.scalar(of: byte)
                    if scalar < 0x800 {
                        output[o] = UInt8(0xC0 | (scalar >> 6))
                        output[o + 1] = UInt8(0x80 | (scalar & 0x3F))
                        o += 2
                    } else {
                        output[o] = UInt8(0xE0 | (scalar >> 12))
                        output[o + 1] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
                        output[o + 2] = UInt8(0x80 | (scalar & 0x3F))
                        o += 3
                    }
                }
                return o
            }
        }
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
        return byte
    }

    /// Appends the bytes from here up to the first one `stops` flags (or the chunk's end) to
    /// `output`, consuming them: the parsers copy runs of ordinary bytes at once.
    @inline(__always)
    func appendRun(to output: ByteBuffer, stoppingAt stops: UnsafePointer<Bool>) {
        let start = position, count = self.count, buffer = self.buffer
        var end = start
        while end < count && !stops[Int(buffer[end])] { end += 1 }
        guard end > start else { return }
        output.append(UnsafeBufferPointer(start: buffer + start, count: end - start))
        position = end
    }

    /// The next byte without consuming it.
    @inline(__always)
    public func peek() -> UInt8? {
        if position >= count, !refill() { return nil }
        return buffer[position]
    }
}
