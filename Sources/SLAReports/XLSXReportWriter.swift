import CXlsxWriter
import Foundation
import SLAEngine
import SLAModel

/// Writes a report as an Excel workbook through libxlsxwriter:
/// - "Summary": KPI cells with the previous period, a native line chart of the
///   compliance trend per team, a native column chart of breaches by team, the per-team
///   table and the trend data behind the chart;
/// - "Breached tickets" and "Tickets": one row per ticket, frozen header, autofilter.
///
/// Numbers are numbers; percentages use `0.0%`; durations are days with `[h]:mm`;
/// instants are Excel serial dates of the report zone's wall clock (`yyyy-mm-dd hh:mm`).
/// Text from the data is written with `worksheet_write_string`, so it is never a formula.
public enum XLSXReportWriter {
    /// Writes the workbook to `url` (directly; `ReportWriter` adds the atomic rename).
    public static func write(_ report: WeeklyReport, to url: URL) throws(ReportWriteError) {
        guard let workbook = workbook_new(url.path) else {
            throw .spreadsheet(XLSXWriterError(operation: "workbook_new(\(url.path))", code: 0,
                                               message: "could not create the workbook"))
        }
        var book = Book(workbook: workbook, report: report)
        do {
            try book.build()
        } catch {
            lxw_workbook_free(workbook)
            throw error
        }
        try check(workbook_close(workbook), "workbook_close(\(url.path))")
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
}

private typealias Format = UnsafeMutablePointer<lxw_format>

/// One worksheet with error-checked writers.
private struct Sheet {
    let pointer: UnsafeMutablePointer<lxw_worksheet>
    let name: String

    func cell(_ row: Int, _ col: Int) -> String { "\(name)!R\(row + 1)C\(col + 1)" }

    func string(_ row: Int, _ col: Int, _ value: String?, _ format: Format? = nil) throws(ReportWriteError) {
        guard let value, !value.isEmpty else { return try blank(row, col, format) }
        // Excel cells hold at most 32,767 characters.
        let text = value.unicodeScalars.count > 32_000 ? String(String.UnicodeScalarView(value.unicodeScalars.prefix(32_000))) : value
        try XLSXReportWriter.check(worksheet_write_string(pointer, lxw_row_t(row), lxw_col_t(col), text, format),
                                   "worksheet_write_string(\(cell(row, col)))")
    }

    func number(_ row: Int, _ col: Int, _ value: Double?, _ format: Format? = nil) throws(ReportWriteError) {
        guard let value else { return try blank(row, col, format) }
        try XLSXReportWriter.check(worksheet_write_number(pointer, lxw_row_t(row), lxw_col_t(col), value, format),
                                   "worksheet_write_number(\(cell(row, col)))")
    }

    func integer(_ row: Int, _ col: Int, _ value: Int?, _ format: Format? = nil) throws(ReportWriteError) {
        try number(row, col, value.map(Double.init), format)
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

    func columns(_ widths: [Double], from first: Int = 0) throws(ReportWriteError) {
        for (i, width) in widths.enumerated() {
            try XLSXReportWriter.check(
                worksheet_set_column(pointer, lxw_col_t(first + i), lxw_col_t(first + i), width, nil),
                "worksheet_set_column(\(name) column \(first + i + 1))")
        }
    }

    func header(_ row: Int, _ titles: [String], _ format: Format) throws(ReportWriteError) {
        for (col, title) in titles.enumerated() { try string(row, col, title, format) }
    }

    func autofilter(_ firstRow: Int, _ lastRow: Int, _ lastCol: Int) throws(ReportWriteError) {
        try XLSXReportWriter.check(
            worksheet_autofilter(pointer, lxw_row_t(firstRow), 0, lxw_row_t(lastRow), lxw_col_t(lastCol)),
            "worksheet_autofilter(\(name))")
    }
}

private struct Book {
    let workbook: UnsafeMutablePointer<lxw_workbook>
    let report: WeeklyReport
    var zone: ZoneRules { report.zone }

