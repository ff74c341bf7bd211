import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A report's workbook written on a thread of its own while the calling thread renders the
/// HTML and CSV files: the workbook is the largest of a period's files (about as long to
/// write as all the others together at 1M tickets), and the machine has a second core.
/// It goes to a temporary file of its own, which `moveInto` renames to the file set's
/// temporary, so the set's order, manifest and cleanup stay as they were.
final class BackgroundWorkbook: @unchecked Sendable {
    let file: URL
    private let done = DispatchSemaphore(value: 0)
    // Written by the worker before it signals `done`; read only after waiting for it.
    private var failure: ReportWriteError?
    private var finished = false

    /// Creates the temporary file (owner's mode, like every staged file) and starts writing.
    init(_ report: WeeklyReport, besides target: URL) throws(ReportWriteError) {
        file = AtomicFile.temporaryURL(for: target)
        try AtomicFile.writeNew([], to: file)
        Thread.detachNewThread { [self] in
            do throws(ReportWriteError) { try XLSXReportWriter.write(report, to: file) } catch { failure = error }
            done.signal()
        }
    }

    /// Waits for the workbook, then renames it to `temporary` (a file set's staged name).
    func moveInto(_ temporary: URL) throws(ReportWriteError) {
        try wait()
        guard rename(file.path, temporary.path) == 0 else {
            throw .cannotWrite(path: temporary.path, reason: AtomicFile.errnoText())
        }
    }

    /// Waits for the worker (once) and removes its file unless it was moved; call it on every
    /// path out, so no thread outlives the report and no temporary file is left behind.
    func finish() {
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
