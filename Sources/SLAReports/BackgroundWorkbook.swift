import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A report's workbook written on a thread of its own: it starts from the period's tickets
/// alone, before the report is aggregated, with the per-ticket sheet (most of the workbook at
/// scale, and the workbook is the largest of a period's files); the other sheets follow once
/// `complete(with:)` hands it the report, while the calling thread renders the HTML and CSV.
/// It goes to a temporary file of its own, which `moveInto` renames to the file set's
/// temporary, so the set's order, manifest and cleanup stay as they were.
final class BackgroundWorkbook: @unchecked Sendable {
    let file: URL
    private let done = DispatchSemaphore(value: 0)
    // Written by the worker before it signals `done`; read only after waiting for it.
    private var failure: ReportWriteError?
    private var finished = false
    // The hand-over of the report, under `handOver`.
    private let handOver = NSCondition()
    private var report: WeeklyReport?
    private var abandoned = false

    /// Creates the temporary file (owner's mode, like every staged file) and starts writing
    /// the per-ticket sheet.
    init(period: ReportPeriod, tickets: [PeriodTicket], besides target: URL) throws(ReportWriteError) {
        file = AtomicFile.temporaryURL(for: target)
        try AtomicFile.writeNew([], to: file)
        Thread.detachNewThread { [self] in
            do throws(ReportWriteError) {
                let workbook = try StartedWorkbook(url: file, period: period, tickets: tickets)
                if let report = awaitReport() { try workbook.complete(with: report) }
            } catch { failure = error }
            done.signal()
        }
    }

    /// Hands the report over: the other sheets are written from it.
    func complete(with report: WeeklyReport) {
        handOver.lock()
        self.report = report
        handOver.broadcast()
        handOver.unlock()
    }

    /// The report, or nil once the workbook was abandoned without one.
    private func awaitReport() -> WeeklyReport? {
        handOver.lock()
        defer { handOver.unlock() }
        while report == nil && !abandoned { handOver.wait() }
        return report
    }

    /// Waits for the workbook, then renames it to `temporary` (a file set's staged name).
    func moveInto(_ temporary: URL) throws(ReportWriteError) {
        try wait()
        guard rename(file.path, temporary.path) == 0 else {
            throw .cannotWrite(path: temporary.path, reason: AtomicFile.errnoText())
        }
    }

    /// Stops a workbook that never got its report, waits for the worker (once) and removes
    /// its file unless it was moved; call it on every path out, so no thread outlives the
    /// report and no temporary file is left behind.
    func finish() {
        handOver.lock()
        abandoned = true
        handOver.broadcast()
        handOver.unlock()
        _ = try? wait()
        unlink(file.path)
    }

    private func wait() throws(ReportWriteError) {
        if !finished {
            done.wait()
            finished = true
        }
        if let failure { throw failure }
    }
}
