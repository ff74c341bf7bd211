import CXlsxWriter
import CZlib
import Foundation
import Testing
@testable import SLAReports

/// The per-ticket sheet's rows are written apart from libxlsxwriter (`XLSXSheetRows`) and put
/// into the closed workbook (`XLSXSheetSplice`): the same XML as libxlsxwriter writes for the
/// same cells, checked against libxlsxwriter itself, and a ZIP that every reader can open.
@Suite struct XLSXSheetRowsTests {
    /// One cell, as both writers are given it.
    enum Value {
        case text(String)
        case number(Double)
        case boolean(Bool)
        case blank
    }

    /// Texts that exercise every escape: XML's three, control characters (kept: tab and line
    /// feed), white space at either end, multi-byte UTF-8, and what looks like an escape already.
    static let texts = ["Level 1 Support", "<script>&amp;", "a\r\nb", "\r", "tab\tinside", "\tleading tab", "trailing ",
                        " leading", "line\nfeed", "\nfirst a line feed", "\u{1}\u{8}\u{B}\u{C}\u{1F}", "Zoë", "👩‍💻 team", "_x0041_", "=1+2", "x"]
    /// Numbers whose digits libxlsxwriter (`%.16G`) and this writer (the shortest that reads back)
    /// spell alike; others differ in digits past the 16th or in the exponent's case (`2.5E-05`
    /// against `2.5e-05`), which every reader takes as the same double (`numbersReadBackAsTheSameDouble`).
    static let numbers: [Double] = [0, 1, -3, 12, 0.75, 0.5, 46000.5, 1_234_567, -0.125, 0.1, 0.001]

    static func cells() -> [[Value]] {
        var rows: [[Value]] = []
        for (i, text) in texts.enumerated() {
            rows.append([.text(text), .number(numbers[i % numbers.count]), .boolean(i % 2 == 0), .blank,
                         .number(Double(i)), .text("row \(i)")])
        }
        // A row with gaps (cells not written at all) and a wide column (AB).
        rows.append([.blank, .blank, .text("after gaps")] + Array(repeating: Value.blank, count: 24) + [.number(27)])
        return rows
    }

    /// The rows' XML as libxlsxwriter writes it (constant-memory mode, the same format for
    /// numbers and blanks), and as `XLSXSheetRows` writes it.
    static func bothWays() throws -> (libxlsxwriter: String, rows: String) {
        let directory = Fixtures.temporaryDirectory("sheetrows")
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("both.xlsx")
        var options = lxw_workbook_options()
        options.constant_memory = 1
        let folder = strdup(directory.path)
        defer { free(folder) }
        options.tmpdir = folder
        let workbook = try #require(workbook_new_opt(url.path, &options))
        let sheet = try #require(workbook_add_worksheet(workbook, nil))
        let format = try #require(workbook_add_format(workbook))
        format_set_num_format(format, "[h]:mm:ss")
        var rows = XLSXSheetRows(level: 1)
        let style = lxw_format_get_xf_index(format)
        for (r, row) in cells().enumerated() {
            rows.startRow(r)
            for (c, value) in row.enumerated() {
                let (rowNumber, column) = (lxw_row_t(r), lxw_col_t(c))
                switch value {
                case .text(let text):
                    #expect(worksheet_write_string(sheet, rowNumber, column, text, nil) == LXW_NO_ERROR)
                    rows.string(c, text, style: nil)
                case .number(let number):
                    #expect(worksheet_write_number(sheet, rowNumber, column, number, format) == LXW_NO_ERROR)
                    rows.number(c, number, style: style)
                case .boolean(let flag):
                    #expect(worksheet_write_boolean(sheet, rowNumber, column, flag ? 1 : 0, nil) == LXW_NO_ERROR)
                    rows.boolean(c, flag, style: nil)
                case .blank:
                    if c == 3 {
                        #expect(worksheet_write_blank(sheet, rowNumber, column, format) == LXW_NO_ERROR)
                        rows.blank(c, style: style)
                    }
                }
            }
        }
        #expect(workbook_close(workbook) == LXW_NO_ERROR)
        let bytes = [UInt8](try Data(contentsOf: url))
        let entries = try XLSXZip.centralDirectory(bytes)
        let part = try #require(entries.first { $0.name == "xl/worksheets/sheet1.xml" })
        let xml = String(decoding: try XLSXZip.content(of: part, in: bytes), as: UTF8.self)
        let start = try #require(xml.range(of: "<sheetData>")), end = try #require(xml.range(of: "</sheetData>"))
        return (String(xml[start.upperBound ..< end.lowerBound]), String(decoding: try inflate(rows.finish()), as: UTF8.self))
    }