    var title: Format!
    var bold: Format!
    var header: Format!
    var wrapped: Format!
    var integer: Format!
    var integerBold: Format!
    var percent: Format!
    var percentBold: Format!
    var duration: Format!
    var durationBold: Format!
    var dateTime: Format!
    var muted: Format!

    init(workbook: UnsafeMutablePointer<lxw_workbook>, report: WeeklyReport) {
        self.workbook = workbook
        self.report = report
    }

    mutating func build() throws(ReportWriteError) {
        try makeFormats()
        try setProperties()
        let summary = try addSheet("Summary")
        let breached = try addSheet("Breached tickets")
        let tickets = try addSheet("Tickets")
        try writeSummary(summary)
        try writeBreached(breached)
        try writeTickets(tickets)
        worksheet_activate(summary.pointer)
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
            throw .spreadsheet(XLSXWriterError(operation: "workbook_add_format", code: 0, message: "out of memory"))
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
        wrapped = try format { format_set_text_wrap($0); format_set_align($0, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue)) }
        integer = try format { format_set_num_format($0, "#,##0") }
        integerBold = try format { format_set_num_format($0, "#,##0"); format_set_bold($0) }
        percent = try format { format_set_num_format($0, "0.0%") }
        percentBold = try format { format_set_num_format($0, "0.0%"); format_set_bold($0) }
        duration = try format { format_set_num_format($0, "[h]:mm") }
        durationBold = try format { format_set_num_format($0, "[h]:mm"); format_set_bold($0) }
        dateTime = try format { format_set_num_format($0, "yyyy-mm-dd hh:mm") }
        muted = try format { format_set_font_color($0, 0x595959); format_set_italic($0) }
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

    // MARK: - Summary

