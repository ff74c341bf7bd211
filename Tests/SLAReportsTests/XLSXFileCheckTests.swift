import CZlib
import Foundation
import SLAModel
import Testing
@testable import SLAReports

/// A workbook is read back before it is renamed into place; a damaged one is refused.
@Suite struct XLSXFileCheckTests {
    static func workbookBytes() throws -> (URL, [UInt8]) {
        let (directory, file) = try XLSXReportWriterTests.writeWorkbook(Fixtures.helpDeskReport())
        return (directory, [UInt8](try Data(contentsOf: file)))
    }

    @Test func aFinishedWorkbookPasses() throws {
        let (directory, bytes) = try Self.workbookBytes()
        defer { try? FileManager.default.removeItem(at: directory) }
        let copy = directory.appendingPathComponent("copy.xlsx")
        try Data(bytes).write(to: copy)
        try XLSXFileCheck.verify(copy, worksheets: XLSXReportWriter.sheetNames.count)
    }

    @Test func aTruncatedWorkbookIsRefused() throws {
        let (directory, bytes) = try Self.workbookBytes()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cut = directory.appendingPathComponent("cut.xlsx")
        try Data(bytes.prefix(bytes.count - 200)).write(to: cut)
        #expect(throws: ReportWriteError.self) { try XLSXFileCheck.verify(cut, worksheets: 12) }
        let empty = directory.appendingPathComponent("empty.xlsx")
        try Data().write(to: empty)
        #expect(throws: ReportWriteError.self) { try XLSXFileCheck.verify(empty, worksheets: 12) }
    }

    @Test func aFlippedByteInAWorksheetIsRefused() throws {
        let (directory, bytes) = try Self.workbookBytes()
        defer { try? FileManager.default.removeItem(at: directory) }
        let entries = try XLSXZip.centralDirectory(bytes)
        let sheet = try #require(entries.first { $0.name == "xl/worksheets/sheet12.xml" })
        let start = sheet.localHeader + 30 + XLSXZip.u16(bytes, sheet.localHeader + 26)
            + XLSXZip.u16(bytes, sheet.localHeader + 28)
        var damaged = bytes
        damaged[start + sheet.compressedSize / 2] ^= 0x5A
        let file = directory.appendingPathComponent("flipped.xlsx")
        try Data(damaged).write(to: file)
        #expect(throws: ReportWriteError.self) { try XLSXFileCheck.verify(file, worksheets: 12) }
    }

