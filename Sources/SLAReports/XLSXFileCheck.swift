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
        guard let file = try? XLSXZipFile(path: url.path), file.size > 0 else {
            throw fail("the file is missing or empty")
        }
        var entries: [String: XLSXZip.Entry] = [:]
        do {
            for entry in try file.centralDirectory() where entries[entry.name] == nil { entries[entry.name] = entry }
        } catch {
            throw fail("not a complete ZIP file (\(error.reason))")
        }
        let required = ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml"]
            + (1 ... worksheets).map { "xl/worksheets/sheet\($0).xml" }
        for name in required {
            guard let entry = entries[name] else { throw fail("the part \(name) is missing") }
            // Inflated a megabyte at a time and checked as it comes: held whole, a million-ticket
            // week's Tickets sheet (42 MB of XML) was the report's peak of memory.
            var part = PartCheck(isWorksheet: name.hasPrefix("xl/worksheets/"))
            do { try file.inflatePieces(of: entry) { part.add($0) } } catch {
                throw fail("the part \(name) is damaged (\(error.reason))")
            }
            if part.isWorksheet {
                guard endsWithClosingTag(part.end) else {
                    throw fail("the part \(name) is cut short")
                }
                let (opened, closed) = part.rowTags()
                guard opened == closed else {
                    throw fail("the part \(name) has \(opened) rows opened and \(closed) closed")
                }
            }
            guard part.crc == entry.crc else { throw fail("the part \(name) is damaged (CRC-32 mismatch)") }
        }
    }

    /// What the check needs of a part, gathered piece by piece: its CRC-32, and for a worksheet
    /// its row tags and last bytes.
    struct PartCheck {
        let isWorksheet: Bool
        private(set) var crc: UInt32 = 0
        /// The last bytes (as many as `</worksheet>` and a newline).
        private(set) var end: [UInt8] = []
        private(set) var rows = RowTagCounter()

        init(isWorksheet: Bool) { self.isWorksheet = isWorksheet }

        mutating func add(_ piece: UnsafeBufferPointer<UInt8>) {
            guard !piece.isEmpty else { return }  // zlib's crc32 of no address restarts at 0
            crc = UInt32(crc32(uLong(crc), piece.baseAddress, uInt(piece.count)))
            guard isWorksheet else { return }
            rows.add(piece)
            let kept = "</worksheet>\n".utf8.count
            if piece.count >= kept {
                end = Array(piece[(piece.count - kept)...])
            } else {
                end = Array((end + piece).suffix(kept))
            }
        }

        /// The row tags opened and closed in the whole part.
        mutating func rowTags() -> (opened: Int, closed: Int) {
            rows.finish()
            return (rows.opened, rows.closed)
        }
    }

    /// Counts row tags (`rowTags`) over XML given in pieces: a tag cut by a piece's end is
    /// counted with the next piece (its few bytes carried over).
    struct RowTagCounter {
        private(set) var opened = 0, closed = 0
        private var carried: [UInt8] = []
        /// How many bytes wait for the next piece.
        var carriedCount: Int { carried.count }

        mutating func add(_ piece: UnsafeBufferPointer<UInt8>) {
            if carried.isEmpty {
                count(piece, final: false)
            } else {
                let joined = carried + piece
                joined.withUnsafeBufferPointer { count($0, final: false) }
            }
        }

        mutating func finish() {
            let rest = carried
            rest.withUnsafeBufferPointer { count($0, final: true) }
            carried = []
        }

        /// The most bytes carried to the next piece: a `<row ` this long without its `>` is
        /// counted as it stands (a damaged part; carried on, it was copied and read again with
        /// every piece to the part's end).
        static let longestCarried = 1 << 16

        private mutating func count(_ xml: UnsafeBufferPointer<UInt8>, final: Bool) {
            let tags = XLSXFileCheck.rowTags(xml, final: final)
            opened += tags.opened
            closed += tags.closed
            let rest = UnsafeBufferPointer(rebasing: xml[tags.undecidedFrom...])
            if rest.count > Self.longestCarried {
                let last = XLSXFileCheck.rowTags(rest, final: true)
                opened += last.opened
                closed += last.closed
                carried = []
            } else {
                carried = Array(rest)
            }
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
    static func rowTags(_ xml: [UInt8]) -> (opened: Int, closed: Int) {
        let tags = xml.withUnsafeBufferPointer { rowTags($0, final: true) }
        return (tags.opened, tags.closed)
    }

    /// `rowTags` of XML that may go on after `xml` unless `final`: a tag it cannot tell yet (a
    /// `<` less than six bytes from the end, or a `<row ` not closed by `>`) is not counted, and
    /// `undecidedFrom` is where it starts (`xml.count` when there is none).
    /// The next `<` is looked for eight bytes at a time (on little-endian machines): the byte
    /// loop was a third of the check, which reads a million-ticket week's 41.6 MB Tickets sheet.
    static func rowTags(_ xml: UnsafeBufferPointer<UInt8>, final: Bool) -> (opened: Int, closed: Int, undecidedFrom: Int) {
        // Whether `text` (ASCII) starts at `i`; byte by byte, no slices.
        func matches(_ text: StaticString, at i: Int) -> Bool {
            let count = text.utf8CodeUnitCount
            guard i + count <= xml.count else { return false }
            let start = text.utf8Start
            for k in 0 ..< count where xml[i + k] != start[k] { return false }
            return true
        }
        var opened = 0, closed = 0
        // Counts the tag at `i` (a `<`) and says where to look on; nil when the rest of the XML
        // must be seen first. Most tags are cells' (`<c `, `</v>`...): the byte after the `<`
        // rules them out before any comparison.
        func tag(at i: Int) -> Int? {
            if !final && i + 6 > xml.count { return nil }
            guard i + 2 < xml.count else { return i + 1 }
            let second = xml[i + 1]
            if second == UInt8(ascii: "/") {
                if xml[i + 2] == UInt8(ascii: "r"), matches("</row>", at: i) { closed += 1 }
                return i + 1
            }
            if second == UInt8(ascii: "r"), matches("<row ", at: i) {
                var j = i + 5
                while j < xml.count && xml[j] != UInt8(ascii: ">") { j += 1 }
                if !final && j == xml.count { return nil }
                opened += 1
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
                    let at = i + zeros.trailingZeroBitCount / 8
                    guard let next = tag(at: at) else { return (opened, closed, at) }
                    i = next
                }
            }
        }
        #endif
        while i < xml.count {
            if xml[i] == UInt8(ascii: "<") {
                guard let next = tag(at: i) else { return (opened, closed, i) }
                i = next
            } else {
                i += 1
            }
        }
        return (opened, closed, xml.count)
    }
}
