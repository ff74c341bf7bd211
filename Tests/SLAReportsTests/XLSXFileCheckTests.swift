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
        let entries = try XLSXFileCheck.centralDirectory(bytes)
        let sheet = try #require(entries["xl/worksheets/sheet12.xml"])
        let start = sheet.localHeader + 30 + XLSXFileCheck.u16(bytes, sheet.localHeader + 26)
            + XLSXFileCheck.u16(bytes, sheet.localHeader + 28)
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