    @Test func aWorksheetWithARowCutShortIsCounted() {
        let whole = Array(#"<sheetData><row r="1"><c r="A1"/></row><row r="2" spans="1:1"/></sheetData></worksheet>"#.utf8)
        let wholeTags = XLSXFileCheck.rowTags(whole)
        #expect(wholeTags.opened == 2 && wholeTags.closed == 2)
        let cut = Array(#"<sheetData><row r="1"><c r="A1"/></row><row r="2"><c r="A2"><v>1</sheetData></worksheet>"#.utf8)
        let cutTags = XLSXFileCheck.rowTags(cut)
        #expect(cutTags.opened == 2 && cutTags.closed == 1)
    }

    /// The word-at-a-time search counts what a byte-by-byte reading counts, for tags at every
    /// offset in a word, at the very end, cut short, and beside bytes that look like `<` to the
    /// word test (0x3D, 0x01).
    @Test func countsTagsAtEveryOffsetAsAByteLoopDoes() {
        func byByte(_ xml: [UInt8]) -> (Int, Int) {
            var opened = 0, closed = 0, i = 0
            func starts(_ text: String, _ i: Int) -> Bool {
                let t = Array(text.utf8)
                return i + t.count <= xml.count && Array(xml[i ..< i + t.count]) == t
            }
            while i < xml.count {
                if starts("<row ", i) {
                    opened += 1
                    var j = i + 5
                    while j < xml.count && xml[j] != UInt8(ascii: ">") { j += 1 }
                    if j < xml.count && xml[j - 1] == UInt8(ascii: "/") { closed += 1 }
                    i = j
                    continue
                }
                if starts("</row>", i) { closed += 1 }
                i += 1
            }
            return (opened, closed)
        }
        let pieces = [#"<row r="1">"#, "</row>", #"<row r="2"/>"#, "<c>", "=", "\u{01}", "x", "<", "<ro", "</ro", "<row ", "<v>7</v>"]
        var seed: UInt64 = 0x5EED
        func next() -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: seed >> 33)
        }
        for _ in 0 ..< 2_000 {
            let xml = Array((0 ..< next() % 40).map { _ in pieces[next() % pieces.count] }.joined().utf8)
            let fast = XLSXFileCheck.rowTags(xml)
            let slow = byByte(xml)
            #expect(fast.opened == slow.0 && fast.closed == slow.1, "\(String(decoding: xml, as: UTF8.self))")
        }
    }

    /// The check reads a worksheet in pieces: cut anywhere (into two, or into pieces of one to
    /// seven bytes), its row tags count as the whole does, and its last bytes are the whole's.
    @Test func piecesCountAsTheWholeWhereverTheyAreCut() {
        let pieces = [#"<row r="1">"#, "</row>", #"<row r="2" spans="1:3"/>"#, "<c>", "<", "<ro", "</ro", "<row ", "<v>7</v>",
                      "</worksheet>", "\n"]
        var seed: UInt64 = 0xC0FFEE
        func next() -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: seed >> 33)
        }
        for round in 0 ..< 300 {
            let xml = Array((0 ..< next() % 30).map { _ in pieces[next() % pieces.count] }.joined().utf8)
            let whole = XLSXFileCheck.rowTags(xml)
            var cuts: [[Int]] = (0 ... xml.count).map { [$0] }                      // two pieces
            var small: [Int] = []                                                    // many small ones
            var at = 0
            while at < xml.count {
                at = min(xml.count, at + 1 + next() % 7)
                small.append(at)
            }
            cuts.append(small)
            for cut in cuts {
                var part = XLSXFileCheck.PartCheck(isWorksheet: true)
                var start = 0
                for end in cut + [xml.count] where end >= start {
                    xml[start ..< end].withUnsafeBufferPointer { part.add($0) }
                    start = end
                }
                let tags = part.rowTags()
                #expect(tags.opened == whole.opened && tags.closed == whole.closed,
                        "round \(round), cut at \(cut): \(String(decoding: xml, as: UTF8.self))")
                #expect(part.end == Array(xml.suffix(13)))
                #expect(part.crc == UInt32(xml.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }))
            }
        }
    }

    /// A part inflated in pieces (here of 1,000 bytes) is the part as `unzip` reads it (an
    /// independent reader: `XLSXZip.content` is made from the same pieces).
    @Test func aPartInflatedInPiecesIsThePartUnzipReads() throws {
        let (directory, bytes) = try Self.workbookBytes()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("pieces.xlsx")
        try Data(bytes).write(to: file)
        let worksheets = try XLSXZip.centralDirectory(bytes).filter { $0.name.hasPrefix("xl/worksheets/sheet") }
        #expect(worksheets.count == XLSXReportWriter.sheetNames.count)
        for entry in worksheets {
            var joined: [UInt8] = [], sizes: [Int] = []
            try XLSXZip.inflatePieces(of: entry, in: bytes, pieceSize: 1_000) { piece in
                joined.append(contentsOf: piece)
                sizes.append(piece.count)
            }
            let unzipped = TestSupport.run(["unzip", "-p", file.path, entry.name])
            #expect(unzipped.status == 0)
            #expect(String(decoding: joined, as: UTF8.self) == unzipped.output, "\(entry.name)")
            #expect(sizes.allSatisfy { $0 <= 1_000 } || entry.method == 0)
        }
    }

    /// A part whose deflate data is cut short, or that inflates to more or less than its
    /// recorded size, is refused when inflated in pieces too.
    @Test func aPartOfTheWrongLengthIsRefusedInPieces() throws {
        let (directory, bytes) = try Self.workbookBytes()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sheet = try #require(try XLSXZip.centralDirectory(bytes).first { $0.name == "xl/worksheets/sheet12.xml" })
        #expect(sheet.method == 8 && sheet.compressedSize > 100)
        var cut = sheet, longer = sheet, shorter = sheet
        cut.compressedSize -= 40
        longer.size -= 1          // the data inflates to one byte more than recorded
        shorter.size += 1
        for entry in [cut, longer, shorter] {
            #expect(throws: XLSXZip.Failure.self) { try XLSXZip.inflatePieces(of: entry, in: bytes, pieceSize: 1_000) { _ in } }
        }
    }

    /// Read from the file a range at a time (`XLSXZipFile`, here 97 bytes of stored data and of
    /// inflated XML at a time, so that deflate blocks and tags span pieces), every part is what
    /// `unzip` reads (and what the whole file's reader reads), and the central directory is the
    /// one read from the whole file.
    @Test func aPartReadFromTheFileInPiecesIsThePartUnzipReads() throws {
        let (directory, bytes) = try Self.workbookBytes()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("file.xlsx")
        try Data(bytes).write(to: file)
        let zip = try XLSXZipFile(path: file.path)
        #expect(zip.size == bytes.count)
        let entries = try zip.centralDirectory()
        let whole = try XLSXZip.centralDirectory(bytes)
        #expect(entries.map(\.name) == whole.map(\.name) && entries.map(\.record) == whole.map(\.record))
        #expect(entries.contains { $0.compressedSize > 10 * 97 })
        for entry in entries {
            var joined: [UInt8] = []
            try zip.inflatePieces(of: entry, pieceSize: 97) { joined.append(contentsOf: $0) }
            #expect(joined == (try XLSXZip.content(of: entry, in: bytes)), "\(entry.name)")
            // unzip reads a name as a pattern: "[Content_Types].xml" would be a character class.
            guard !entry.name.contains("[") else { continue }
            let unzipped = TestSupport.run(["unzip", "-p", file.path, entry.name])
            #expect(unzipped.status == 0)
            #expect(String(decoding: joined, as: UTF8.self) == unzipped.output, "\(entry.name)")
        }
    }

    /// From the file, a part whose data the file does not hold whole, or that inflates to
    /// another size than recorded, is refused; so is a file cut anywhere in its central directory.
    @Test func aPartOfTheWrongLengthIsRefusedFromTheFile() throws {
        let (directory, bytes) = try Self.workbookBytes()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("file.xlsx")
        try Data(bytes).write(to: file)
        let zip = try XLSXZipFile(path: file.path)
        let sheet = try #require(try zip.centralDirectory().first { $0.name == "xl/worksheets/sheet12.xml" })
        var beyond = sheet, longer = sheet, shorter = sheet, headerPast = sheet, headerAtEnd = sheet, headerBefore = sheet
        beyond.compressedSize = bytes.count
        longer.size -= 1
        shorter.size += 1
        headerPast.localHeader = bytes.count + 100_000
        headerAtEnd.localHeader = bytes.count - 29
        headerBefore.localHeader = -1
        for entry in [beyond, longer, shorter, headerPast, headerAtEnd, headerBefore] {
            #expect(throws: XLSXZip.Failure.self) { try zip.inflatePieces(of: entry, pieceSize: 97) { _ in } }
        }
        // A central directory whose worksheet's local header lies past the file's end.
        let record = try #require(bytes.firstRange(of: sheet.record))
        var moved = bytes
        let past = bytes.count + 100_000
        for k in 0 ..< 4 { moved[record.lowerBound + 42 + k] = UInt8(truncatingIfNeeded: past >> (8 * k)) }
        let movedFile = directory.appendingPathComponent("moved.xlsx")
        try Data(moved).write(to: movedFile)
        #expect(throws: ReportWriteError.self) { try XLSXFileCheck.verify(movedFile, worksheets: 12) }
        let end = try XLSXZip.endRecord(in: bytes)
        for length in [XLSXZip.u32(bytes, end + 16) + 10, end + 10, bytes.count - 1] {
            let cut = directory.appendingPathComponent("cut-\(length).xlsx")
            try Data(bytes.prefix(length)).write(to: cut)
            #expect(throws: XLSXZip.Failure.self) { try XLSXZipFile(path: cut.path).centralDirectory() }
            #expect(throws: ReportWriteError.self) { try XLSXFileCheck.verify(cut, worksheets: 12) }
        }
    }

    /// A `<row ` never closed by `>` (a damaged part) is counted as it stands once more than
    /// `longestCarried` bytes follow it, not carried and read again to the part's end, and the
    /// count is still the whole's.
    @Test func aRowTagNeverClosedIsNotCarriedForever() {
        let xml = Array(("<row r=\"1\"></row><row r=\"2\" " + String(repeating: "a", count: 3 * XLSXFileCheck.RowTagCounter.longestCarried)
                         + "<c></c></worksheet>").utf8)
        let whole = XLSXFileCheck.rowTags(xml)
        #expect(whole.opened == 2 && whole.closed == 1)
        var part = XLSXFileCheck.PartCheck(isWorksheet: true)
        var start = 0
        while start < xml.count {
            let end = min(xml.count, start + 4_096)
            xml[start ..< end].withUnsafeBufferPointer { part.add($0) }
            #expect(part.rows.carriedCount <= XLSXFileCheck.RowTagCounter.longestCarried)
            start = end
        }
        let tags = part.rowTags()
        #expect(tags.opened == whole.opened && tags.closed == whole.closed)
    }

    @Test func theClosingTagIsFoundAtTheEndOnly() {
        #expect(XLSXFileCheck.endsWithClosingTag(Array("<sheetData/></worksheet>".utf8)))
        #expect(XLSXFileCheck.endsWithClosingTag(Array("<sheetData/></worksheet>\n".utf8)))
        #expect(!XLSXFileCheck.endsWithClosingTag(Array("<sheetData/></worksheet>\n\n".utf8)))
        #expect(!XLSXFileCheck.endsWithClosingTag(Array("</worksheet><row r=\"1\">".utf8)))
        #expect(!XLSXFileCheck.endsWithClosingTag(Array("</worksheet".utf8)))
        #expect(!XLSXFileCheck.endsWithClosingTag([]))
    }

    @Test func aRowTagAtTheVeryEndIsCountedWithoutReadingPastIt() {
        #expect(XLSXFileCheck.rowTags(Array("<row ".utf8)) == (opened: 1, closed: 0))
        #expect(XLSXFileCheck.rowTags(Array("</row".utf8)) == (opened: 0, closed: 0))
        #expect(XLSXFileCheck.rowTags(Array("<ro".utf8)) == (opened: 0, closed: 0))
    }
}
