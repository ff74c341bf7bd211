import Foundation
import SLAModel
import Testing
@testable import SLAReports

@Suite struct XLSXReportWriterTests {
    /// Runs a program and returns its exit status and combined output.
    static func run(_ arguments: [String]) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return (-1, "\(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static let hasOpenpyxl: Bool = {
        let available = run(["python3", "-c", "import openpyxl"]).status == 0
        if !available { print("Skipping the openpyxl checks: `python3 -c 'import openpyxl'` failed (pip install openpyxl to run them).") }
        return available
    }()

    static func writeWorkbook(_ report: WeeklyReport) throws -> (directory: URL, file: URL) {
        let directory = Fixtures.temporaryDirectory("xlsx")
        let files = try ReportWriter.write(report, formats: [.xlsx], to: directory)
        return (directory, files[0])
    }

    static func subjectTickets() -> [TicketMetrics] {
        var tickets = Fixtures.helpDesk
        tickets[0].subject = "=1+2"
        tickets[1].subject = "@SUM(A1:A9) <script>"
        // An open ticket whose export's due date is 87,763 s (1,462.72 minutes) before the recomputed one.
        if let open = tickets.firstIndex(where: { $0.state == .open && $0.resolutionDueAt != nil }) {
            tickets[open].sourceDueAt = tickets[open].resolutionDueAt!.adding(seconds: -87_763)
        }
        return tickets
    }

    /// The ticket `subjectTickets` gives a source due date to.
    static var ticketWithSourceDue: String {
        subjectTickets().first { $0.sourceDueAt != nil }?.number ?? "none"
    }

    @Test func workbookIsAZipWithANativeChart() throws {
        let (directory, file) = try Self.writeWorkbook(Fixtures.helpDeskReport())
        defer { try? FileManager.default.removeItem(at: directory) }
        let bytes = try Data(contentsOf: file)
        #expect(bytes.prefix(4) == Data([0x50, 0x4B, 0x03, 0x04]))   // "PK\3\4"
        let listing = Self.run(["unzip", "-l", file.path])
        #expect(listing.status == 0, "\(listing.output)")
        #expect(listing.output.contains("xl/charts/chart1.xml"))
        #expect(listing.output.contains("xl/charts/chart2.xml"))
        #expect(listing.output.contains("xl/worksheets/sheet3.xml"))
    }

