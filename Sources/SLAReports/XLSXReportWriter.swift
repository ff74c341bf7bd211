import CWorkbookDeflate
import CXlsxWriter
import Foundation
import SLAEngine
import SLAModel

/// Writes a report as an Excel workbook through libxlsxwriter:
/// - "Summary": period, zone, as-of, policy, data freshness and target; KPI cells with the
///   previous period; native charts (compliance trend per team, breaches by team, time to
///   resolution distribution, backlog aging by team) over data tables on the same sheet;
///   a Definitions sheet says which tickets each number counts;
/// - one sheet per breakdown ("By team", "By priority", "By SLA plan", "By agent",
///   "By department"), then "Breached tickets", "Backlog aging", "Team flow",
///   "Data quality" and the per-ticket "Tickets" sheet (then "Tickets 2"... for a list longer
///   than a sheet's 1,048,576 rows).
///
/// Numbers are numbers; percentages are fractions with `0.0%`; durations are days with
/// `[h]:mm:ss`; instants are Excel serial dates of the report zone's wall clock
/// (`yyyy-mm-dd hh:mm`). Header rows are frozen and filtered; column widths come from the
/// content; compliance below the target is highlighted by a conditional format. Text from
/// the data is written as a string (`worksheet_write_string`, or an inline string of
/// `XLSXSheetRows`), so it is never a formula.
///
/// The workbook is written in libxlsxwriter's constant-memory mode, for every report: each
/// row goes to a temporary file as soon as the next one starts (strings are stored inline
/// instead of in a shared table). The price is that every sheet is written strictly top to
/// bottom, which this writer does. The per-ticket sheet's data rows are not libxlsxwriter's:
/// `XLSXSheetRows` deflates them as they are written (about a sixth of their XML stays in
/// memory) and `XLSXSheetSplice` puts them into the closed file.
public enum XLSXReportWriter {
    /// The zlib level the workbook's parts are deflated with: the fastest. At a million
    /// tickets a week's per-ticket sheet is about 40 MB of XML; zlib's default level (6) took
    /// 0.62 s to deflate it and level 1 0.20 s, for a file about a third larger (6.7 MB
    /// instead of 5.0 MB). libxlsxwriter has no option for it: `CWorkbookDeflate` sets it.
    public static let deflateLevel: Int32 = 1

    /// Writes the workbook to `url` (directly; `ReportWriter` adds the atomic rename).
    public static func write(_ report: WeeklyReport, to url: URL) throws(ReportWriteError) {
        try write(report, to: url, rowsPerSheet: rowsPerSheet)
    }

    /// The same with sheets of `rowsPerSheet` rows (tests give a few).
    static func write(_ report: WeeklyReport, to url: URL, rowsPerSheet: Int) throws(ReportWriteError) {
        try StartedWorkbook(url: url, period: report.period, tickets: .held(report.tickets), rowsPerSheet: rowsPerSheet)
            .complete(with: report)
    }

    /// The rows of a worksheet that Excel and LibreOffice open (and libxlsxwriter writes), the
    /// header's included. A longer ticket list goes on in sheets of its own; a longer breached
    /// list is cut with a note.
    public static let rowsPerSheet = 1_048_576

    /// How many of `count` breached tickets the "Breached tickets" sheet lists (`rowsListed`).
    public static func breachedRowsListed(_ count: Int, rowsPerSheet: Int = rowsPerSheet) -> Int {
        rowsListed(count, headerRow: 0, rowsPerSheet: rowsPerSheet)
    }

    /// How many of a table's `count` rows its sheet lists below the header at `headerRow`
    /// (zero-based): all of them when they fit, else one fewer than fit, the last row saying
    /// how many are not listed.
    static func rowsListed(_ count: Int, headerRow: Int, rowsPerSheet: Int) -> Int {
        let fit = rowsPerSheet - headerRow - 1
        return count <= fit ? count : max(0, fit - 1)
    }

    static func check(_ result: lxw_error, _ operation: @autoclosure () -> String) throws(ReportWriteError) {
        guard result != LXW_NO_ERROR else { return }
        throw .spreadsheet(XLSXWriterError(operation: operation(), code: Int(result.rawValue),
                                           message: String(cString: lxw_strerror(result))))
    }

    /// Excel's serial date (days since 1899-12-30) of `instant`'s wall-clock time in `zone`.
    public static func excelSerial(_ instant: Instant, in zone: ZoneRules) -> Double {
        Double(zone.localTime(of: instant).secondsSinceLocalEpoch) / 86_400 + 25_569
    }

    /// The worksheet names, in order.
    public static let sheetNames = ["Summary", "By team", "By priority", "By SLA plan", "By agent", "By department",
                                    "Breached tickets", "Backlog aging", "Team flow", "Data quality", "Definitions",
                                    "Tickets"]
    /// The per-ticket sheet's place in `sheetNames` (its part is `sheet<index + 1>.xml`); the
    /// sheets a long list goes on in follow it.
    static let ticketSheetIndex = 11
}

/// A workbook begun before its report is assembled: the per-ticket sheet, most of the
/// workbook at scale, is written from the period's tickets alone; `complete(with:)` writes
/// the other sheets from the report, closes and checks the file. Sheets are independent in
/// constant-memory mode (each has its own temporary file), so writing the last one first
/// gives the same workbook.
final class StartedWorkbook {
    private let url: URL
    private let scratch: URL
    private var workbook: UnsafeMutablePointer<lxw_workbook>?
    private var book: Book
    private let sheets: [Sheet]
    private let ticketCount: Int
    /// The per-ticket sheets' data rows, put into the file after libxlsxwriter closed it.
    private let ticketRows: [SplicedSheetRows]

    init(url: URL, period: ReportPeriod, tickets: PeriodTicketRows,
         rowsPerSheet: Int = XLSXReportWriter.rowsPerSheet) throws(ReportWriteError) {
        precondition(rowsPerSheet >= 3, "a sheet holds its header, a row and a note")
        slareport_set_workbook_deflate_level(XLSXReportWriter.deflateLevel)
        self.url = url
        var options = lxw_workbook_options()
        options.constant_memory = 1
        // Temporary files beside the output, not in /tmp: a full /tmp would otherwise cut
        // worksheets short without an error, and the output's disk is the one checked. They
        // go in a folder of their own (`.xlsxwriter.<pid>-<hex>.tmp`): libxlsxwriter names
        // them `tmp.XXXXXX`, and a run killed before it unlinks one leaves it behind, which
        // the next report's `ReportFileSet.recover` removes with the folder.
        scratch = AtomicFile.temporaryURL(for: url.deletingLastPathComponent().appendingPathComponent(".xlsxwriter"))
        let scratchPath = scratch.path
        let scratchFailure = InterruptCleanup.committing { mkdir(scratchPath, 0o777) == 0 ? nil : AtomicFile.errnoText() }
        if let scratchFailure { throw .cannotWrite(path: scratch.path, reason: scratchFailure) }
        let folder = strdup(scratch.path)
        defer { free(folder) }
        options.tmpdir = folder
        guard let workbook = workbook_new_opt(url.path, &options) else {
            try? FileManager.default.removeItem(at: scratch)
            throw .spreadsheet(XLSXWriterError(operation: "workbook_new(\(url.path))", code: 0,
                                               message: "could not create the workbook"))
        }
        var book = Book(workbook: workbook, zone: period.zone, rowsPerSheet: rowsPerSheet)
        let sheets: [Sheet]
        do {
            try book.makeFormats()
            sheets = try XLSXReportWriter.sheetNames.map { name throws(ReportWriteError) in try book.addSheet(name) }
            // The rows' deflate data waits in the scratch folder, not in memory, until the splice.
            let scratch = scratch
            (ticketRows, ticketCount) = try book.writeTickets(sheets[XLSXReportWriter.ticketSheetIndex], tickets) {
                (sheetNumber) throws(ReportWriteError) in
                try SpillFile(path: scratch.appendingPathComponent("ticket-rows-\(sheetNumber)").path)
            }
            book.ticketSheets = ticketRows.count
        } catch {
            lxw_workbook_free(workbook)
            try? FileManager.default.removeItem(at: scratch)
            throw error
        }
        self.workbook = workbook
        self.book = book
        self.sheets = sheets
    }

