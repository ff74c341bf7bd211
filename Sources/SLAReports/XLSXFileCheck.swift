import CZlib
import Foundation

/// Reads a finished workbook back before it is renamed into place: a ZIP whose central
/// directory lists the parts an XLSX needs, and whose worksheets inflate completely, match
/// their CRC-32 and hold whole XML (a worksheet cut short, e.g. by a full disk under
/// libxlsxwriter's temporary files, has unbalanced rows or no closing tag).
public enum XLSXFileCheck {
    /// Throws `.spreadsheet` naming what is wrong with the file at `url`.
    public static func verify(_ url: URL, worksheets: Int) throws(ReportWriteError) {
        func fail(_ message: String) -> ReportWriteError {
            .spreadsheet(XLSXWriterError(operation: "checking the finished workbook \(url.lastPathComponent)", code: 0,
                                         message: message))
        }
        guard let data = FileManager.default.contents(atPath: url.path), !data.isEmpty else {
            throw fail("the file is missing or empty")
        }
        let bytes = [UInt8](data)
        var entries: [String: XLSXZip.Entry] = [:]
        do {
            for entry in try XLSXZip.centralDirectory(bytes) where entries[entry.name] == nil { entries[entry.name] = entry }
        } catch {
            throw fail("not a complete ZIP file (\(error.reason))")
        }
        let required = ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml"]
            + (1 ... worksheets).map { "xl/worksheets/sheet\($0).xml" }
        for name in required {
            guard let entry = entries[name] else { throw fail("the part \(name) is missing") }
            let content: [UInt8]
            do { content = try XLSXZip.content(of: entry, in: bytes) } catch { throw fail("the part \(name) is damaged (\(error.reason))") }
            // A large part's CRC-32 is computed on another thread while its rows are counted here:
            // the check ends the workbook's thread, when the report's other core has finished.
            let checksum = PartChecksum(content, elsewhere: content.count >= 1 << 20)
            if name.hasPrefix("xl/worksheets/") {
                guard endsWithClosingTag(content) else {
                    throw fail("the part \(name) is cut short")
                }
                let (opened, closed) = rowTags(content)
                guard opened == closed else {
                    throw fail("the part \(name) has \(opened) rows opened and \(closed) closed")
                }
            }
            guard checksum.value() == entry.crc else { throw fail("the part \(name) is damaged (CRC-32 mismatch)") }
        }
    }

    /// A part's CRC-32, computed on this thread or on another one meanwhile.
    final class PartChecksum: @unchecked Sendable {
        private var crc: UInt32 = 0
        private let done = DispatchSemaphore(value: 0)

        init(_ content: [UInt8], elsewhere: Bool) {
            guard elsewhere else {
                crc = Self.crc32(of: content)
                done.signal()
                return
            }
            DispatchQueue.global().async { [self] in
                crc = Self.crc32(of: content)
                done.signal()
            }
        }

        /// The CRC-32, once it is computed.
        func value() -> UInt32 {
            done.wait()
            done.signal()
            return crc
        }

        static func crc32(of content: [UInt8]) -> UInt32 {
            content.withUnsafeBufferPointer { UInt32(CZlib.crc32(0, $0.baseAddress, UInt32($0.count))) }
        }
    }

    /// Whether the XML ends with `</worksheet>` (and at most one newline), compared as bytes:
    /// a worksheet is tens of megabytes at a million tickets.
    static func endsWithClosingTag(_ xml: [UInt8]) -> Bool {
        let tag = Array("</worksheet>".utf8)
        var end = xml.count
        if end > 0 && xml[end - 1] == UInt8(ascii: "\n") { end -= 1 }
        guard end >= tag.count else { return false }
        return xml[(end - tag.count) ..< end].elementsEqual(tag)
    }

    /// Counts `<row ...>` openings and their closings (`</row>`, or `/>` ending the tag).
    /// The next `<` is looked for eight bytes at a time (on little-endian machines): the byte
    /// loop was a third of the check, which reads a million-ticket week's 41.6 MB Tickets sheet.
    static func rowTags(_ xml: [UInt8]) -> (opened: Int, closed: Int) {
        xml.withUnsafeBufferPointer { xml in
            // Whether `text` (ASCII) starts at `i`; byte by byte, no slices.
            func matches(_ text: StaticString, at i: Int) -> Bool {
                let count = text.utf8CodeUnitCount
                guard i + count <= xml.count else { return false }
                let start = text.utf8Start
                for k in 0 ..< count where xml[i + k] != start[k] { return false }
                return true
            }
            var opened = 0, closed = 0
            // Counts the tag at `i` (a `<`) and says where to look on. Most tags are cells' (`<c `,
            // `</v>`...): the byte after the `<` rules them out before any comparison.
            func tag(at i: Int) -> Int {
                guard i + 2 < xml.count else { return i + 1 }
                let second = xml[i + 1]
                if second == UInt8(ascii: "/") {
                    if xml[i + 2] == UInt8(ascii: "r"), matches("</row>", at: i) { closed += 1 }
                    return i + 1
                }
                if second == UInt8(ascii: "r"), matches("<row ", at: i) {
                    opened += 1
                    var j = i + 5
                    while j < xml.count && xml[j] != UInt8(ascii: ">") { j += 1 }
                    if j < xml.count && xml[j - 1] == UInt8(ascii: "/") { closed += 1 }
                    return j
                }
                return i + 1
            }
            var i = 0
            #if _endian(little)
            if let base = xml.baseAddress {
                let raw = UnsafeRawPointer(base)
                while i + 8 <= xml.count {
                    // A word's bytes that equal `<` become zero; the lowest byte flagged is the first
                    // zero (flags above it may be false, and are looked at again from there).
                    let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ 0x3C3C_3C3C_3C3C_3C3C
                    let zeros = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
                    if zeros == 0 {
                        i += 8
                    } else {
                        i = tag(at: i + zeros.trailingZeroBitCount / 8)
                    }
                }
            }
            #endif
            while i < xml.count {
                i = xml[i] == UInt8(ascii: "<") ? tag(at: i) : i + 1
            }
            return (opened, closed)
        }
    }
}
