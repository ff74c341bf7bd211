import Foundation
import SLAModel

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
    public var breachesCSV: String { "breaches-\(stem).csv" }
    /// The headline numbers the dashboard index reads (written with every format).
    public var summaryJSON: String { "sla-report-\(stem).json" }

    /// The files one format produces.
    public func names(for format: ReportFormat) -> [String] {
        switch format {
        case .html: return [html]
        case .csv: return [teamSummaryCSV, ticketsCSV, breakdownsCSV, breachesCSV]
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
        precondition(report.tickets.count == report.ticketListCount,
                     "a report whose list went to its files as read holds no list to write again")
        return try start(period: report.period, tickets: report.tickets, formats: formats, in: directory).write(report)
    }

    /// Starts a period's files from its tickets alone, before the report is assembled: the
    /// workbook's per-ticket sheet and the per-ticket CSV are written on threads of their own
    /// meanwhile. `write` on the result finishes them; dropping it unwritten stops the workbook
    /// and leaves no file.
    /// - Parameter tickets: the period's tickets, as the report will hold them (`ReportAggregator.periodTickets`).
    public static func start(period: ReportPeriod, tickets: [PeriodTicket], formats: Set<ReportFormat>,
                             in directory: URL) throws(ReportWriteError) -> StartedReport {
        try start(period: period, formats: formats, in: directory, feed: nil) { _ in .held(tickets) }
    }

    /// Starts a period's files before its tickets are read: the workbook's per-ticket sheet and
    /// the per-ticket CSV are written on threads of their own from the rows the result's `feed`
    /// is given as they are read (`PeriodReportBuilder`), so the list is never held whole.
    public static func start(period: ReportPeriod, formats: Set<ReportFormat>,
                             in directory: URL) throws(ReportWriteError) -> StartedReport {
        let writers = [ReportFormat.xlsx, .csv].filter(formats.contains)
        let feed = PeriodTicketFeed(readers: writers.count)
        return try start(period: period, formats: formats, in: directory, feed: feed) { format in
            .fed(feed, reader: writers.firstIndex(of: format)!)
        }
    }

    /// `rows` gives the writer of the list in each format its rows.
    private static func start(period: ReportPeriod, formats: Set<ReportFormat>, in directory: URL,
                              feed: PeriodTicketFeed?,
                              rows: (ReportFormat) -> PeriodTicketRows) throws(ReportWriteError) -> StartedReport {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .cannotCreateDirectory(path: directory.path, reason: whyNotCreated(directory, error))
        }
        let xlsxURL = directory.appendingPathComponent(ReportFileNames(period: period).xlsx)
        let workbook = formats.contains(.xlsx)
            ? try BackgroundWorkbook(period: period, tickets: rows(.xlsx), besides: xlsxURL) : nil
        let zone = period.zone
        let ticketsURL = directory.appendingPathComponent(ReportFileNames(period: period).ticketsCSV)
        let ticketsCSV = formats.contains(.csv) ? BackgroundTicketsCSV.start(rows: rows(.csv), zone: zone, besides: ticketsURL) : nil
        return StartedReport(period: period, formats: formats, directory: directory, workbook: workbook, ticketsCSV: ticketsCSV,
                             feed: feed)
    }

    static func describe(_ error: Error) -> String {
        (error as NSError).localizedDescription
    }

    /// Why `directory` could not be created: the nearest part of its path that exists when that
    /// is a file (Foundation says only "The operation could not be completed"), else Foundation's
    /// reason.
    static func whyNotCreated(_ directory: URL, _ error: Error) -> String {
        fileInPlaceOfFolder(directory).map { "\($0) is a file, not a folder" } ?? describe(error)
    }

    /// What stops `typed` from being a reports folder, as a user reads it ("'out' is a file", "'a/out' is
    /// under the file /srv/a"), or nil when it is a folder or can be made one.
    public static func folderObstacle(_ typed: String) -> String? {
        let directory = URL(fileURLWithPath: typed)
        guard let file = fileInPlaceOfFolder(directory) else { return nil }
        return file == directory.standardizedFileURL.path ? "'\(typed)' is a file" : "'\(typed)' is under the file \(file)"
    }

    /// The path of the file that stands where `directory` or one of its parent folders should be
    /// (the nearest part of its path that exists, when that is not a folder), or nil: a reports
    /// folder there can never be made, which is bad input rather than a failure to write.
    static func fileInPlaceOfFolder(_ directory: URL) -> String? {
        var ancestor = directory.standardizedFileURL
        while ancestor.path != "/" && !ancestor.path.isEmpty {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isFolder) {
                return isFolder.boolValue ? nil : ancestor.path
            }
            ancestor.deleteLastPathComponent()
        }
        return nil
    }
}