    /// Writes the report's sheets, closes the workbook and checks the file; once.
    func complete(with report: WeeklyReport) throws(ReportWriteError) {
        guard let workbook else { preconditionFailure("a workbook is completed once") }
        precondition(report.zone.identifier == book.zone.identifier && report.ticketListCount == ticketCount,
                     "the workbook was started from another period's tickets")
        self.workbook = nil
        book.report = report
        do {
            try book.setProperties()
            try book.writeReportSheets(sheets)
        } catch {
            lxw_workbook_free(workbook)
            throw error
        }
        // workbook_close frees the workbook, whatever it returns.
        try XLSXReportWriter.check(workbook_close(workbook), "workbook_close(\(url.path))")
        try XLSXSheetSplice.insert(ticketRows, into: url, level: XLSXReportWriter.deflateLevel)
        try XLSXFileCheck.verify(url, worksheets: XLSXReportWriter.sheetNames.count + ticketRows.count - 1)
    }

    deinit {
        if let workbook { lxw_workbook_free(workbook) }
        try? FileManager.default.removeItem(at: scratch)
    }
}


/// Measures for column widths, without a String per number or a grapheme walk per text.
enum ColumnWidth {
    /// `min(text.count, limit)`, from the bytes when they are plain ASCII without CR (every
    /// byte one character): counting characters took a grapheme walk over every cell.
    static func characters(in text: String, upTo limit: Int) -> Int {
        if text.utf8.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: "\r") }) { return min(text.utf8.count, limit) }
        return min(text.count, limit)
    }

    /// Decimal digits of `value` (1 for 0): `String(value).count`.
    static func digits(_ value: UInt64) -> Int {
        var digits = 1
        var rest = value
        while rest >= 10 {
            rest /= 10
            digits += 1
        }
        return digits
    }
}

private typealias Format = UnsafeMutablePointer<lxw_format>

/// One cell of a table, typed so that numbers stay numbers.
private enum Cell {
    case text(String?)
    case bold(String?)
    case int(Int?)
    case percent(Double?)
    case decimal(Double?)
    /// Seconds, written as days with `[h]:mm:ss`: to the second, since `[h]:mm` truncates (7,185 s
    /// read 1:59 beside the HTML's rounded 2 h 00 min).
    case duration(Int64?)
    case date(Instant?)
    case bool(Bool)

    /// Characters the cell needs, for column widths.
    var width: Int {
        switch self {
        case .text(let value), .bold(let value): return value.map { ColumnWidth.characters(in: $0, upTo: 60) } ?? 0
        case .int(let value):
            guard let value else { return 0 }
            let digits = ColumnWidth.digits(UInt64(value.magnitude))
            return digits + (digits - 1) / 3 + (value < 0 ? 1 : 0)
        case .percent: return 6
        case .decimal: return 5
        case .duration(let seconds):
            guard let seconds else { return 0 }
            return ColumnWidth.digits(seconds.magnitude / 3600) + 6
        case .date: return 16
        case .bool: return 5
        }
    }
}

/// One worksheet with error-checked writers.
private struct Sheet {
    let pointer: UnsafeMutablePointer<lxw_worksheet>
    let name: String

    func cell(_ row: Int, _ col: Int) -> String { "\(name)!R\(row + 1)C\(col + 1)" }

    func string(_ row: Int, _ col: Int, _ value: String?, _ format: Format? = nil) throws(ReportWriteError) {
        guard let value, !value.isEmpty else { return try blank(row, col, format) }
        let text = Self.cellText(value)
        try XLSXReportWriter.check(worksheet_write_string(pointer, lxw_row_t(row), lxw_col_t(col), text, format),
                                   "worksheet_write_string(\(cell(row, col)))")
    }

    /// Excel cells hold at most 32,767 characters: a longer value is cut and says so at its
    /// end (it was cut without a mark; the CSV keeps it whole).
    static func cellText(_ value: String) -> String {
        // (At most 32,000 bytes of UTF-8 are at most 32,000 scalars: counted only past that.)
        value.utf8.count > 32_000 && value.unicodeScalars.count > 32_000
            ? String(String.UnicodeScalarView(value.unicodeScalars.prefix(31_900)))
                + " … [cut: \(value.unicodeScalars.count) characters, more than a spreadsheet cell holds; the CSV has them all]"
            : value
    }

    func number(_ row: Int, _ col: Int, _ value: Double?, _ format: Format? = nil) throws(ReportWriteError) {
        guard let value else { return try blank(row, col, format) }
        try XLSXReportWriter.check(worksheet_write_number(pointer, lxw_row_t(row), lxw_col_t(col), value, format),
                                   "worksheet_write_number(\(cell(row, col)))")
    }

    func boolean(_ row: Int, _ col: Int, _ value: Bool) throws(ReportWriteError) {
        try XLSXReportWriter.check(worksheet_write_boolean(pointer, lxw_row_t(row), lxw_col_t(col), value ? 1 : 0, nil),
                                   "worksheet_write_boolean(\(cell(row, col)))")
    }

    func blank(_ row: Int, _ col: Int, _ format: Format?) throws(ReportWriteError) {
        guard let format else { return }
        try XLSXReportWriter.check(worksheet_write_blank(pointer, lxw_row_t(row), lxw_col_t(col), format),
                                   "worksheet_write_blank(\(cell(row, col)))")
    }

    /// Sets the height of `row` to hold `lines` lines of text (before its cells are written: the
    /// workbook streams its rows). Spreadsheets do not grow a row for wrapped text themselves, and
    /// LibreOffice drew the lines of a long definition over the next row's.
    func lines(_ row: Int, _ lines: Int) throws(ReportWriteError) {
        guard lines > 1 else { return }
        try XLSXReportWriter.check(worksheet_set_row(pointer, lxw_row_t(row), 15 * Double(lines), nil),
                                   "worksheet_set_row(\(name) row \(row + 1))")
    }

    /// The lines `text` wraps to in a column of `width` characters (a word is not split).
    static func wrappedLines(_ text: String, width: Int) -> Int {
        var lines = 1, used = 0
        for word in text.split(separator: " ") {
            let length = word.count
            if used > 0 && used + 1 + length > width { lines += 1; used = length } else { used += (used > 0 ? 1 : 0) + length }
        }
        return lines
    }

    func width(_ col: Int, _ width: Double, _ format: Format? = nil) throws(ReportWriteError) {
        try XLSXReportWriter.check(worksheet_set_column(pointer, lxw_col_t(col), lxw_col_t(col), width, format),
                                   "worksheet_set_column(\(name) column \(col + 1))")
    }

    func autofilter(_ firstRow: Int, _ lastRow: Int, _ lastCol: Int) throws(ReportWriteError) {
        try XLSXReportWriter.check(
            worksheet_autofilter(pointer, lxw_row_t(firstRow), 0, lxw_row_t(lastRow), lxw_col_t(lastCol)),
            "worksheet_autofilter(\(name))")
    }

    /// A4 landscape with the header row repeated on every page; one page wide when the
    /// sheet has few columns, else across pages with the first column repeated.
    func printSetup(repeatRow: Int?, columns: Int = 0) throws(ReportWriteError) {
        worksheet_set_paper(pointer, 9)
        worksheet_set_landscape(pointer)
        if columns <= 16 {
            worksheet_fit_to_pages(pointer, 1, 0)
        } else {
            try XLSXReportWriter.check(worksheet_repeat_columns(pointer, 0, 0), "worksheet_repeat_columns(\(name))")
        }
        if let repeatRow {
            try XLSXReportWriter.check(worksheet_repeat_rows(pointer, lxw_row_t(repeatRow), lxw_row_t(repeatRow)),
                                       "worksheet_repeat_rows(\(name))")
        }
    }
}

