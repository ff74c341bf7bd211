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

/// Writes a report in the chosen formats. Each file is written atomically (temporary
/// file in the same directory, then rename), so a reader never sees half a report.
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
        var written: [URL] = []
        for format in formats.sorted() {
            switch format {
            case .html:
                let url = directory.appendingPathComponent(names.html)
                try AtomicFile.write(HTMLReportRenderer.render(report), to: url)
                written.append(url)
            case .csv:
                let summary = directory.appendingPathComponent(names.teamSummaryCSV)
                try AtomicFile.write(CSVReportWriter.teamSummary(report), to: summary)
                let tickets = directory.appendingPathComponent(names.ticketsCSV)
                try AtomicFile.write(CSVReportWriter.tickets(report), to: tickets)
                let breakdowns = directory.appendingPathComponent(names.breakdownsCSV)
                try AtomicFile.write(CSVReportWriter.breakdowns(report), to: breakdowns)
                written += [summary, tickets, breakdowns]
            case .xlsx:
                let url = directory.appendingPathComponent(names.xlsx)
                try AtomicFile.write(to: url) { (temporary) throws(ReportWriteError) in
                    try XLSXReportWriter.write(report, to: temporary)
                }
                written.append(url)
            }
        }
        let json = directory.appendingPathComponent(names.summaryJSON)
        try AtomicFile.write(PeriodSummary(report).json(), to: json)
        written.append(json)
        return written
    }

    static func describe(_ error: Error) -> String {
        (error as NSError).localizedDescription
    }
}