/// A period's report files begun by `ReportWriter.start`, waiting for the report.
public final class StartedReport {
    let period: ReportPeriod
    let formats: Set<ReportFormat>
    let directory: URL
    private let workbook: BackgroundWorkbook?
    /// The per-ticket CSV, when the formats include CSV.
    private let ticketsCSV: BackgroundFile?
    private var wasWritten = false

    /// Where the period's list goes as it is read, for files started by `ReportWriter.start(period:formats:in:)`;
    /// nil for files started from a list held.
    public let feed: PeriodTicketFeed?

    init(period: ReportPeriod, formats: Set<ReportFormat>, directory: URL, workbook: BackgroundWorkbook?,
         ticketsCSV: BackgroundFile?, feed: PeriodTicketFeed?) {
        self.feed = feed
        self.period = period
        self.formats = formats
        self.directory = directory
        self.workbook = workbook
        self.ticketsCSV = ticketsCSV
    }

    /// Writes every file of `report` (the period's, with the tickets the files were started
    /// from) and renames them into place together. Returns the written files in a stable
    /// order: HTML, the CSVs, XLSX, JSON. Once.
    public func write(_ report: WeeklyReport) throws(ReportWriteError) -> [URL] {
        precondition(!wasWritten, "a report's files are written once")
        precondition(report.period == period, "the report is of another period than its files were started for")
        precondition(feed.map { $0.isFinished && $0.count == report.ticketListCount } ?? true,
                     "the report's list did not all go to its files")
        wasWritten = true
        defer {
            workbook?.finish()
            ticketsCSV?.finish()
        }
        workbook?.complete(with: report)
        let names = ReportFileNames(period: report.period)
        let xlsxURL = directory.appendingPathComponent(names.xlsx)
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
                // Started by `start` from the period's list (held, or fed as read), whenever CSV is a format.
                if let ticketsCSV {
                    let ticketsURL = directory.appendingPathComponent(names.ticketsCSV)
                    try set.stage(producing: ticketsURL) { (temporary) throws(ReportWriteError) in try ticketsCSV.moveInto(temporary) }
                    written.append(ticketsURL)
                }
                try stage(CSVReportWriter.breakdowns(report), names.breakdownsCSV)
                try stage(CSVReportWriter.breaches(report), names.breachesCSV)
            case .xlsx:
                guard let workbook else { continue }
                try set.stage(producing: xlsxURL) { (temporary) throws(ReportWriteError) in try workbook.moveInto(temporary) }
                written.append(xlsxURL)
            }
        }
        try stage(PeriodSummary(report).json(), names.summaryJSON)
        for format in ReportFormat.allCases where !formats.contains(format) {
            for name in names.names(for: format) {
                let stale = directory.appendingPathComponent(name)
                if FileManager.default.fileExists(atPath: stale.path) { set.removeOnCommit(stale) }
            }
        }
        try set.commit()
        return written
    }

    deinit {
        // No thread outlives the report, and no temporary file is left behind; writers still
        // waiting for rows that will not come stop (nothing when the list was complete).
        feed?.abandon()
        workbook?.finish()
        ticketsCSV?.finish()
    }
}
