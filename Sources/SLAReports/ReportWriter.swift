import Foundation

/// An output format of the report.
public enum ReportFormat: String, CaseIterable, Hashable, Sendable, Comparable {
    case html, csv, xlsx

    public static func < (lhs: ReportFormat, rhs: ReportFormat) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// The file names of a period's report files, e.g. `sla-report-2025-W32.html`.
public struct ReportFileNames: Hashable, Sendable {
    public var stem: String

    public init(period: ReportPeriod) { stem = period.fileStem }

    public var html: String { "sla-report-\(stem).html" }
    public var xlsx: String { "sla-report-\(stem).xlsx" }
    public var teamSummaryCSV: String { "team-summary-\(stem).csv" }
    public var ticketsCSV: String { "tickets-\(stem).csv" }
    public var breakdownsCSV: String { "breakdowns-\(stem).csv" }
    /// The headline numbers the dashboard index reads (written with every format).
    public var summaryJSON: String { "sla-report-\(stem).json" }

    /// The files one format produces.
    public func names(for format: ReportFormat) -> [String] {
        switch format {
        case .html: return [html]
        case .csv: return [teamSummaryCSV, ticketsCSV, breakdownsCSV]
        case .xlsx: return [xlsx]
        }
    }
}

/// Writes a report in the chosen formats, all of a period's files together: each is
/// written whole to a temporary name beside its target, then all are renamed through
/// `ReportFileSet`, so a reader never sees half a file, nor a new HTML beside an old CSV.
public enum ReportWriter {
    /// Writes `report` in every format of `formats` into `directory` (created if missing),
    /// then its headline numbers as `sla-report-<period>.json` for the dashboard index.
    /// Returns the written files in a stable order: HTML, the CSVs, XLSX, JSON.
    public static func write(_ report: WeeklyReport, formats: Set<ReportFormat>,
                             to directory: URL) throws(ReportWriteError) -> [URL] {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .cannotCreateDirectory(path: directory.path, reason: describe(error))
        }
        let names = ReportFileNames(period: report.period)
        // The workbook starts on a second thread; the other files are rendered meanwhile.
        let xlsxURL = directory.appendingPathComponent(names.xlsx)
        let workbook = formats.contains(.xlsx) ? try BackgroundWorkbook(report, besides: xlsxURL) : nil
        defer { workbook?.finish() }
        var set = ReportFileSet(directory: directory)
        var written: [URL] = []
        func stage(_ text: String, _ name: String) throws(ReportWriteError) {
            let url = directory.appendingPathComponent(name)
            try set.stage(Array(text.utf8), as: url)
            written.append(url)
        }
        for format in formats.sorted() {
            switch format {
            case .html:
                try stage(HTMLReportRenderer.render(report), names.html)
            case .csv:
                try stage(CSVReportWriter.teamSummary(report), names.teamSummaryCSV)
                try stage(CSVReportWriter.tickets(report), names.ticketsCSV)
                try stage(CSVReportWriter.breakdowns(report), names.breakdownsCSV)
            case .xlsx:
                guard let workbook else { continue }
                try set.stage(producing: xlsxURL) { (temporary) throws(ReportWriteError) in try workbook.moveInto(temporary) }
                written.append(xlsxURL)
            }
        }
        try stage(PeriodSummary(report).json(), names.summaryJSON)
        try set.commit()
        return written
    }

    static func describe(_ error: Error) -> String {
        (error as NSError).localizedDescription
    }
}