    func writeSummary(_ sheet: Sheet) throws(ReportWriteError) {
        let period = report.period, previous = report.previousPeriod
        try sheet.columns([30, 13, 13, 13, 11, 11, 11, 12, 12, 12, 12, 12, 12])
        try sheet.string(0, 0, "SLA report: \(period.title) (\(period.label))", title)
        try sheet.string(1, 0, "\(period.dateRange), wall-clock times in \(zone.identifier)")
        try sheet.string(2, 0, "As of")
        try sheet.number(2, 1, serial(report.asOf), dateTime)
        try sheet.string(3, 0, "SLA policy hash")
        try sheet.string(3, 1, report.policyHash)
        var row = 4
        if report.isEmpty {
            try sheet.string(row, 0, report.emptyPeriodSentence, bold)
            row += 1
        }

        // KPIs.
        row += 1
        try sheet.header(row, ["Measure", period.label, previous.label, "Change"], header)
        let now = report.total, before = report.previousTotal
        let kpis: [(String, Double?, Double?, Format)] = [
            ("Created", Double(now.created), Double(before.created), integer),
            ("Resolved", Double(now.resolved), Double(before.resolved), integer),
            ("Resolution SLA compliance", now.compliance, before.compliance, percent),
            ("Breaches (held at breach)", Double(now.breaches), Double(before.breaches), integer),
            ("Median time to resolution, business", days(now.medianResolutionBusinessSeconds),
             days(before.medianResolutionBusinessSeconds), duration),
            ("Median time to resolution, wall clock", days(now.medianResolutionWallSeconds),
             days(before.medianResolutionWallSeconds), duration),
        ]
        for (label, current, earlier, format) in kpis {
            row += 1
            try sheet.string(row, 0, label)
            try sheet.number(row, 1, current, format)
            try sheet.number(row, 2, earlier, format)
            if let current, let earlier {
                if format == duration, current < earlier {
                    // [h]:mm cannot show a negative duration; say it in words.
                    try sheet.string(row, 3, "−" + ReportText.duration(Int64(((earlier - current) * 86_400).rounded())))
                } else {
                    try sheet.number(row, 3, current - earlier, format == percent ? percent : format)
                }
            }
        }

        // Charts, side by side under the KPIs.
        row += 2
        let chartRow = row
        row += 17

        // Per-team table.
        try sheet.string(row, 0, "By team", bold)
        row += 1
        let teamHeaderRow = row
        try sheet.header(row, ["Team", "Created", "Resolved", "Open at end", "Met", "Breached", "Ongoing breaches",
                               "Compliance", "Breaches (held at breach)",
                               "TTR business median", "TTR business P90", "TTR wall median", "TTR wall P90"], header)
        for summary in report.teams + [report.total] {
            row += 1
            let isTotal = summary.team == .allTeams
            try sheet.string(row, 0, summary.team.displayName, isTotal ? bold : nil)
            let int = isTotal ? integerBold! : integer!, pct = isTotal ? percentBold! : percent!
            let dur = isTotal ? durationBold! : duration!
            try sheet.integer(row, 1, summary.created, int)
            try sheet.integer(row, 2, summary.resolved, int)
            try sheet.integer(row, 3, summary.openAtEnd, int)
            try sheet.integer(row, 4, summary.met, int)
            try sheet.integer(row, 5, summary.breachedResolved, int)
            try sheet.integer(row, 6, summary.breachedOngoing, int)
            try sheet.number(row, 7, summary.compliance, pct)
            try sheet.integer(row, 8, summary.breaches, int)
            try sheet.number(row, 9, days(summary.medianResolutionBusinessSeconds), dur)
            try sheet.number(row, 10, days(summary.p90ResolutionBusinessSeconds), dur)
            try sheet.number(row, 11, days(summary.medianResolutionWallSeconds), dur)
            try sheet.number(row, 12, days(summary.p90ResolutionWallSeconds), dur)
        }
        let lastTeamRow = row - 1  // excluding the total
        if !report.teams.isEmpty {
            var scale = lxw_conditional_format()
            scale.type = UInt8(LXW_CONDITIONAL_3_COLOR_SCALE.rawValue)
            scale.min_color = 0xF8696B
            scale.mid_color = 0xFFEB84
            scale.max_color = 0x63BE7B
            try XLSXReportWriter.check(
                worksheet_conditional_format_range(sheet.pointer, lxw_row_t(teamHeaderRow + 1), 7,
                                                   lxw_row_t(lastTeamRow), 7, &scale),
                "worksheet_conditional_format_range(Summary compliance)")
        }

        // Trend data: one row per period, one column per team.
        row += 2
        try sheet.string(row, 0, "Resolution SLA compliance by \(period.noun)", bold)
        row += 1
        let trendHeaderRow = row
        let trend = report.trend
        try sheet.header(row, ["Period"] + trend.series.map(\.team.displayName), header)
        for (i, trendPeriod) in trend.periods.enumerated() {
            row += 1
            try sheet.string(row, 0, trendPeriod.label)
            for (j, series) in trend.series.enumerated() {
                try sheet.number(row, j + 1, series.points[i].ratio, percent)
            }
        }
        let lastTrendRow = row
        row += 2
        try sheet.string(row, 0, "Definitions", bold)
        for definition in report.definitions {
            row += 1
            try sheet.string(row, 0, definition.term)
            try sheet.string(row, 1, definition.text)
        }

        try insertTrendChart(sheet, at: chartRow, headerRow: trendHeaderRow, lastRow: lastTrendRow)
        if !report.teams.isEmpty {
            try insertBreachChart(sheet, at: chartRow, headerRow: teamHeaderRow, lastRow: lastTeamRow)
        }
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

    func insertTrendChart(_ sheet: Sheet, at row: Int, headerRow: Int, lastRow: Int) throws(ReportWriteError) {
        let chart = try addChart(LXW_CHART_LINE)
        chart_title_set_name(chart, "Resolution SLA compliance by \(report.period.noun)")
        for (j, series) in report.trend.series.enumerated() {
            let line = try addSeries(chart)
            chart_series_set_categories(line, sheet.name, lxw_row_t(headerRow + 1), 0, lxw_row_t(lastRow), 0)
            chart_series_set_values(line, sheet.name, lxw_row_t(headerRow + 1), lxw_col_t(j + 1),
                                    lxw_row_t(lastRow), lxw_col_t(j + 1))
            // The name comes from the header cell, so a team name is never parsed as a formula.
            chart_series_set_name_range(line, sheet.name, lxw_row_t(headerRow), lxw_col_t(j + 1))
            chart_series_set_marker_type(line, UInt8(LXW_CHART_MARKER_CIRCLE.rawValue))
            chart_series_set_marker_size(line, 5)
            if series.team == .allTeams {
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
        var options = lxw_chart_options()
        options.x_scale = 1.25
        options.y_scale = 1.1
        try XLSXReportWriter.check(worksheet_insert_chart_opt(sheet.pointer, lxw_row_t(row), 0, chart, &options),
                                   "worksheet_insert_chart(Summary trend)")
    }

    func insertBreachChart(_ sheet: Sheet, at row: Int, headerRow: Int, lastRow: Int) throws(ReportWriteError) {
        let chart = try addChart(LXW_CHART_COLUMN)
        chart_title_set_name(chart, "Breaches by team held at breach")
        let bars = try addSeries(chart)
        chart_series_set_categories(bars, sheet.name, lxw_row_t(headerRow + 1), 0, lxw_row_t(lastRow), 0)
        chart_series_set_values(bars, sheet.name, lxw_row_t(headerRow + 1), 8, lxw_row_t(lastRow), 8)
        chart_series_set_name_range(bars, sheet.name, lxw_row_t(headerRow), 8)
        chart_legend_set_position(chart, UInt8(LXW_CHART_LEGEND_NONE.rawValue))
        chart_axis_set_min(chart.pointee.y_axis, 0)
        var options = lxw_chart_options()
        options.x_scale = 0.95
        options.y_scale = 1.1
        try XLSXReportWriter.check(worksheet_insert_chart_opt(sheet.pointer, lxw_row_t(row), 7, chart, &options),
                                   "worksheet_insert_chart(Summary breaches)")
    }

    // MARK: - Breached tickets

    func writeBreached(_ sheet: Sheet) throws(ReportWriteError) {
        let titles = ["Ticket", "Subject", "Team at breach", "Agent at breach", "Plan", "Priority", "Due",
                      "Breached at", "Minutes late", "Late", "Final SLA status", "Ticket status"]
        try sheet.columns([12, 44, 18, 18, 14, 11, 17, 17, 10, 10, 16, 14])
        try sheet.header(0, titles, header)
        worksheet_freeze_panes(sheet.pointer, 1, 0)
        for (i, ticket) in report.breachedTickets.enumerated() {
            let row = i + 1
            try sheet.string(row, 0, ticket.number)
            try sheet.string(row, 1, ticket.subject)
            try sheet.string(row, 2, ticket.teamAtBreach.displayName)
            try sheet.string(row, 3, ticket.agentAtBreach)
            try sheet.string(row, 4, ticket.plan)
            try sheet.string(row, 5, ticket.priority)
            try sheet.number(row, 6, serial(ticket.dueAt), dateTime)
            try sheet.number(row, 7, serial(ticket.breachedAt), dateTime)
            try sheet.number(row, 8, ticket.minutesLate.map(Double.init), integer)
            try sheet.number(row, 9, ticket.minutesLate.map { Double($0) / 1440 }, duration)
            try sheet.string(row, 10, ticket.finalStatus.rawValue)
            try sheet.string(row, 11, ticket.ticketStatus)
        }
        let last = max(report.breachedTickets.count, 1)
        try sheet.autofilter(0, last, titles.count - 1)
        if !report.breachedTickets.isEmpty {
            var bar = lxw_conditional_format()
            bar.type = UInt8(LXW_CONDITIONAL_DATA_BAR.rawValue)
            bar.bar_color = 0xF8696B
            try XLSXReportWriter.check(
                worksheet_conditional_format_range(sheet.pointer, 1, 8, lxw_row_t(last), 8, &bar),
                "worksheet_conditional_format_range(Breached tickets minutes late)")
        } else {
            try sheet.string(1, 0, "No ticket breached its resolution SLA in this \(report.period.noun).", muted)
        }
    }

    // MARK: - Tickets

    func writeTickets(_ sheet: Sheet) throws(ReportWriteError) {
        let titles = ["Ticket", "Subject", "Team", "Agent", "Department", "Priority", "Plan", "Status", "State",
                      "Created", "First response", "Resolved",
                      "Created in period", "Resolved in period", "Breached in period", "Open at period end",
                      "Resolution SLA", "Resolution due", "Resolution target", "Resolution time, business",
                      "Resolution time, wall clock", "Resolution breached at", "Late", "Breach team", "Breach agent",
                      "Ever breached", "First response SLA", "First response due", "First response, business",
                      "First response, wall clock", "Reopens", "Handoffs"]
        try sheet.columns([12, 40, 16, 16, 16, 10, 12, 11, 9, 17, 17, 17, 9, 9, 9, 9, 15, 17, 10, 11, 11, 17, 9,
                           16, 16, 9, 15, 17, 11, 11, 8, 8])
        try sheet.header(0, titles, header)
        worksheet_freeze_panes(sheet.pointer, 1, 1)
        for (i, entry) in report.tickets.enumerated() {
            let row = i + 1, t = entry.metrics
            try sheet.string(row, 0, t.number)
            try sheet.string(row, 1, t.subject)
            try sheet.string(row, 2, t.team)
            try sheet.string(row, 3, t.agent)
            try sheet.string(row, 4, t.department)
            try sheet.string(row, 5, t.priority)
            try sheet.string(row, 6, t.plan)
            try sheet.string(row, 7, t.status)
            try sheet.string(row, 8, t.state.rawValue)
            try sheet.number(row, 9, serial(t.createdAt), dateTime)
            try sheet.number(row, 10, serial(t.firstResponseAt), dateTime)
            try sheet.number(row, 11, serial(t.resolvedAt), dateTime)
            try sheet.boolean(row, 12, entry.createdInPeriod)
            try sheet.boolean(row, 13, entry.resolvedInPeriod)
            try sheet.boolean(row, 14, entry.breachedInPeriod)
            try sheet.boolean(row, 15, entry.openAtEnd)
            try sheet.string(row, 16, t.resolutionStatus.rawValue)
            try sheet.number(row, 17, serial(t.resolutionDueAt), dateTime)
            try sheet.number(row, 18, days(t.resolutionTargetSeconds), duration)
            try sheet.number(row, 19, days(t.resolutionBusinessSeconds), duration)
            try sheet.number(row, 20, days(t.resolutionWallSeconds), duration)
            try sheet.number(row, 21, serial(t.resolutionBreachedAt), dateTime)
            try sheet.number(row, 22, days(t.resolutionSecondsLate), duration)
            try sheet.string(row, 23, t.breachTeam)
            try sheet.string(row, 24, t.breachAgent)
            try sheet.boolean(row, 25, t.everBreached)
            try sheet.string(row, 26, t.firstResponseStatus.rawValue)
            try sheet.number(row, 27, serial(t.firstResponseDueAt), dateTime)
            try sheet.number(row, 28, days(t.firstResponseBusinessSeconds), duration)
            try sheet.number(row, 29, days(t.firstResponseWallSeconds), duration)
            try sheet.integer(row, 30, t.reopens)
            try sheet.integer(row, 31, t.handoffs)
        }
        try sheet.autofilter(0, max(report.tickets.count, 1), titles.count - 1)
    }
}
