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