/// A table: a header row and rows of cells, produced on demand as they are written (each row's
/// widths measured then), so that a large table is never held in memory.
private struct Table {
    var headers: [String]
    /// Hands each data row, in order, to the function it is given.
    var eachRow: (_ put: ([Cell]) throws(ReportWriteError) -> Void) throws(ReportWriteError) -> Void
    /// A total row written after the data (outside the autofilter), if any.
    var total: [Cell]?
    /// Columns holding compliance fractions, highlighted below target.
    var complianceColumns: [Int] = []
    /// A row as the table's rows are (its first, or its total), for the headers' alignment.
    var sampleRow: [Cell]?

    /// A table of `count` rows, row `i` made by `row(i)`.
    init(headers: [String], count: Int, row: @escaping (Int) -> [Cell], total: [Cell]?, complianceColumns: [Int] = []) {
        self.init(headers: headers, eachRow: { (put) throws(ReportWriteError) in
            for i in 0 ..< count { try put(row(i)) }
        }, total: total, complianceColumns: complianceColumns)
        sampleRow = count > 0 ? row(0) : total
    }

    /// The columns whose cells are numbers (right-aligned), by `sampleRow`.
    var numericColumns: Set<Int> {
        Set((sampleRow ?? []).enumerated().compactMap { col, cell in
            switch cell {
            case .int, .percent, .decimal, .duration, .date: return col
            case .text, .bold, .bool: return nil
            }
        })
    }

    /// A table whose rows come from `eachRow` (the per-ticket sheet's, as they are read).
    init(headers: [String],
         eachRow: @escaping (_ put: ([Cell]) throws(ReportWriteError) -> Void) throws(ReportWriteError) -> Void,
         total: [Cell]?, complianceColumns: [Int] = []) {
        self.headers = headers
        self.eachRow = eachRow
        self.total = total
        self.complianceColumns = complianceColumns
    }
}

/// A table whose header is written and whose rows are being added (`Book.beginTable`).
private struct TableInProgress {
    let sheet: Sheet
    let startRow: Int
    let columns: Int
    let frozen: Bool
    let setWidths: Bool
    /// Each column's widest content so far, in characters.
    var widths: [Int]
    /// The data rows added.
    var count = 0
}

private struct Book {
    let workbook: UnsafeMutablePointer<lxw_workbook>
    let zone: ZoneRules
    /// The rows a sheet holds, its header's included (`XLSXReportWriter.rowsPerSheet`).
    let rowsPerSheet: Int
    /// How many sheets the ticket list takes ("Tickets", "Tickets 2"...), once written.
    var ticketSheets = 1
    /// The report, set once the per-ticket sheet is written (every other sheet reads it).
    var report: WeeklyReport!
    var target: Double { Double(report.options.complianceTargetPercent) / 100 }

    var title: Format!
    var bold: Format!
    var header: Format!
    /// A header over a column of numbers: right-aligned like them (left-aligned headers over wide
    /// numeric columns read one column off in print: a manager's trial).
    var headerRight: Format!
    var wrapped: Format!
    var integer: Format!
    var integerBold: Format!
    var percent: Format!
    var percentBold: Format!
    var decimal: Format!
    var decimalBold: Format!
    var duration: Format!
    var durationBold: Format!
    var dateTime: Format!
    var dateTimeBold: Format!
    var muted: Format!
    var belowTarget: Format!
    var points: Format!
    var hoursChange: Format!
    var countChange: Format!
    var rightAligned: Format!

    init(workbook: UnsafeMutablePointer<lxw_workbook>, zone: ZoneRules, rowsPerSheet: Int) {
        self.workbook = workbook
        self.zone = zone
        self.rowsPerSheet = rowsPerSheet
    }

    /// Every sheet but the per-ticket one, from the report.
    func writeReportSheets(_ sheets: [Sheet]) throws(ReportWriteError) {
        try writeSummary(sheets[0])
        for (i, dimension) in Dimension.allCases.enumerated() {
            try writeBreakdown(sheets[1 + i], report.breakdown(dimension))
        }
        try writeBreached(sheets[6])
        try writeBacklog(sheets[7])
        try writeFlow(sheets[8])
        try writeQuality(sheets[9])
        try writeDefinitions(sheets[10])
        worksheet_activate(sheets[0].pointer)
    }

    func addSheet(_ name: String) throws(ReportWriteError) -> Sheet {
        guard let sheet = workbook_add_worksheet(workbook, name) else {
            throw .spreadsheet(XLSXWriterError(operation: "workbook_add_worksheet(\(name))", code: 0,
                                               message: "could not add the worksheet"))
        }
        return Sheet(pointer: sheet, name: name)
    }

    func format(_ configure: (Format) -> Void) throws(ReportWriteError) -> Format {
        guard let format = workbook_add_format(workbook) else {
            throw .spreadsheet(XLSXWriterError(operation: "workbook_add_format", code: 0, message: "out of memory",
                                               advice: XLSXWriterError.advice(forCode: 1)))
        }
        configure(format)
        return format
    }

