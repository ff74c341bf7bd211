import Foundation

/// A report's workbook written on a thread of its own (`BackgroundFile`): it starts from the
/// period's tickets alone (as they are read, or held), before the report is assembled, with the per-ticket sheet (most of
/// the workbook at scale, and the workbook is the largest of a period's files); the other
/// sheets follow once `complete(with:)` hands it the report, while the calling thread renders
/// the HTML and CSV.
final class BackgroundWorkbook: @unchecked Sendable {
    /// The hand-over of the report from the calling thread to the workbook's.
    private final class HandOver: @unchecked Sendable {
        private let condition = NSCondition()
        private var report: WeeklyReport?
        private var abandoned = false

        func give(_ report: WeeklyReport) {
            condition.lock()
            self.report = report
            condition.broadcast()
            condition.unlock()
        }

        func abandon() {
            condition.lock()
            abandoned = true
            condition.broadcast()
            condition.unlock()
        }

        /// The report, or nil once the workbook was abandoned without one.
        func awaitReport() -> WeeklyReport? {
            condition.lock()
            defer { condition.unlock() }
            while report == nil && !abandoned { condition.wait() }
            return report
        }
    }

    private let handOver: HandOver
    private let background: BackgroundFile

    /// Creates the temporary file (owner's mode, like every staged file) and starts writing
    /// the per-ticket sheet.
    init(period: ReportPeriod, tickets: PeriodTicketRows, besides target: URL) throws(ReportWriteError) {
        let file = AtomicFile.temporaryURL(for: target)
        try AtomicFile.writeNew([], to: file)
        let handOver = HandOver()
        self.handOver = handOver
        background = BackgroundFile(file) { file throws(ReportWriteError) in
            // A workbook that fails before reading every row no longer holds the rows' feed up.
            let workbook: StartedWorkbook
            do {
                defer { tickets.stopReading() }
                workbook = try StartedWorkbook(url: file, period: period, tickets: tickets)
            }
            if let report = handOver.awaitReport() { try workbook.complete(with: report) }
        }
    }

    /// Hands the report over: the other sheets are written from it.
    func complete(with report: WeeklyReport) { handOver.give(report) }

    /// Waits for the workbook, then renames it to `temporary` (a file set's staged name).
    func moveInto(_ temporary: URL) throws(ReportWriteError) { try background.moveInto(temporary) }

    /// Stops a workbook that never got its report, waits for it and removes its file unless it
    /// was moved; call it on every path out.
    func finish() {
        handOver.abandon()
        background.finish()
    }

    // A workbook dropped without `finish()` would leave its thread waiting for a report for good.
    deinit { finish() }
}