    /// Each zip entry's general-purpose flags and method, from its local header.
    static func localHeaders(_ bytes: [UInt8]) -> [(name: String, method: UInt16, flags: UInt16)] {
        func u16(_ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { Int(u16(at)) | Int(u16(at + 2)) << 16 }
        var entries: [(String, UInt16, UInt16)] = []
        var at = 0
        while at + 30 <= bytes.count, bytes[at ..< at + 4] == [0x50, 0x4B, 0x03, 0x04] {
            let flags = u16(at + 6), method = u16(at + 8)
            let nameLength = Int(u16(at + 26)), extraLength = Int(u16(at + 28))
            entries.append((String(decoding: bytes[(at + 30) ..< (at + 30 + nameLength)], as: UTF8.self), method, flags))
            // Sizes are in the header unless bit 3 puts them in a descriptor after the data.
            var compressed = u32(at + 18)
            let dataStart = at + 30 + nameLength + extraLength
            if flags & 8 != 0 {
                // Find the next local header or the central directory after the data.
                var next = dataStart
                while next + 4 <= bytes.count,
                      !(bytes[next] == 0x50 && bytes[next + 1] == 0x4B
                        && ((bytes[next + 2] == 3 && bytes[next + 3] == 4) || (bytes[next + 2] == 1 && bytes[next + 3] == 2))) {
                    next += 1
                }
                compressed = next - dataStart
            }
            at = dataStart + compressed
        }
        return entries
    }

    /// libxlsxwriter has no option for its deflate level; `CWorkbookDeflate` sets it, and
    /// minizip records the level it used in bits 1-2 of each entry's flags (3: fastest).
    @Test func partsAreDeflatedAtTheFastestLevel() throws {
        let (directory, file) = try Self.writeWorkbook(Fixtures.helpDeskReport())
        defer { try? FileManager.default.removeItem(at: directory) }
        let entries = Self.localHeaders(Array(try Data(contentsOf: file)))
        #expect(entries.count >= 20, "\(entries.map(\.name))")
        #expect(entries.contains { $0.name == "xl/worksheets/sheet12.xml" })
        for entry in entries {
            #expect(entry.method == 8, "\(entry.name) is not deflated")
            #expect(entry.flags & 6 == 6, "\(entry.name): flags \(entry.flags), not the fastest level")
        }
        #expect(XLSXReportWriter.deflateLevel == 1)
    }

    /// Files started from the tickets and never given their report leave nothing behind:
    /// the workbook's thread stops and its temporary files go.
    @Test func startedFilesDroppedWithoutAReportLeaveNothing() throws {
        let report = Fixtures.helpDeskReport()
        let directory = Fixtures.temporaryDirectory("xlsx-dropped")
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            let started = try ReportWriter.start(period: report.period, tickets: report.tickets, formats: Set(ReportFormat.allCases),
                                                 in: directory)
            _ = started
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(left.isEmpty, "\(left)")
        // Started again and written, the same directory gets every file.
        let started = try ReportWriter.start(period: report.period, tickets: report.tickets, formats: Set(ReportFormat.allCases),
                                             in: directory)
        let files = try started.write(report)
        #expect(files.map(\.lastPathComponent).contains(ReportFileNames(period: report.period).xlsx))
        let listed = Set(try FileManager.default.contentsOfDirectory(atPath: directory.path))
        #expect(listed.isSuperset(of: files.map(\.lastPathComponent)))
        #expect(!listed.contains { $0.hasSuffix(".tmp") || $0.hasPrefix(".xlsxwriter") }, "\(listed)")
    }

    /// Column widths measured from bytes agree with counting characters and digits.
    @Test(arguments: ["", "Level 1 Support", "a\r\nb", "\r", "Zoë", "e\u{301}e\u{301}", "👩‍💻 team", "\t", String(repeating: "x", count: 75)])
    func columnWidthsCountCharacters(_ text: String) {
        #expect(ColumnWidth.characters(in: text, upTo: 60) == min(text.count, 60))
        #expect(ColumnWidth.characters(in: text, upTo: 3) == min(text.count, 3))
    }

    @Test func columnWidthDigitsAreTheDecimalLength() {
        var generator = SystemRandomNumberGenerator()
        let values: [UInt64] = [0, 9, 10, 99, 100, 999_999, 1_000_000, UInt64.max] + (0 ..< 200).map { _ in
            UInt64.random(in: 0 ... UInt64.max, using: &generator) >> UInt64.random(in: 0 ... 63, using: &generator)
        }
        for value in values { #expect(ColumnWidth.digits(value) == String(value).count, "\(value)") }
    }

    @Test func emptyWeekStillHasAChart() throws {
        let empty = ReportAggregator.weeklyReport(from: [], period: Fixtures.week32, asOf: Fixtures.asOf, policyHash: "none")
        let (directory, file) = try Self.writeWorkbook(empty)
        defer { try? FileManager.default.removeItem(at: directory) }
        let listing = Self.run(["unzip", "-l", file.path])
        #expect(listing.output.contains("xl/charts/chart1.xml"))
    }

    @Test func excelSerialIsTheReportZonesWallClock() {
        // 2025-08-05 12:00 in New York = Excel serial 45874.5.
        #expect(XLSXReportWriter.excelSerial(Fixtures.ny(2025, 8, 5, 12), in: Fixtures.newYork) == 45_874.5)
    }

    @Test(.enabled(if: hasOpenpyxl, "openpyxl is not installed"))
    func numbersAreNumbersAndDataStringsStayStrings() throws {
        let (directory, file) = try Self.writeWorkbook(Fixtures.helpDeskReport(Self.subjectTickets()))
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = #"""
        import sys, datetime, openpyxl
        wb = openpyxl.load_workbook(sys.argv[1])
        assert wb.sheetnames == ["Summary", "By team", "By priority", "By SLA plan", "By agent", "By department", "Breached tickets", "Backlog aging", "Team flow", "Data quality", "Definitions", "Tickets"], wb.sheetnames
        s = wb["Summary"]
        rows = {}
        for r in s.iter_rows():
            if r[0].value is not None:
                rows.setdefault(r[0].value, r)  # first occurrence: the KPI block, not the definitions
        created = rows["Created"]
        assert created[1].value == 8 and isinstance(created[1].value, (int, float)), created[1].value
        assert created[2].value == 3, created[2].value
        comp = rows["Resolution SLA compliance"]
        assert comp[1].value == 0.5 and comp[1].number_format == "0.0%", (comp[1].value, comp[1].number_format)
        ttr = rows["Median time to resolution, business"]
        # openpyxl reads numeric cells with a duration format as timedeltas.
        assert ttr[1].data_type != "s" and ttr[1].value == datetime.timedelta(seconds=7200) and ttr[1].number_format == "[h]:mm:ss", (ttr[1].value, ttr[1].number_format)
        # Every change against the previous period is a number; a duration's in signed hours.
        for label in ["Created", "Resolution SLA compliance", "Median time to resolution, business", "Median time to resolution, wall clock"]:
            assert rows[label][3].data_type == "n", (label, rows[label][3].value)
        assert ttr[3].value == 1 and ttr[3].number_format.startswith('+0.00" h"'), (ttr[3].value, ttr[3].number_format)
        # A change of a count is signed too ("+4", it was "4" beside "+0.0 pts").
        assert created[3].number_format.startswith("+#,##0;-"), created[3].number_format
        billing = rows["Billing"]
        assert billing[1].value == 3 and billing[6].value == 1, [c.value for c in billing]
        assert billing[4].number_format == "0.0%"
        assert isinstance(s["B3"].value, datetime.datetime), s["B3"].value
        assert s["B3"].value == datetime.datetime(2025, 8, 13, 12, 0), s["B3"].value
        assert s["B3"].number_format == "yyyy-mm-dd hh:mm"
        t = wb["Tickets"]
        header = [c.value for c in t[1]]
        assert t.freeze_panes == "B2", t.freeze_panes
        assert t.auto_filter.ref, "no autofilter"
        col = {name: i for i, name in enumerate(header)}
        byNumber = {r[0].value: r for r in t.iter_rows(min_row=2)}
        formula = byNumber["1001"][col["Subject"]]
        assert formula.data_type == "s" and formula.value == "=1+2", (formula.data_type, formula.value)
        assert byNumber["1002"][col["Subject"]].value == "@SUM(A1:A9) <script>"
        assert byNumber["1001"][col["Created"]].value == datetime.datetime(2025, 8, 4, 9, 0)
        assert byNumber["1001"][col["Created in period"]].value is True
        assert byNumber["1003"][col["Resolution time, business"]].number_format == "[h]:mm:ss"
        b = wb["Breached tickets"]
        assert b.freeze_panes == "B2" and b.auto_filter.ref
        late = [r[9].value for r in b.iter_rows(min_row=2)]
        assert late[1] == 2820, late
        # The final SLA status in words, as the HTML list says it (it was running_breached).
        statuses = {r[0].value: r[11].value for r in b.iter_rows(min_row=2)}
        assert statuses["1004"] == "Open, still late" and statuses["1002"] == "Closed, resolved late", statuses
        # Column A wide enough for its longest label (they were cut at 24.7, 17.7 and 36.7).
        assert wb["Data quality"].column_dimensions["A"].width >= len("… whose recomputed due differs by a minute or more"), wb["Data quality"].column_dimensions["A"].width
        # The difference in minutes is rounded as the HTML's +24h 23m (it was cut to 1,462).
        differences = [r[3].value for r in wb["Data quality"].iter_rows() if r[0].value == "\#(Self.ticketWithSourceDue)"]
        assert differences == [1463], differences
        # Headers over numbers are right-aligned as the numbers are (they read one column off), text ones not;
        # the header row is tall enough for its wrapped headings, and the definitions for their text.
        team = wb["By team"]
        assert team["A1"].alignment.horizontal != "right" and team["B1"].alignment.horizontal == "right", (team["A1"].alignment.horizontal, team["B1"].alignment.horizontal)
        assert (team.row_dimensions[1].height or 15) >= 30, team.row_dimensions[1].height
        definitions = wb["Definitions"]
        long = [r[1].row for r in definitions.iter_rows(min_row=2) if r[1].value and len(r[1].value) > 300]
        assert long and all((definitions.row_dimensions[i].height or 15) >= 45 for i in long), [(i, definitions.row_dimensions[i].height) for i in long]
        # The Summary's backlog table ends with its total, as the HTML's.
        rows = list(s.iter_rows(values_only=True))
        start = next(i for i, r in enumerate(rows) if r[0] == "Team" and r[1] == "< 1 day")
        after = rows[start + 1:]
        total = next((r for r in after if r[0] == "All teams"), None)
        assert total is not None and total[1:6] == tuple(sum(r[c] or 0 for r in after[:after.index(total)]) for c in range(1, 6)), (total, after)
        assert s.column_dimensions["A"].width >= len("Median time to first response, business")
        flow = wb["Team flow"]
        paths = [c.value for c in flow["A"] if isinstance(c.value, str) and " > " in c.value]
        assert paths and flow.column_dimensions["A"].width >= max(len(p) for p in paths), (paths, flow.column_dimensions["A"].width)
        print("OK")
        """#
        let result = Self.run(["python3", "-c", script, file.path])
        #expect(result.status == 0 && result.output.contains("OK"), "\(result.output)")
    }

    /// An empty table has no filter: the Team flow sheet's filtered the note under its header.
    @Test(.enabled(if: hasOpenpyxl, "openpyxl is not installed"))
    func anEmptyTableHasNoFilterOverItsNote() throws {
        let report = ReportAggregator.weeklyReport(from: [], period: Fixtures.week32, asOf: Fixtures.asOf, policyHash: "sha256:0")
        let (directory, file) = try Self.writeWorkbook(report)
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = #"""
        import sys, openpyxl
        wb = openpyxl.load_workbook(sys.argv[1])
        flow = wb["Team flow"]
        assert flow["A2"].value.startswith("No ticket moved"), flow["A2"].value
        assert not flow.auto_filter.ref, flow.auto_filter.ref
        print("OK")
        """#
        let result = Self.run(["python3", "-c", script, file.path])
        #expect(result.status == 0 && result.output.contains("OK"), "\(result.output)")
    }

    /// A ticket list longer than a sheet holds goes on in "Tickets 2", "Tickets 3"... each with
    /// the header, frozen and filtered, every ticket once and in the list's order; a breached
    /// list that long is cut a row early with a note; the Summary names the sheets. (Excel and
    /// LibreOffice open 1,048,576 rows of a sheet, and a longer list failed the report; here a
    /// sheet holds three rows.)
    @Test(.enabled(if: hasOpenpyxl, "openpyxl is not installed"))
    func aListLongerThanASheetGoesOnInSheetsOfItsOwn() throws {
        let report = Fixtures.helpDeskReport()
        #expect(report.tickets.count == 9 && report.breachedTickets.count == 3)
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("book.xlsx")
        try XLSXReportWriter.write(report, to: file, rowsPerSheet: 3)
        let script = #"""
        import sys, openpyxl
        wb = openpyxl.load_workbook(sys.argv[1])
        expected = sys.argv[2].split(",")
        assert wb.sheetnames[11:] == ["Tickets", "Tickets 2", "Tickets 3", "Tickets 4", "Tickets 5"], wb.sheetnames
        header = None
        numbers = []
        for name in wb.sheetnames[11:]:
            t = wb[name]
            rows = [[c.value for c in r] for r in t.iter_rows()]
            assert len(rows) == (2 if name == "Tickets 5" else 3), (name, len(rows))
            header = header or rows[0]
            assert rows[0] == header and header[0] == "Ticket", (name, rows[0])
            assert t.freeze_panes == "B2" and t.auto_filter.ref == "A1:AK%d" % len(rows), (name, t.freeze_panes, t.auto_filter.ref)
            numbers += [r[0] for r in rows[1:]]
        assert numbers == expected, (numbers, expected)
        b = [[c.value for c in r] for r in wb["Breached tickets"].iter_rows()]
        assert len(b) == 3 and b[0][0] == "Ticket" and b[1][0] == "1002", b
        assert b[2][0] == "The first 1 of 3 breaches are listed: a sheet holds 3 rows. Every breached ticket is marked on the Tickets sheets (Breached in period), and every breach is in breaches-2025-W32.csv.", b[2][0]
        summary = [r[0].value for r in wb["Summary"].iter_rows() if isinstance(r[0].value, str)]
        assert "The 9 tickets of the list are on the sheets Tickets to Tickets 5: a sheet holds 3 rows." in summary, summary
        print("OK")
        """#
        let numbers = report.tickets.map(\.metrics.number).joined(separator: ",")
        let result = Self.run(["python3", "-c", script, file.path, numbers])
        #expect(result.status == 0 && result.output.contains("OK"), "\(result.output)")
        // A list that fits one sheet exactly keeps one sheet, and the breached list is whole.
        let exact = directory.appendingPathComponent("exact.xlsx")
        try XLSXReportWriter.write(report, to: exact, rowsPerSheet: 10)
        let fits = Self.run(["python3", "-c", """
            import sys, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1])
            assert wb.sheetnames[-1] == "Tickets" and wb["Tickets"].max_row == 10, (wb.sheetnames, wb["Tickets"].max_row)
            assert wb["Breached tickets"].max_row == 4, wb["Breached tickets"].max_row
            print("OK")
            """, exact.path])
        #expect(fits.status == 0 && fits.output.contains("OK"), "\(fits.output)")
        // The due-date disagreements below their header on the Data quality sheet: the largest
        // differences first, as many as fit but the note's row.
        var disagreeing = report
        disagreeing.dataQuality.dueDateDisagreements = (1 ... 5).map { (i: Int) -> DataQuality.DueDateDisagreement in
            let difference = Int64(600 - i * 60)
            return DataQuality.DueDateDisagreement(number: "D\(i)", team: GroupKey("Network"), plan: "Standard",
                                                   sourceDueAt: Fixtures.asOf, recomputedDueAt: Fixtures.asOf.adding(seconds: difference),
                                                   differenceSeconds: difference)
        }
        let whole = directory.appendingPathComponent("whole.xlsx")
        try XLSXReportWriter.write(disagreeing, to: whole, rowsPerSheet: XLSXReportWriter.rowsPerSheet)
        let headerRow = Self.run(["python3", "-c", """
            import sys, openpyxl
            q = openpyxl.load_workbook(sys.argv[1])["Data quality"]
            print([r[0].row for r in q.iter_rows() if r[0].value == "Ticket"][0], [r[0].value for r in q.iter_rows()][-5:])
            """, whole.path])
        #expect(headerRow.status == 0 && headerRow.output.contains("['D1', 'D2', 'D3', 'D4', 'D5']"), "\(headerRow.output)")
        let headerLine = Int(headerRow.output.split(separator: " ").first ?? "") ?? 0
        let cut = directory.appendingPathComponent("cut.xlsx")
        try XLSXReportWriter.write(disagreeing, to: cut, rowsPerSheet: headerLine + 3)
        let cutRows = Self.run(["python3", "-c", """
            import sys, openpyxl
            q = openpyxl.load_workbook(sys.argv[1])["Data quality"]
            rows = [r[0].value for r in q.iter_rows()]
            assert len(rows) == int(sys.argv[2]), (len(rows), rows[-4:])
            assert rows[-3:] == ["D1", "D2", "The first 2 of 5 are listed, the largest differences first: a sheet holds %s rows." % sys.argv[2]], rows[-4:]
            print("OK")
            """, cut.path, String(headerLine + 3)])
        #expect(cutRows.status == 0 && cutRows.output.contains("OK"), "\(cutRows.output)")
        // At Excel's size (what the HTML's note says too): all that fit below the header, else
        // a row fewer for the note.
        #expect(XLSXReportWriter.breachedRowsListed(1_048_575) == 1_048_575)
        #expect(XLSXReportWriter.breachedRowsListed(1_048_576) == 1_048_574)
        #expect(XLSXReportWriter.breachedRowsListed(3_000_000) == 1_048_574)
    }

    /// A failure says what to do about it: free space for a file, memory for an allocation, a
    /// report of the defect for a limit of the format the writer should have kept within (a row
    /// past a sheet's end said to check free space), and to leave xlsx out past 4 GB.
    @Test func aWorkbookFailureSaysWhatToDoAboutIt() {
        let pastTheEnd = XLSXWriterError(operation: "worksheet_autofilter(Tickets)", code: 23,
                                         message: "Worksheet row or column index out of range.")
        #expect(pastTheEnd.description == "Writing the XLSX report failed in worksheet_autofilter(Tickets): Worksheet row or "
                + "column index out of range. (libxlsxwriter error 23). slareport should have kept within this limit of the "
                + "XLSX format: please report it, with the command that gave it. Meanwhile leave xlsx out of --format "
                + "(the CSV files hold the same figures).")
        #expect(XLSXWriterError(operation: "workbook_close(x.xlsx)", code: 3, message: "Error creating output xlsx file.")
            .description.hasSuffix("(libxlsxwriter error 3). Check free space and permissions in the output and temporary directories."))
        #expect(XLSXWriterError(operation: "workbook_add_format", code: 0, message: "out of memory",
                                advice: XLSXWriterError.advice(forCode: 1)).description
            == "Writing the XLSX report failed in workbook_add_format: out of memory. The machine ran out of memory: "
            + "stop other programs, or report a shorter period.")
        let url = URL(fileURLWithPath: "/reports/sla-report-2025.xlsx")
        let tooLarge = XLSXSheetSplice.writeError(XLSXZip.Failure(reason: "the workbook is larger than 4 GB, which needs ZIP64",
                                                                  exceedsZIP: true),
                                                  adding: ["xl/worksheets/sheet12.xml", "xl/worksheets/sheet13.xml"], to: url)
        #expect(tooLarge.description == "Writing the XLSX report failed in adding the rows of xl/worksheets/sheet12.xml, "
                + "xl/worksheets/sheet13.xml to sla-report-2025.xlsx: the workbook is larger than 4 GB, which needs ZIP64. "
                + "A workbook this large is not written: leave xlsx out of --format for this period (tickets-PERIOD.csv "
                + "holds every ticket), or report shorter periods.")
        let unreadable = XLSXSheetSplice.writeError(XLSXZip.Failure(reason: "cannot read the file"),
                                                    adding: ["xl/worksheets/sheet12.xml"], to: url)
        #expect(unreadable.description.hasSuffix("cannot read the file. Check free space and permissions in the output and temporary directories."))
    }

    /// A value longer than a spreadsheet cell holds is cut and says so at its end (a 40,000-character
    /// subject was cut to 32,000 without a mark; a stranger's trial).
    @Test(.enabled(if: hasOpenpyxl, "openpyxl is not installed"))
    func aValueLongerThanACellHoldsSaysItWasCut() throws {
        var tickets = Fixtures.helpDesk
        tickets[0].subject = String(repeating: "x", count: 40_000)
        let (directory, file) = try Self.writeWorkbook(Fixtures.helpDeskReport(tickets))
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = #"""
        import sys, openpyxl
        t = openpyxl.load_workbook(sys.argv[1])["Tickets"]
        header = [c.value for c in t[1]]
        subject = {r[0].value: r[header.index("Subject")].value for r in t.iter_rows(min_row=2)}["1001"]
        assert len(subject) <= 32767 and subject.startswith("x" * 31900), len(subject)
        assert subject.endswith("[cut: 40000 characters, more than a spreadsheet cell holds; the CSV has them all]"), subject[-120:]
        print("OK")
        """#
        let result = Self.run(["python3", "-c", script, file.path])
        #expect(result.status == 0 && result.output.contains("OK"), "\(result.output)")
    }

    /// The workbook of the larger sample, read back with openpyxl, holds the team-summary
    /// CSV's numbers as numbers (not text), with native chart parts, frozen and filtered
    /// headers, `[h]:mm:ss` durations and the below-target conditional format.
    @Test(.enabled(if: hasOpenpyxl, "openpyxl is not installed"))
    func workbookHoldsTheCSVNumbersAsNumbersWithCharts() throws {
        let report = ReportAggregator.weeklyReport(from: SampleReportTests.sampleTickets(), period: Fixtures.week32,
                                                   asOf: Fixtures.asOf, policyHash: "sha256:9c1e4b7d2a")
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try ReportWriter.write(report, formats: [.csv, .xlsx], to: directory)
        let script = #"""
        import sys, csv, zipfile, datetime, openpyxl
        xlsx, teams_csv = sys.argv[1], sys.argv[2]
        charts = [n for n in zipfile.ZipFile(xlsx).namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) >= 3, charts
        wb = openpyxl.load_workbook(xlsx)
        ws = wb["By team"]
        assert ws.freeze_panes == "B2", ws.freeze_panes
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), ws.auto_filter.ref
        rules = [r for rng in ws.conditional_formatting for r in rng.rules]
        assert any(r.type == "expression" and "<0.90" in r.formula[0] for r in rules), [(r.type, r.formula) for r in rules]
        header = [c.value for c in ws[1]]
        col = {name: i for i, name in enumerate(header)}
        sheet = {}
        for r in ws.iter_rows(min_row=2):
            if r[0].value is not None and r[col["Created"]].value is not None:
                sheet[r[0].value] = r
        checked = 0
        for row in csv.DictReader(open(teams_csv, newline="", encoding="utf-8")):
            name = row["team"] or ("(no team)" if row["row"] == "no_team" else "All teams")
            r = sheet[name]
            for column, field in [("Created", "created"), ("Resolved", "resolved"), ("Open at end", "open_at_end"),
                                  ("Breaches (team at breach)", "breaches"), ("Resolution met", "resolution_met"),
                                  ("Resolved late", "resolution_breached"), ("Late, still open", "resolution_breached_ongoing"),
                                  ("First-response breaches (team at breach)", "first_response_breaches"), ("Tickets", "tickets")]:
                cell = r[col[column]]
                assert cell.data_type == "n" and cell.value == int(row[field]), (name, column, cell.value, row[field])
            for column, field in [("Resolution compliance", "resolution_compliance_percent"),
                                  ("First-response compliance", "first_response_compliance_percent")]:
                cell = r[col[column]]
                if row[field] == "":
                    assert cell.value is None, (name, column, cell.value)
                else:
                    assert cell.data_type == "n" and cell.number_format == "0.0%", (name, column, cell.number_format)
                    assert abs(cell.value * 100 - float(row[field])) < 0.005, (name, column, cell.value, row[field])
            for column, field in [("TTR business median", "ttr_business_median_seconds"),
                                  ("TTR wall median", "ttr_wall_median_seconds"),
                                  ("TTFR business median", "ttfr_business_median_seconds")]:
                cell = r[col[column]]
                if row[field] == "":
                    assert cell.value is None, (name, column, cell.value)
                else:
                    assert cell.number_format == "[h]:mm:ss", cell.number_format
                    assert isinstance(cell.value, datetime.timedelta), (name, column, cell.value)
                    assert round(cell.value.total_seconds()) == int(row[field]), (name, column, cell.value, row[field])
            checked += 1
        assert checked >= 4, checked
        s = wb["Summary"]
        kpi = {}
        for r in s.iter_rows():
            if r[0].value:
                kpi.setdefault(r[0].value, r)  # the KPI block comes before the definitions
        total = [r for r in csv.DictReader(open(teams_csv, newline="", encoding="utf-8")) if r["row"] == "total"][0]
        assert kpi["Created"][1].value == int(total["created"]), kpi["Created"][1].value
        assert abs(kpi["Resolution SLA compliance"][1].value * 100 - float(total["resolution_compliance_percent"])) < 0.005
        # Changes against the previous week are numbers, a shorter median too (in signed hours:
        # [h]:mm:ss cannot show a negative duration).
        medians = [kpi[k] for k in kpi if k.startswith("Median time")]
        assert all(r[3].value is None or r[3].data_type == "n" for r in medians), [r[3].value for r in medians]
        shorter = [r for r in medians if r[1].value is not None and r[2].value is not None and r[1].value < r[2].value]
        assert shorter, [(r[1].value, r[2].value) for r in medians]
        for r in shorter:
            hours = (r[1].value - r[2].value).total_seconds() / 3600
            # Rounded to the hundredth the format shows (a change of -17 s read "-0.00 h").
            assert r[3].value == round(hours, 2) + 0 and r[3].number_format.startswith('+0.00" h"'), (r[3].value, hours)
        t = wb["Tickets"]
        assert t.max_row >= 30 and t.freeze_panes == "B2"
        print("OK", checked, len(charts))
        """#
        let result = Self.run(["python3", "-c", script,
                               directory.appendingPathComponent("sla-report-2025-W32.xlsx").path,
                               directory.appendingPathComponent("team-summary-2025-W32.csv").path])
        #expect(result.status == 0 && result.output.hasPrefix("OK"), "\(result.output)")
    }
}