    mutating func makeFormats() throws(ReportWriteError) {
        title = try format { format_set_bold($0); format_set_font_size($0, 16) }
        bold = try format { format_set_bold($0) }
        header = try format {
            format_set_bold($0); format_set_text_wrap($0); format_set_align($0, UInt8(LXW_ALIGN_VERTICAL_BOTTOM.rawValue))
            format_set_bottom($0, UInt8(LXW_BORDER_THIN.rawValue)); format_set_bg_color($0, 0xE8EEF4)
        }
        headerRight = try format {
            format_set_bold($0); format_set_text_wrap($0); format_set_align($0, UInt8(LXW_ALIGN_VERTICAL_BOTTOM.rawValue))
            format_set_align($0, UInt8(LXW_ALIGN_RIGHT.rawValue))
            format_set_bottom($0, UInt8(LXW_BORDER_THIN.rawValue)); format_set_bg_color($0, 0xE8EEF4)
        }
        wrapped = try format { format_set_text_wrap($0); format_set_align($0, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue)) }
        integer = try format { format_set_num_format($0, "#,##0") }
        integerBold = try format { format_set_num_format($0, "#,##0"); format_set_bold($0) }
        percent = try format { format_set_num_format($0, "0.0%") }
        percentBold = try format { format_set_num_format($0, "0.0%"); format_set_bold($0) }
        decimal = try format { format_set_num_format($0, "0.00") }
        decimalBold = try format { format_set_num_format($0, "0.00"); format_set_bold($0) }
        duration = try format { format_set_num_format($0, "[h]:mm:ss") }
        durationBold = try format { format_set_num_format($0, "[h]:mm:ss"); format_set_bold($0) }
        dateTime = try format { format_set_num_format($0, "yyyy-mm-dd hh:mm") }
        dateTimeBold = try format { format_set_num_format($0, "yyyy-mm-dd hh:mm"); format_set_bold($0) }
        muted = try format { format_set_font_color($0, 0x595959); format_set_italic($0) }
        belowTarget = try format { format_set_font_color($0, 0x9C0006); format_set_bg_color($0, 0xFFC7CE) }
        rightAligned = try format { format_set_align($0, UInt8(LXW_ALIGN_RIGHT.rawValue)) }
        points = try format { format_set_num_format($0, "+0.0\" pts\";-0.0\" pts\";0.0\" pts\"") }
        hoursChange = try format { format_set_num_format($0, "+0.00\" h\";-0.00\" h\";0.00\" h\"") }
        countChange = try format { format_set_num_format($0, "+#,##0;-#,##0;0") }
    }

    func setProperties() throws(ReportWriteError) {
        let titleText = "SLA report \(report.period.label)"
        let comments = "Time zone \(zone.identifier); as of \(ReportText.iso8601(report.asOf, in: zone)); policy \(report.policyHash)"
        // libxlsxwriter copies the strings; these copies only need to live through the call.
        let titlePointer = strdup(titleText), commentsPointer = strdup(comments), authorPointer = strdup("slareport")
        defer { free(titlePointer); free(commentsPointer); free(authorPointer) }
        var properties = lxw_doc_properties()
        properties.title = titlePointer
        properties.comments = commentsPointer
        properties.author = authorPointer
        // The as-of instant rather than the wall clock, so reruns describe the same data alike.
        properties.created = time_t(report.asOf.secondsSinceEpoch)
        try XLSXReportWriter.check(workbook_set_properties(workbook, &properties), "workbook_set_properties")
    }

    func serial(_ instant: Instant?) -> Double? {
        instant.map { XLSXReportWriter.excelSerial($0, in: zone) }
    }

    func days(_ seconds: Int64?) -> Double? {
        seconds.map { Double($0) / 86_400 }
    }

    // MARK: - Cells and tables

    func write(_ sheet: Sheet, _ row: Int, _ col: Int, _ cell: Cell, strong: Bool = false) throws(ReportWriteError) {
        switch cell {
        case .text(let value): try sheet.string(row, col, value, strong ? bold : nil)
        case .bold(let value): try sheet.string(row, col, value, bold)
        case .int(let value): try sheet.number(row, col, value.map(Double.init), strong ? integerBold : integer)
        case .percent(let value): try sheet.number(row, col, value, strong ? percentBold : percent)
        case .decimal(let value): try sheet.number(row, col, value, strong ? decimalBold : decimal)
        case .duration(let seconds): try sheet.number(row, col, days(seconds), strong ? durationBold : duration)
        case .date(let instant): try sheet.number(row, col, serial(instant), strong ? dateTimeBold : dateTime)
        case .bool(let value): try sheet.boolean(row, col, value)
        }
    }

    /// Writes `cell` into `rows` (the current row), as `write(_:_:_:_:strong:)` writes it to a sheet.
    func write(_ rows: inout XLSXSheetRows, _ col: Int, _ cell: Cell, strong: Bool = false) {
        func text(_ value: String?, _ format: Format?) {
            if let value, !value.isEmpty {
                rows.string(col, Sheet.cellText(value), style: format.map(lxw_format_get_xf_index))
            } else if let format {
                rows.blank(col, style: lxw_format_get_xf_index(format))
            }
        }
        func number(_ value: Double?, _ format: Format) {
            if let value {
                rows.number(col, value, style: lxw_format_get_xf_index(format))
            } else {
                rows.blank(col, style: lxw_format_get_xf_index(format))
            }
        }
        switch cell {
        case .text(let value): text(value, strong ? bold : nil)
        case .bold(let value): text(value, bold)
        case .int(let value): number(value.map(Double.init), strong ? integerBold : integer)
        case .percent(let value): number(value, strong ? percentBold : percent)
        case .decimal(let value): number(value, strong ? decimalBold : decimal)
        case .duration(let seconds): number(days(seconds), strong ? durationBold : duration)
        case .date(let instant): number(serial(instant), strong ? dateTimeBold : dateTime)
        case .bool(let value): rows.boolean(col, value, style: nil)
        }
    }

    /// Writes `table` with its header at `startRow` (columns from 0): widths from the
    /// content, frozen header and autofilter when `frozen`, the below-target highlight on
    /// compliance columns. Returns the next free row. With `rows`, the rows below the header
    /// go there instead of to libxlsxwriter (`XLSXSheetSplice` puts them into the file).
    @discardableResult
    func writeTable(_ sheet: Sheet, at startRow: Int, _ table: Table, frozen: Bool,
                    setWidths: Bool = true) throws(ReportWriteError) -> Int {
        var libxlsxwriterWritesTheRows: XLSXSheetRows? = nil
        return try writeTable(sheet, at: startRow, table, frozen: frozen, setWidths: setWidths, rows: &libxlsxwriterWritesTheRows)
    }

    @discardableResult
    func writeTable(_ sheet: Sheet, at startRow: Int, _ table: Table, frozen: Bool,
                    setWidths: Bool = true, rows: inout XLSXSheetRows?) throws(ReportWriteError) -> Int {
        var written = try beginTable(sheet, at: startRow, headers: table.headers, frozen: frozen, setWidths: setWidths,
                                     numericColumns: table.numericColumns)
        try table.eachRow { (cells) throws(ReportWriteError) in try addRow(cells, to: &written, rows: &rows) }
        return try finishTable(written, total: table.total, complianceColumns: table.complianceColumns, rows: &rows)
    }

    /// Writes a table's header at `startRow` (frozen, and repeated on printed pages, when
    /// `frozen`); its rows follow through `addRow` and `finishTable` ends it.
    func beginTable(_ sheet: Sheet, at startRow: Int, headers: [String], frozen: Bool,
                    setWidths: Bool, numericColumns: Set<Int> = []) throws(ReportWriteError) -> TableInProgress {
        // Widths are measured while the rows are written and set after them (libxlsxwriter
        // writes a sheet's columns when it closes the workbook), so each row is built once.
        let widths = headers.map { header -> Int in
            let longestWord = header.split(separator: " ").map(\.count).max() ?? 0
            return max(longestWord, (header.count + 1) / 2)
        }
        // Tall enough for each heading wrapped in its column as first measured ("First response met"
        // showed as "response met"); a column the content widens later only leaves room to spare.
        if setWidths {
            try sheet.lines(startRow, min(4, zip(headers, widths).map { Sheet.wrappedLines($0, width: $1 + 1) }.max() ?? 1))
        }
        for (col, title) in headers.enumerated() {
            try sheet.string(startRow, col, title, numericColumns.contains(col) ? headerRight : header)
        }
        if frozen {
            worksheet_freeze_panes(sheet.pointer, lxw_row_t(startRow + 1), headers.count > 8 ? 1 : 0)
            try sheet.printSetup(repeatRow: startRow, columns: headers.count)
        }
        return TableInProgress(sheet: sheet, startRow: startRow, columns: headers.count, frozen: frozen,
                               setWidths: setWidths, widths: widths)
    }

    /// Writes the next data row of `table` (to `rows` when given, else through libxlsxwriter).
    func addRow(_ cells: [Cell], to table: inout TableInProgress, rows: inout XLSXSheetRows?) throws(ReportWriteError) {
        let row = table.startRow + 1 + table.count
        rows?.startRow(row)
        for (col, cell) in cells.enumerated() {
            if rows != nil { write(&rows!, col, cell) } else { try write(table.sheet, row, col, cell) }
            if table.setWidths && col < table.widths.count { table.widths[col] = max(table.widths[col], cell.width) }
        }
        table.count += 1
    }

    /// Ends `table`: its autofilter, its total row, its columns' widths and the below-target
    /// highlight on `complianceColumns`. Returns the next free row.
    @discardableResult
    func finishTable(_ table: TableInProgress, total: [Cell]?, complianceColumns: [Int],
                     rows: inout XLSXSheetRows?) throws(ReportWriteError) -> Int {
        let (sheet, startRow, count) = (table.sheet, table.startRow, table.count)
        // An empty table has nothing to filter: its filter took in the note below it ("No ticket moved ...").
        if table.frozen && count > 0 { try sheet.autofilter(startRow, startRow + count, table.columns - 1) }
        var next = startRow + 1 + count
        var widths = table.widths
        if let total {
            next += table.frozen ? 1 : 0  // a blank row keeps the total out of the filter range
            rows?.startRow(next)
            for (col, cell) in total.enumerated() {
                if rows != nil { write(&rows!, col, cell, strong: true) } else { try write(sheet, next, col, cell, strong: true) }
                if table.setWidths && col < widths.count { widths[col] = max(widths[col], cell.width) }
            }
            next += 1
        }
        if table.setWidths {
            for (col, width) in widths.enumerated() { try sheet.width(col, Double(min(max(width + 2, 7), 62))) }
        }
        for col in complianceColumns {
            try highlightBelowTarget(sheet, col: col, firstRow: startRow + 1, lastRow: next - 1)
        }
        return next
    }

    func highlightBelowTarget(_ sheet: Sheet, col: Int, firstRow: Int, lastRow: Int) throws(ReportWriteError) {
        guard lastRow >= firstRow else { return }
        let reference = columnName(col) + String(firstRow + 1)
        let formula = "=AND(ISNUMBER(\(reference)),\(reference)<\(ReportText.fixed(Int64(report.options.complianceTargetPercent), 100, decimals: 2)))"
        let pointer = strdup(formula)
        defer { free(pointer) }
        var rule = lxw_conditional_format()
        rule.type = UInt8(LXW_CONDITIONAL_TYPE_FORMULA.rawValue)
        rule.value_string = pointer
        rule.format = belowTarget
        try XLSXReportWriter.check(
            worksheet_conditional_format_range(sheet.pointer, lxw_row_t(firstRow), lxw_col_t(col),
                                               lxw_row_t(lastRow), lxw_col_t(col), &rule),
            "worksheet_conditional_format_range(\(sheet.name) column \(col + 1))")
    }

    func columnName(_ col: Int) -> String {
        var n = col + 1, name = ""
        while n > 0 {
            let r = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + r))) + name
            n = (n - 1) / 26
        }
        return name
    }

    // MARK: - Summary

    func writeSummary(_ sheet: Sheet) throws(ReportWriteError) {
        let period = report.period, previous = report.previousPeriod
        let provenance = report.dataQuality.provenance
        try sheet.printSetup(repeatRow: nil)
        let trendColumns = report.trend.series.count + 1
        // Column A's longest label: "Median time to first response, business" (39 characters).
        let widths: [Double] = [42, 16, 16, 14] + Array(repeating: 13, count: max(trendColumns, 12))
        for (col, width) in widths.enumerated() { try sheet.width(col, width) }
        try sheet.string(0, 0, "SLA report: \(period.title) (\(period.label))", title)
        try sheet.string(1, 0, "\(period.dateRange), wall-clock times in \(zone.identifier)")
        try sheet.string(2, 0, "As of")
        try sheet.number(2, 1, serial(report.asOf), dateTime)
        try sheet.string(3, 0, "SLA policy")
        try sheet.string(3, 1, (provenance.policyName.map { $0 + " " } ?? "") + report.policyHash)
        try sheet.string(4, 0, "Data freshness (last import)")
        if let last = provenance.lastImportAt { try sheet.number(4, 1, serial(last), dateTime) } else {
            try sheet.string(4, 1, "unknown")
        }
        try sheet.string(5, 0, "Compliance target")
        try sheet.number(5, 1, target, percent)
        try sheet.string(6, 0, "Which tickets each number counts: see the Definitions sheet.", muted)
        var row = 7
        if report.isEmpty {
            try sheet.string(row, 0, report.emptyPeriodSentence, bold)
            row += 1
        }
        if let warning = report.incompletePeriodSentence {
            try sheet.string(row, 0, warning, bold)
            row += 1
        }
        if ticketSheets > 1 {
            try sheet.string(row, 0, "The \(ReportText.grouped(report.ticketListCount)) tickets of the list are on the sheets "
                             + "Tickets to Tickets \(ticketSheets): a sheet holds \(ReportText.grouped(rowsPerSheet)) rows.", bold)
            row += 1
        }

        // KPIs.
        row += 1
        for (col, title) in ["Measure", period.label, previous.label, "Change"].enumerated() {
            try sheet.string(row, col, title, col == 0 ? header : headerRight)
        }
        let now = report.total, before = report.previousTotal
        let kpis: [(String, Double?, Double?, Format)] = [
            ("Created", Double(now.created), Double(before.created), integer),
            ("Resolved", Double(now.resolved), Double(before.resolved), integer),
            ("Open at end (backlog)", Double(now.openAtEnd), Double(before.openAtEnd), integer),
            ("Resolution SLA compliance", now.compliance, before.compliance, percent),
            ("First-response SLA compliance", now.firstResponseCompliance, before.firstResponseCompliance, percent),
            ("Breaches (held at breach)", Double(now.breaches), Double(before.breaches), integer),
            ("First-response breaches", Double(now.firstResponseBreaches), Double(before.firstResponseBreaches), integer),
            ("Median time to resolution, business", days(now.resolutionBusiness?.median),
             days(before.resolutionBusiness?.median), duration),
            ("Median time to resolution, wall clock", days(now.resolutionWall?.median),
             days(before.resolutionWall?.median), duration),
            ("Median time to first response, business", days(now.firstResponseBusiness?.median),
             days(before.firstResponseBusiness?.median), duration),
        ]
        let firstKPIRow = row + 1
        for (label, current, earlier, format) in kpis {
            row += 1
            try sheet.string(row, 0, label)
            try sheet.number(row, 1, current, format)
            try sheet.number(row, 2, earlier, format)
            if let current, let earlier {
                if format == duration {
                    // [h]:mm:ss cannot show a negative duration (Excel shows ####): a change of
                    // durations is a signed number of hours, a number like the others.
                    // Rounded to the hundredth it shows (a change of -17 s read "-0.00 h"; + 0 makes -0 zero).
                    try sheet.number(row, 3, ((current - earlier) * 2400).rounded() / 100 + 0, hoursChange)
                } else if format == percent {
                    // A change of percentages is in percentage points.
                    try sheet.number(row, 3, ((current - earlier) * 1000).rounded() / 10, points)
                } else {
                    // Signed like the other changes ("+4", not "4" beside "+0.0 pts").
                    try sheet.number(row, 3, current - earlier, countChange)
                }
            }
        }
        try highlightBelowTarget(sheet, col: 1, firstRow: firstKPIRow + 3, lastRow: firstKPIRow + 4)
        try highlightBelowTarget(sheet, col: 2, firstRow: firstKPIRow + 3, lastRow: firstKPIRow + 4)

        // Charts in two rows of two, under the KPIs.
        row += 2
        let chartRow = row, secondChartRow = chartRow + 18
        row += 36

        // Per-team table (chart data for breaches by team).
        try sheet.string(row, 0, "By team (details on the “By team” sheet)", bold)
        row += 1
        let teamHeaderRow = row
        let teams = report.teams
        let teamTable = Table(
            headers: ["Team", "Created", "Resolved", "Open at end", "Resolution compliance", "First-response compliance",
                      "Breaches (held at breach)", "TTR business median", "TTR business P90"],
            count: teams.count,
            row: { i in self.summaryTeamCells(teams[i]) },
            total: summaryTeamCells(report.total), complianceColumns: [4, 5])
        row = try writeTable(sheet, at: row, teamTable, frozen: false, setWidths: false)
        let lastTeamRow = teamHeaderRow + teams.count

        // Trend data: one row per period, one column per team.
        row += 1
        try sheet.string(row, 0, "Resolution SLA compliance by \(period.noun)", bold)
        row += 1
        let trendHeaderRow = row
        let trend = report.trend
        let trendTable = Table(
            headers: ["Period"] + trend.series.map(\.team.displayName), count: trend.periods.count,
            row: { i in [.text(trend.periods[i].label)] + trend.series.map { .percent($0.points[i].ratio) } },
            total: nil, complianceColumns: Array(1 ..< trendColumns))
        row = try writeTable(sheet, at: row, trendTable, frozen: false, setWidths: false)
        let lastTrendRow = row - 1

        // Distribution data.
        row += 1
        try sheet.string(row, 0, "Time to resolution (business), tickets resolved in the \(period.noun)", bold)
        row += 1
        let distributionHeaderRow = row
        let buckets = report.distribution.buckets
        row = try writeTable(sheet, at: row, Table(
            headers: ["Business time", "Met", "Resolved late", "Not measurable"], count: buckets.count,
            row: { i in [.text(buckets[i].label), .int(buckets[i].met), .int(buckets[i].late), .int(buckets[i].other)] },
            total: nil), frozen: false, setWidths: false)
        let lastDistributionRow = row - 1

        // Backlog data.
        row += 1
        try sheet.string(row, 0, "Open at the end of the \(period.noun) by age", bold)
        row += 1
        let backlogHeaderRow = row
        let backlog = report.backlog
        // With its total, as the HTML's table (the chart stays on the teams).
        row = try writeTable(sheet, at: row, Table(
            headers: ["Team"] + BacklogAging.labels, count: backlog.rows.count,
            row: { i in [.text(backlog.rows[i].key.displayName)] + backlog.rows[i].counts.map { .int($0) } },
            total: backlog.rows.isEmpty ? nil : [.text("All teams")] + backlog.total.counts.map { .int($0) }),
            frozen: false, setWidths: false)
        let lastBacklogRow = backlogHeaderRow + backlog.rows.count

        // Printed one page wide, the page ended inside the second row of charts and their legends
        // went to the next page (LibreOffice's PDF): that row starts the second page instead.
        var breaks: [lxw_row_t] = [lxw_row_t(secondChartRow), 0]
        try XLSXReportWriter.check(worksheet_set_h_pagebreaks(sheet.pointer, &breaks), "worksheet_set_h_pagebreaks(Summary)")
        try insertTrendChart(sheet, at: chartRow, headerRow: trendHeaderRow, lastRow: lastTrendRow)
        if !teams.isEmpty {
            try insertBreachChart(sheet, at: chartRow, headerRow: teamHeaderRow, lastRow: lastTeamRow)
        }
        try insertDistributionChart(sheet, at: secondChartRow, headerRow: distributionHeaderRow, lastRow: lastDistributionRow)
        if !backlog.rows.isEmpty {
            try insertBacklogChart(sheet, at: secondChartRow, headerRow: backlogHeaderRow, lastRow: lastBacklogRow)
        }
    }

    func writeDefinitions(_ sheet: Sheet) throws(ReportWriteError) {
        try sheet.width(0, 30)
        try sheet.width(1, 110, wrapped)
        try sheet.printSetup(repeatRow: nil)
        try sheet.string(0, 0, "Definitions: which tickets each number counts", bold)
        for (i, definition) in report.definitions.enumerated() {
            // A little narrower than the columns: their fonts' letters differ in width.
            try sheet.lines(i + 1, max(Sheet.wrappedLines(definition.text, width: 100), Sheet.wrappedLines(definition.term, width: 27)))
            try sheet.string(i + 1, 0, definition.term, wrapped)
            try sheet.string(i + 1, 1, definition.text, wrapped)
        }
    }

    func summaryTeamCells(_ row: GroupSummary) -> [Cell] {
        [.text(row.key.displayName), .int(row.created), .int(row.resolved), .int(row.openAtEnd),
         .percent(row.compliance), .percent(row.firstResponseCompliance), .int(row.breaches),
         .duration(row.resolutionBusiness?.median), .duration(row.resolutionBusiness?.p90)]
    }

    func addChart(_ type: lxw_chart_type) throws(ReportWriteError) -> UnsafeMutablePointer<lxw_chart> {
        guard let chart = workbook_add_chart(workbook, UInt8(type.rawValue)) else {
            throw .spreadsheet(XLSXWriterError(operation: "workbook_add_chart", code: 0, message: "could not add the chart"))
        }
        return chart
    }

    func addSeries(_ chart: UnsafeMutablePointer<lxw_chart>) throws(ReportWriteError) -> UnsafeMutablePointer<lxw_chart_series> {
        guard let series = chart_add_series(chart, nil, nil) else {
            throw .spreadsheet(XLSXWriterError(operation: "chart_add_series", code: 0, message: "could not add a chart series"))
        }
        return series
    }

    func insert(_ chart: UnsafeMutablePointer<lxw_chart>, _ sheet: Sheet, row: Int, col: Int, x: Double,
                what: String) throws(ReportWriteError) {
        var options = lxw_chart_options()
        options.x_scale = x
        options.y_scale = 1.1
        try XLSXReportWriter.check(worksheet_insert_chart_opt(sheet.pointer, lxw_row_t(row), lxw_col_t(col), chart, &options),
                                   "worksheet_insert_chart(Summary \(what))")
    }

    func fill(_ series: UnsafeMutablePointer<lxw_chart_series>, _ color: lxw_color_t) {
        var style = lxw_chart_fill()
        style.color = color
        chart_series_set_fill(series, &style)
    }

    func insertTrendChart(_ sheet: Sheet, at row: Int, headerRow: Int, lastRow: Int) throws(ReportWriteError) {
        let chart = try addChart(LXW_CHART_LINE)
        let capped = report.trend.chartedSeries.count < report.trend.series.count
        chart_title_set_name(chart, "Resolution SLA compliance by \(report.period.noun)"
                             + (capped ? ", the \(ComplianceTrend.chartTeams) largest teams and all teams" : ""))
        // The largest teams and all teams, as the HTML's chart (477 series hid the plot under their legend).
        for j in report.trend.chartedSeries {
            let series = report.trend.series[j]
            let line = try addSeries(chart)
            chart_series_set_categories(line, sheet.name, lxw_row_t(headerRow + 1), 0, lxw_row_t(lastRow), 0)
            chart_series_set_values(line, sheet.name, lxw_row_t(headerRow + 1), lxw_col_t(j + 1),
                                    lxw_row_t(lastRow), lxw_col_t(j + 1))
            // The name comes from the header cell, so a team name is never parsed as a formula.
            chart_series_set_name_range(line, sheet.name, lxw_row_t(headerRow), lxw_col_t(j + 1))
            chart_series_set_marker_type(line, UInt8(LXW_CHART_MARKER_CIRCLE.rawValue))
            chart_series_set_marker_size(line, 5)
            if series.team == .total {
                var style = lxw_chart_line()
                style.color = 0x262626
                style.width = 2.5
                style.dash_type = UInt8(LXW_CHART_LINE_DASH_DASH.rawValue)
                chart_series_set_line(line, &style)
            }
        }
        chart_axis_set_min(chart.pointee.y_axis, 0)
        chart_axis_set_max(chart.pointee.y_axis, 1)
        chart_axis_set_num_format(chart.pointee.y_axis, "0%")
        chart_legend_set_position(chart, UInt8(LXW_CHART_LEGEND_BOTTOM.rawValue))
        chart_show_blanks_as(chart, UInt8(LXW_CHART_BLANKS_AS_GAP.rawValue))
        try insert(chart, sheet, row: row, col: 0, x: 1.25, what: "trend")
    }

    func insertBreachChart(_ sheet: Sheet, at row: Int, headerRow: Int, lastRow: Int) throws(ReportWriteError) {
        let chart = try addChart(LXW_CHART_COLUMN)
        chart_title_set_name(chart, "Breaches by team held at breach")
        let bars = try addSeries(chart)
        chart_series_set_categories(bars, sheet.name, lxw_row_t(headerRow + 1), 0, lxw_row_t(lastRow), 0)
        chart_series_set_values(bars, sheet.name, lxw_row_t(headerRow + 1), 6, lxw_row_t(lastRow), 6)
        chart_series_set_name_range(bars, sheet.name, lxw_row_t(headerRow), 6)
        fill(bars, 0xD1495B)
        chart_legend_set_position(chart, UInt8(LXW_CHART_LEGEND_NONE.rawValue))
        chart_axis_set_min(chart.pointee.y_axis, 0)
        try insert(chart, sheet, row: row, col: 4, x: 1.1, what: "breaches")
    }

    func insertDistributionChart(_ sheet: Sheet, at row: Int, headerRow: Int, lastRow: Int) throws(ReportWriteError) {
        let chart = try addChart(LXW_CHART_COLUMN_STACKED)
        chart_title_set_name(chart, "Time to resolution, business hours")
        for (col, color) in [(1, 0x4C9F70), (2, 0xD1495B), (3, 0xB8BEC6)] as [(Int, lxw_color_t)] {
            let bars = try addSeries(chart)
            chart_series_set_categories(bars, sheet.name, lxw_row_t(headerRow + 1), 0, lxw_row_t(lastRow), 0)
            chart_series_set_values(bars, sheet.name, lxw_row_t(headerRow + 1), lxw_col_t(col), lxw_row_t(lastRow), lxw_col_t(col))
            chart_series_set_name_range(bars, sheet.name, lxw_row_t(headerRow), lxw_col_t(col))
            fill(bars, color)
        }
        chart_legend_set_position(chart, UInt8(LXW_CHART_LEGEND_BOTTOM.rawValue))
        chart_axis_set_min(chart.pointee.y_axis, 0)
        try insert(chart, sheet, row: row, col: 0, x: 1.25, what: "distribution")
    }

    func insertBacklogChart(_ sheet: Sheet, at row: Int, headerRow: Int, lastRow: Int) throws(ReportWriteError) {
        let chart = try addChart(LXW_CHART_BAR_STACKED)
        chart_title_set_name(chart, "Open at end of \(report.period.noun) by age")
        let colors: [lxw_color_t] = [0xFDE7C9, 0xF9C47F, 0xF08C3B, 0xD2512A, 0x8F2A1C]
        for (i, color) in colors.enumerated() {
            let bars = try addSeries(chart)
            chart_series_set_categories(bars, sheet.name, lxw_row_t(headerRow + 1), 0, lxw_row_t(lastRow), 0)
            chart_series_set_values(bars, sheet.name, lxw_row_t(headerRow + 1), lxw_col_t(i + 1), lxw_row_t(lastRow), lxw_col_t(i + 1))
            chart_series_set_name_range(bars, sheet.name, lxw_row_t(headerRow), lxw_col_t(i + 1))
            fill(bars, color)
        }
        chart_legend_set_position(chart, UInt8(LXW_CHART_LEGEND_BOTTOM.rawValue))
        try insert(chart, sheet, row: row, col: 4, x: 1.1, what: "backlog")
    }

    // MARK: - Breakdowns

    func writeBreakdown(_ sheet: Sheet, _ table: Breakdown) throws(ReportWriteError) {
        let dimension = table.dimension
        var headers = [dimension.title, "Tickets", "Created", "Resolved", "Open at end",
                       // The judged clocks (under the team at resolution) and the breaches (under the team
                       // holding the ticket at the breach) differ; "Resolution breached 2" beside "Breaches 6"
                       // read as a contradiction (a manager's trial).
                       "Resolution met", "Resolved late", "Late, still open", "Resolution compliance",
                       "First response met", "First response late", "First response late, still waiting",
                       "First-response compliance", "Breaches (team at breach)", "First-response breaches (team at breach)",
                       "Late median", "Late max",
                       "TTR business median", "TTR business P90", "TTR business P95", "TTR business mean",
                       "TTR wall median", "TTR wall P90", "TTR wall P95", "TTR wall mean",
                       "TTFR business median", "TTFR business P90", "TTFR business P95", "TTFR business mean",
                       "TTFR wall median", "TTFR wall P90", "TTFR wall P95", "TTFR wall mean",
                       "Reopen rate", "Hand-offs per ticket"]
        if dimension.hasSegments { headers.append("Share of breached clock") }
        func cells(_ r: GroupSummary) -> [Cell] {
            func stats(_ s: DurationStats?) -> [Cell] { [.duration(s?.median), .duration(s?.p90), .duration(s?.p95), .duration(s?.mean)] }
            var cells: [Cell] = [
                .text(r.key.displayName(in: dimension)), .int(r.tickets), .int(r.created), .int(r.resolved), .int(r.openAtEnd),
                .int(r.met), .int(r.breachedResolved), .int(r.breachedOngoing), .percent(r.compliance),
                .int(r.firstResponseMet), .int(r.firstResponseBreached), .int(r.firstResponseBreachedOngoing),
                .percent(r.firstResponseCompliance), .int(r.breaches), .int(r.firstResponseBreaches),
                .duration(r.late?.median), .duration(r.late?.max),
            ]
            cells += stats(r.resolutionBusiness) + stats(r.resolutionWall) + stats(r.firstResponseBusiness) + stats(r.firstResponseWall)
            cells += [.percent(r.reopenRate), .decimal(r.handoffsPerTicket)]
            if dimension.hasSegments { cells.append(.percent(r.breachedClockShare)) }
            return cells
        }
        let rows = table.rows
        let next = try writeTable(sheet, at: 0, Table(headers: headers, count: rows.count, row: { cells(rows[$0]) },
                                                      total: cells(table.total), complianceColumns: [8, 12]), frozen: true)
        if rows.isEmpty {
            try sheet.string(next + 1, 0, "No tickets in this \(report.period.noun).", muted)
        } else {
            try sheet.string(next + 1, 0, "Compliance below the \(report.options.complianceTargetPercent)% target is highlighted. Durations are [h]:mm:ss, to the second; see the Definitions sheet.", muted)
        }
    }

    // MARK: - Breached tickets

    func writeBreached(_ sheet: Sheet) throws(ReportWriteError) {
        let tickets = report.breachedTickets
        // A list longer than the sheet holds stops a row early, for the note that says so.
        let listed = XLSXReportWriter.breachedRowsListed(tickets.count, rowsPerSheet: rowsPerSheet)
        let next = try writeTable(sheet, at: 0, Table(
            headers: ["Ticket", "Subject", "Team at breach", "Agent at breach", "Team path", "Plan", "Priority", "Due",
                      "Breached at", "Minutes late", "Late", "Final SLA status", "Ticket status"],
            count: listed,
            row: { i in
                let t = tickets[i]
                return [.text(t.number), .text(t.subject), .text(t.teamAtBreach.displayName), .text(t.agentAtBreach),
                        .text(t.teamPath.joined(separator: " > ")), .text(t.plan), .text(t.priority), .date(t.dueAt),
                        .date(t.breachedAt), .int(t.minutesLate.map { Int($0) }), .duration(t.minutesLate.map { $0 * 60 }),
                        .text(t.finalStatusText), .text(t.ticketStatus)]
            }, total: nil), frozen: true)
        if tickets.isEmpty {
            try sheet.string(next, 0, "No ticket breached its resolution SLA in this \(report.period.noun).", muted)
        } else {
            if listed < tickets.count {
                try sheet.string(next, 0, "The first \(ReportText.grouped(listed)) of \(ReportText.grouped(tickets.count)) breaches "
                                 + "are listed: a sheet holds \(ReportText.grouped(rowsPerSheet)) rows. Every breached ticket "
                                 + "is marked on the Tickets sheets (Breached in period), and every breach is in "
                                 + "breaches-\(report.period.fileStem).csv.", bold)
            }
            var bar = lxw_conditional_format()
            bar.type = UInt8(LXW_CONDITIONAL_DATA_BAR.rawValue)
            bar.bar_color = 0xF8696B
            try XLSXReportWriter.check(
                worksheet_conditional_format_range(sheet.pointer, 1, 9, lxw_row_t(listed), 9, &bar),
                "worksheet_conditional_format_range(Breached tickets minutes late)")
        }
    }

    // MARK: - Backlog, flow, quality

    func writeBacklog(_ sheet: Sheet) throws(ReportWriteError) {
        let backlog = report.backlog
        let rows = backlog.rows
        let next = try writeTable(sheet, at: 0, Table(
            headers: ["Team"] + BacklogAging.labels + ["Open", "Oldest (wall clock)"], count: rows.count,
            row: { i in [.text(rows[i].key.displayName)] + rows[i].counts.map { .int($0) } + [.int(rows[i].total), .duration(rows[i].oldestSeconds)] },
            total: [.text("All teams")] + backlog.total.counts.map { .int($0) } + [.int(backlog.total.total), .duration(backlog.total.oldestSeconds)]),
            frozen: true)
        try sheet.string(next + 1, 0, rows.isEmpty
            ? "No ticket was open at the end of this \(report.period.noun)."
            : "Age is wall-clock time from creation to \(ReportText.localMinute(backlog.measuredAt, in: zone)).", muted)
    }

    func writeFlow(_ sheet: Sheet) throws(ReportWriteError) {
        let flow = report.flow
        let edges = flow.edges
        var row = try writeTable(sheet, at: 0, Table(
            headers: ["From team", "To team", "Hand-offs in the \(report.period.noun)"], count: edges.count,
            row: { i in [.text(edges[i].from), .text(edges[i].to), .int(edges[i].count)] }, total: nil), frozen: true)
        if edges.isEmpty {
            try sheet.string(row, 0, "No ticket moved from one team to another in this \(report.period.noun).", muted)
            row += 1
        }
        row += 1
        try sheet.string(row, 0, "Team paths of tickets resolved in the \(report.period.noun)", bold)
        row += 1
        let paths = flow.paths
        row = try writeTable(sheet, at: row, Table(
            headers: ["Path", "Tickets"], count: paths.count,
            row: { i in [.text(paths[i].teams.joined(separator: " > ")), .int(paths[i].count)] },
            total: [.text("one team only (or none)"), .int(flow.singleTeamResolved)]), frozen: false, setWidths: false)
        // Column A holds the paths too ("Level 1 Support > Online Banking" was cut at the width of
        // the longest "From team").
        let columnA = ([Cell.text("From team"), .text("one team only (or none)")] + edges.map { Cell.text($0.from) }
            + paths.map { Cell.text($0.teams.joined(separator: " > ")) }).map(\.width).max() ?? 0
        try sheet.width(0, Double(min(max(columnA + 2, 7), 62)))
    }

    func writeQuality(_ sheet: Sheet) throws(ReportWriteError) {
        let quality = report.dataQuality, provenance = quality.provenance
        try sheet.printSetup(repeatRow: nil)
        // Column A's labels run to 50 characters ("… whose recomputed due differs by a minute or more").
        for (col, width) in [52.0, 60, 12, 12, 18, 18].enumerated() { try sheet.width(col, width) }
        try sheet.string(0, 0, "Imports", bold)
        let facts: [(String, Cell)] = [
            ("Import runs", .int(provenance.importRuns)), ("Rows read", .int(provenance.rowsRead)),
            ("Rows rejected", .int(provenance.rowsRejected)), ("Last import finished", .date(provenance.lastImportAt)),
            ("Open tickets with a source due date", .int(quality.dueDatesChecked)),
            ("… whose recomputed due differs by a minute or more", .int(quality.dueDateDisagreements.count)),
            ("Open tickets without a source due date", .int(quality.openWithoutSourceDue)),
            ("Tickets of the \(report.period.noun) without a team", .int(quality.ticketsWithoutTeam)),
        ]
        var row = 0
        for (label, cell) in facts {
            row += 1
            try sheet.string(row, 0, label)
            try write(sheet, row, 1, cell)
        }
        row += 2
        try sheet.string(row, 0, "Tickets that could not be measured", bold)
        row += 1
        let groups = quality.notMeasurable
        row = try writeTable(sheet, at: row, Table(
            headers: ["Clock", "Why", "Tickets", "For example"], count: groups.count,
            row: { i in [.text(groups[i].metric == .resolution ? "resolution" : "first response"), .text(groups[i].reason),
                         .int(groups[i].count), .text(groups[i].examples.joined(separator: ", "))] }, total: nil),
            frozen: false, setWidths: false)
        if groups.isEmpty {
            try sheet.string(row, 0, "None: every clock of this \(report.period.noun)'s tickets could be judged.", muted)
            row += 1
        }
        row += 1
        try sheet.string(row, 0, "Due dates: source system against recomputed (open tickets at the as-of instant)", bold)
        row += 1
        let items = quality.dueDateDisagreements
        let listed = XLSXReportWriter.rowsListed(items.count, headerRow: row, rowsPerSheet: rowsPerSheet)
        let next = try writeTable(sheet, at: row, Table(
            headers: ["Ticket", "Team", "Plan", "Difference, minutes", "Source due", "Recomputed due"], count: listed,
            row: { i in
                let d = items[i]
                return [.text(d.number), .text(d.team.displayName), .text(d.plan),
                        // Rounded half away from zero, as the HTML's `+24h 23m` (it was cut: 1,462 for 87,763 s).
                        .int(d.differenceSeconds.map { Int(($0 < 0 ? $0 - 30 : $0 + 30) / 60) }), .date(d.sourceDueAt),
                        .date(d.recomputedDueAt)]
            }, total: nil), frozen: false, setWidths: false)
        if listed < items.count {
            try sheet.string(next, 0, "The first \(ReportText.grouped(listed)) of \(ReportText.grouped(items.count)) are listed, "
                             + "the largest differences first: a sheet holds \(ReportText.grouped(rowsPerSheet)) rows.", bold)
        }
    }

    // MARK: - Tickets

    /// Writes the per-ticket sheets' headers and layout, and returns their data rows, which
    /// `XLSXSheetSplice` puts into the closed workbook, and the tickets' count. The list starts
    /// on `sheet` and goes on in "Tickets 2", "Tickets 3"... (added after it) when it is longer
    /// than a sheet holds below its header (`rowsPerSheet`). Each sheet's rows keep whole
    /// pieces of their deflate data in the spill file `spill(sheetNumber)` gives, if any.
    func writeTickets(_ sheet: Sheet, _ tickets: PeriodTicketRows,
                      spill: (_ sheetNumber: Int) throws(ReportWriteError) -> SpillFile?)
        throws(ReportWriteError) -> (sheets: [SplicedSheetRows], count: Int) {
        let headers = ["Ticket", "Subject", "Team", "Agent", "Department", "Priority", "Plan", "Status", "State",
                       "Created", "First response", "Resolved",
                       "Created in period", "Resolved in period", "Breached in period", "Open at period end",
                       "Resolution SLA", "Resolution due", "Resolution target", "Resolution time, business",
                       "Resolution time, wall clock", "Resolution breached at", "Late", "Breach team", "Breach agent",
                       "Ever breached", "First response SLA", "First response due", "First response, business",
                       "First response, wall clock", "Reopens", "Handoffs", "First response target",
                       "First response late", "Source due", "Team path", "Not measurable because"]
        func cells(_ entry: PeriodTicket) -> [Cell] {
            let t = entry.metrics
            let reason = [t.resolutionStatus == .notMeasurable ? t.resolutionReason.map { "resolution: " + $0 } : nil,
                          t.firstResponseStatus == .notMeasurable ? t.firstResponseReason.map { "first response: " + $0 } : nil]
                .compactMap { $0 }.joined(separator: "; ")
            return [
                .text(t.number), .text(t.subject), .text(t.team), .text(t.agent), .text(t.department), .text(t.priority),
                .text(t.plan), .text(t.status), .text(t.state.rawValue), .date(t.createdAt), .date(t.firstResponseAt),
                .date(t.resolvedAt), .bool(entry.createdInPeriod), .bool(entry.resolvedInPeriod),
                .bool(entry.breachedInPeriod), .bool(entry.openAtEnd), .text(t.resolutionStatus.rawValue),
                .date(t.resolutionDueAt), .duration(t.resolutionTargetSeconds), .duration(t.resolutionBusinessSeconds),
                .duration(t.resolutionWallSeconds), .date(t.resolutionBreachedAt), .duration(t.resolutionSecondsLate),
                .text(t.breachTeam), .text(t.breachAgent), .bool(t.everBreached), .text(t.firstResponseStatus.rawValue),
                .date(t.firstResponseDueAt), .duration(t.firstResponseBusinessSeconds), .duration(t.firstResponseWallSeconds),
                .int(t.reopens), .int(t.handoffs), .duration(t.firstResponseTargetSeconds),
                .duration(t.firstResponseSecondsLate), .date(t.sourceDueAt), .text(entry.teamPath.joined(separator: " > ")),
                .text(reason.isEmpty ? nil : reason),
            ]
        }
        var sheetNumber = XLSXReportWriter.ticketSheetIndex + 1
        func begin(_ sheet: Sheet) throws(ReportWriteError) -> (TableInProgress, XLSXSheetRows?) {
            let rows = XLSXSheetRows(level: XLSXReportWriter.deflateLevel, spill: try spill(sheetNumber))
            return (try beginTable(sheet, at: 0, headers: headers, frozen: true, setWidths: true), rows)
        }
        var written: [SplicedSheetRows] = []
        func finish(_ table: TableInProgress, _ rows: inout XLSXSheetRows?) throws(ReportWriteError) {
            try finishTable(table, total: nil, complianceColumns: [], rows: &rows)
            let deflated = rows!.finish()
            try deflated.spilled?.checkWritten()
            written.append(SplicedSheetRows(part: "xl/worksheets/sheet\(sheetNumber).xml", rows: deflated))
        }
        var (table, rows) = try begin(sheet)
        var count = 0
        try tickets.forEach({ (entry) throws(ReportWriteError) in
            if table.count == rowsPerSheet - 1 {
                try finish(table, &rows)
                sheetNumber += 1
                (table, rows) = try begin(try addSheet("Tickets \(written.count + 1)"))
            }
            try addRow(cells(entry), to: &table, rows: &rows)
            count += 1
        }, abandoned: { .cannotWrite(path: "the workbook's Tickets sheet", reason: "the report stopped before its ticket list was complete") })
        try finish(table, &rows)
        return (written, count)
    }
}