    /// The XML a sync-flushed raw deflate stream holds.
    /// The rows' deflate data: what their spill file holds, then their pieces.
    static func deflateData(_ rows: XLSXSheetRows.Deflated) throws -> [UInt8] {
        var data: [UInt8] = []
        if let spilled = rows.spilled {
            #expect(try spilled.readPieces(pieceSize: 777) { data.append(contentsOf: $0); return true })
            #expect(data.count == spilled.size)
        }
        return data + rows.pieces.joined()
    }

    static func inflate(_ rows: XLSXSheetRows.Deflated) throws -> [UInt8] {
        var stream = z_stream()
        #expect(inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK)
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: rows.size + 1)
        let status: Int32 = (try deflateData(rows)).withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.avail_in = uInt(input.count)
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(out.count)
                return CZlib.inflate(&stream, Z_SYNC_FLUSH)
            }
        }
        #expect(status == Z_OK && stream.avail_in == 0)
        #expect(Int(stream.total_out) == rows.size)
        let content = Array(output[..<Int(stream.total_out)])
        #expect(UInt32(content.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }) == rows.crc)
        return content
    }

    @Test func rowsAreTheXMLLibxlsxwriterWritesForTheSameCells() throws {
        let (expected, written) = try Self.bothWays()
        #expect(!expected.isEmpty)
        #expect(written == expected)
    }

    @Test func numbersReadBackAsTheSameDouble() throws {
        var rows = XLSXSheetRows(level: 1)
        let values: [Double] = [46187.87309027778, 1.0 / 3, 0.1 + 0.2, 86_399.0 / 86_400, 1e20, -7.5e-9, 123_456_789_012, 2.5e-5]
        rows.startRow(0)
        for (c, value) in values.enumerated() { rows.number(c, value, style: 2) }
        rows.number(values.count, .nan, style: 2)  // not a number: a blank of the style, not "nan"
        let xml = String(decoding: try Self.inflate(rows.finish()), as: UTF8.self)
        let written = xml.components(separatedBy: "<v>").dropFirst().map { Double($0.prefix { $0 != "<" })! }
        #expect(written == values)
        #expect(xml.hasSuffix("<c r=\"I1\" s=\"2\"/></row>"))
        #expect(xml.contains("<v>123456789012</v>"))
    }

    @Test func columnLettersGoPastZ() {
        #expect(XLSXSheetRows.letters(0) == Array("A".utf8))
        #expect(XLSXSheetRows.letters(25) == Array("Z".utf8))
        #expect(XLSXSheetRows.letters(26) == Array("AA".utf8))
        #expect(XLSXSheetRows.letters(36) == Array("AK".utf8))
        #expect(XLSXSheetRows.letters(701) == Array("ZZ".utf8))
        #expect(XLSXSheetRows.letters(702) == Array("AAA".utf8))
    }

    @Test func theDimensionGrowsToTheLastCell() {
        #expect(XLSXSheetSplice.grown("A1:AK1", toRow: 25_823, column: 36) == "A1:AK25824")
        #expect(XLSXSheetSplice.grown("A1", toRow: 4, column: 2) == "A1:C5")
        #expect(XLSXSheetSplice.grown("A1:AK9", toRow: 3, column: 1) == "A1:AK9")
    }

    /// A workbook whose sheet libxlsxwriter wrote with a header row, and the rows spliced in:
    /// the finished-file check passes (every part inflates to its size and CRC-32), the sheet
    /// is libxlsxwriter's head, the rows and its tail, and its dimension covers the rows. With
    /// a spill file, the whole pieces wait in it instead of memory, and the file is the same.
    @Test(arguments: [false, true]) func splicedRowsFollowTheHeaderInAWorkbookThatChecksOut(spilling: Bool) throws {
        let directory = Fixtures.temporaryDirectory("splice")
        defer { try? FileManager.default.removeItem(at: directory) }
        let scratch = Fixtures.temporaryDirectory("splice-scratch")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let url = directory.appendingPathComponent("spliced.xlsx")
        var options = lxw_workbook_options()
        options.constant_memory = 1
        let workbook = try #require(workbook_new_opt(url.path, &options))
        let sheet = try #require(workbook_add_worksheet(workbook, "Tickets"))
        #expect(worksheet_write_string(sheet, 0, 0, "Ticket", nil) == LXW_NO_ERROR)
        #expect(worksheet_write_string(sheet, 0, 1, "Hours", nil) == LXW_NO_ERROR)
        #expect(worksheet_autofilter(sheet, 0, 0, 3000, 1) == LXW_NO_ERROR)
        #expect(workbook_close(workbook) == LXW_NO_ERROR)
        // Pieces of 1,000 bytes: the deflate data is held and spliced in many.
        func written(spill: SpillFile?) -> XLSXSheetRows.Deflated {
            var rows = XLSXSheetRows(level: 1, pieceSize: 1000, spill: spill)
            for r in 1 ... 3000 {  // several flushes of the pending bytes, and more than one deflate block
                rows.startRow(r)
                rows.string(0, "T-\(r) <\(String(repeating: "x", count: r % 97))>", style: nil)
                rows.number(1, Double(r) / 7, style: nil)
            }
            return rows.finish()
        }
        let deflated = written(spill: spilling ? try SpillFile(path: scratch.appendingPathComponent("rows").path) : nil)
        if spilling {
            let spilled = try #require(deflated.spilled)
            #expect(spilled.size > 10 * 1000 && spilled.size % 1000 == 0)
            #expect(deflated.pieces.count <= 1 && deflated.pieces.allSatisfy { $0.count < 1000 })
            // The same deflate data as held in memory.
            #expect(try Self.deflateData(deflated) == Self.deflateData(written(spill: nil)))
        } else {
            #expect(deflated.spilled == nil)
            #expect(deflated.pieces.count > 10 && deflated.pieces.allSatisfy { $0.count <= 1000 })
            #expect(deflated.pieces.dropLast().allSatisfy { $0.count == 1000 })
        }
        let expectedRows = try Self.inflate(deflated)
        try XLSXSheetSplice.insert([SplicedSheetRows(part: "xl/worksheets/sheet1.xml", rows: deflated)], into: url, level: 1)
        try XLSXFileCheck.verify(url, worksheets: 1)
        let bytes = [UInt8](try Data(contentsOf: url))
        let entries = try XLSXZip.centralDirectory(bytes)
        #expect(entries.map(\.name).contains("docProps/app.xml"))
        let part = try #require(entries.first { $0.name == "xl/worksheets/sheet1.xml" })
        let xml = String(decoding: try XLSXZip.content(of: part, in: bytes), as: UTF8.self)
        #expect(xml.contains("<dimension ref=\"A1:B3001\"/>"))
        let header = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Ticket</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>Hours</t></is></c></row>"
        #expect(xml.contains("<sheetData>" + header + String(decoding: expectedRows, as: UTF8.self) + "</sheetData>"))
        #expect(xml.hasSuffix("</worksheet>"))
        // No temporary file is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["spliced.xlsx"])
    }

    /// A spill file gives back what was written, in pieces of any size, and goes when released;
    /// a spill file over an existing name is refused.
    @Test func aSpillFileGivesBackWhatWasWritten() throws {
        let scratch = Fixtures.temporaryDirectory("spill")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let path = scratch.appendingPathComponent("data").path
        var written: [UInt8] = []
        do {
            let spill = try SpillFile(path: path)
            for k in 0 ..< 50 {
                let chunk = (0 ..< (k * 37 % 300)).map { UInt8(truncatingIfNeeded: $0 * 7 + k) }
                chunk.withUnsafeBytes(spill.append)
                written += chunk
            }
            #expect(spill.size == written.count)
            for pieceSize in [1, 100, 4096, 1 << 20] {
                var read: [UInt8] = [], largest = 0
                #expect(try spill.readPieces(pieceSize: pieceSize) { read.append(contentsOf: $0); largest = max(largest, $0.count); return true })
                #expect(read == written && largest <= pieceSize)
            }
            var calls = 0
            #expect(try spill.readPieces(pieceSize: 10) { _ in calls += 1; return calls < 3 } == false)
            #expect(calls == 3)
            #expect(throws: ReportWriteError.self) { try SpillFile(path: path) }
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    /// A workbook that is not a ZIP is refused with a message naming the part, not a crash.
    @Test func aDamagedWorkbookIsRefused() throws {
        let directory = Fixtures.temporaryDirectory("splicebad")
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("bad.xlsx")
        try Data("not a zip".utf8).write(to: url)
        var rows = XLSXSheetRows(level: 1)
        rows.startRow(1)
        rows.boolean(0, true, style: nil)
        #expect(throws: ReportWriteError.self) {
            try XLSXSheetSplice.insert([SplicedSheetRows(part: "xl/worksheets/sheet1.xml", rows: rows.finish())], into: url, level: 1)
        }
        #expect(try Data(contentsOf: url) == Data("not a zip".utf8))
    }
}
