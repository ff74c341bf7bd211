import Foundation
import SLAModel
import SLAReports
import SLAStore

/// What a report wrote.
public struct ReportOutcome {
    /// Each period with its files, in the order written.
    public var periods: [(period: ReportPeriod, files: [URL])]
    /// The regenerated index, unless it was not asked for.
    public var index: URL?
    /// Tickets changed since the last recompute (their older results were used).
    public var ticketsAwaitingReplay: Int
}

/// Writes the SLA reports of periods from the last recompute: shared by `report` and `run`.
public enum ReportPipeline {
    /// Writes each period's files (renamed into place together), then the index.
    /// - Parameters:
    ///   - onWaiting: called with the number of tickets changed since the last recompute, when there are any,
    ///     before anything is written.
    ///   - onPeriodWritten: called after each period's files are in place.
    /// - Throws: `PipelineError` (no database or results, a bad period or target: exit 2; a file that cannot be
    ///   written: exit 1), or the store's errors.
    public static func write(database: String, request: ReportRequest, showProgress: Bool = false,
                             onWaiting: (Int) -> Void = { _ in }, onNote: (String) -> Void = { _ in },
                             onPeriodWritten: (ReportPeriod, [URL]) -> Void = { _, _ in }) throws -> ReportOutcome {
        LargeBlockRelease.start()
        guard FileManager.default.fileExists(atPath: database) else {
            throw PipelineError.badInput("\(database): no such database; run `slareport import` first")
        }
        let store = try TicketStore(path: database, readOnly: true)
        guard let run = try store.lastRecompute() else {
            throw PipelineError.badInput("\(database): no SLA results yet; run `slareport recompute` first")
        }
        guard (1 ... 100).contains(request.targetPercent) else {
            throw PipelineError.badInput("--target \(request.targetPercent): expected a percentage from 1 to 100")
        }
        if let obstacle = ReportWriter.folderObstacle(request.output) {
            throw PipelineError.badInput("--output: \(obstacle); expected a folder for the reports (it is created if missing)")
        }
        // The periods first: a mistyped one is the only message, not one after a note.
        let periods = try choosePeriods(request, zone: request.zone ?? run.calendarZone ?? ReportRequest.fallbackZone,
                                        store: store, asOf: run.asOf)
        let waiting = try store.ticketsAwaitingReplay()
        if waiting > 0 { onWaiting(waiting) }
        // Read-only, this leaves an older database as it is: said when its results predate this version's rules.
        if let pending = UpgradeNote.pending(try store.migrationsPending(), database: database) { onNote(pending) }
        // Each period reads only its own tickets (and the trend's verdicts), not the whole database.
        let builder = try PeriodReportBuilder(store: store)
        // Redact before aggregating: HTML, CSV and XLSX are all built from the redacted metrics.
        let redactor = try RequesterRedaction.redactor(mode: request.redact, store: store, database: database)
        var redact: (@Sendable (TicketMetrics) -> TicketMetrics)?
        if let redactor { redact = { metrics in redactor.redact(metrics) } }
        let totals = try store.importTotals()
        var provenance = DataProvenance(
            importRuns: totals.runs, rowsRead: totals.rowsRead, rowsRejected: totals.rowsRejected,
            lastImportAt: totals.lastImport, policyName: run.policyName,
            recentFiles: try store.recentImportRuns(limit: 10).map {
                DataProvenance.ImportedFile(file: $0.file, format: $0.format, rowsRead: $0.rowsRead,
                                            rowsRejected: $0.rowsRejected, finishedAt: $0.finishedAt)
            })
        provenance.skippedByKind = try store.skippedRowsByKind()
        let options = ReportOptions(complianceTargetPercent: request.targetPercent)
        let directory = URL(fileURLWithPath: request.output)
        // Finish the file sets of a report killed mid-rename, drop its temporary files.
        ReportFileSet.recover(in: directory)
        // Interrupted, this run removes its own (`InterruptCleanup`).
        InterruptCleanup.add(named: "report files in " + directory.path) { ReportFileSet.removeOwnTemporaries(in: directory) }
        let progress = TerminalProgress(
            label: "report", unit: "periods", total: periods.count,
            enabled: periods.count > 1
                && TerminalProgress.shouldShow(quiet: !showProgress, standardErrorIsTerminal: TerminalProgress.standardErrorIsTerminal),
            checkEvery: 1)
        defer { progress.finish() }
        var written: [(period: ReportPeriod, files: [URL])] = []
        // A stop by a signal rebuilds the index for the periods written by then (its figures and
        // links were the earlier run's), even one stopped while renaming the first period's files
        // into place (the cleanup runs after the renames end); so does a failure after a period.
        let setsBefore = ReportFileSet.committedSets
        let indexOnStop = request.writeIndex ? InterruptCleanup.add {
            if ReportFileSet.committedSets > setsBefore { _ = DashboardIndex.regenerateWhileStopping(in: directory) }
            return 0  // it removes no file
        } : nil
        defer { if let indexOnStop { InterruptCleanup.remove(indexOnStop) } }
        var indexFailed = false
        do {
            for (done, period) in periods.enumerated() {
                progress.update(done)
                // The files start before the period's tickets are read: the workbook's per-ticket sheet
                // and the per-ticket CSV are written on threads of their own from the list as it is
                // read, while this thread reads and counts the tickets.
                var started: StartedReport
                do { started = try ReportWriter.start(period: period, formats: request.formats, in: directory) } catch {
                    throw PipelineError.failed("\(error)")
                }
                func makeReport(feed: PeriodTicketFeed?) throws -> WeeklyReport {
                    try builder.report(for: period, asOf: run.asOf, policyHash: String(run.policyHash.prefix(12)),
                                       provenance: provenance, options: options, redact: redact, feed: feed)
                }
                let report: WeeklyReport
                do {
                    report = try makeReport(feed: started.feed)
                } catch is PeriodReportBuilder.ListFedOutOfOrder {
                    // The files started have stopped (their list was abandoned) and go when replaced
                    // below; the report is made again holding its list.
                    report = try makeReport(feed: nil)
                    do {
                        started = try ReportWriter.start(period: period, tickets: report.tickets, formats: request.formats,
                                                         in: directory)
                    } catch {
                        throw PipelineError.failed("\(error)")
                    }
                }
                let files: [URL]
                do { files = try started.write(report) } catch {
                    throw PipelineError.failed("\(error)")
                }
                written.append((period, files))
                onPeriodWritten(period, files)
                CrashPoint.reach("period-written")
            }
            var index: URL?
            if request.writeIndex {
                do { index = try DashboardIndex.regenerate(in: directory) } catch {
                    indexFailed = true
                    throw PipelineError.failed("index.html was not rebuilt: \(error)")
                }
            }
            return ReportOutcome(periods: written, index: index, ticketsAwaitingReplay: waiting)
        } catch let error where !written.isEmpty {
            // Each period's files replaced its earlier ones as it was written: said, since "earlier
            // reports are unchanged" was not true of them (an index that could not be rebuilt).
            let labels = written.map(\.period.label)
            let periods = labels.count == 1 ? labels[0] : "\(labels.count) periods, \(labels[0]) to \(labels[labels.count - 1])"
            let cause = (error as? PipelineError)?.description ?? StoreError.plainDescription(of: error) ?? "\(error)"
            // The index then lists what the folder holds, not the earlier run's figures and files.
            var index = ""
            if request.writeIndex && !indexFailed {
                do {
                    _ = try DashboardIndex.regenerate(in: directory)
                    index = "; index.html lists them"
                } catch {
                    index = "; index.html was not rebuilt either: \(error)"
                }
            }
            throw PipelineError.partlyDone("the files of \(periods) were written (replacing any earlier ones); then \(cause)\(index)")
        }
    }

    /// The request's periods in `zone` (the request's, else its default), judged against the
    /// recompute's as-of instant.
    static func choosePeriods(_ request: ReportRequest, zone: String, store: TicketStore, asOf: Instant) throws -> [ReportPeriod] {
        do {
            let zoneRules = try ReportPeriod.zone(named: zone)
            switch request.periods {
            case .week(let week):
                return [try ReportPeriod.isoWeek(parsing: week, in: zoneRules)]
            case .month(let month):
                return [try ReportPeriod.month(parsing: month, in: zoneRules)]
            case .days(let from, let through):
                guard let from, let through else { throw PipelineError.badInput("--from and --to go together") }
                return [try ReportPeriod.days(parsingFrom: from, through: through, in: zoneRules)]
            case .allWeeks(let force):
                let first = try store.earliestTicketInstant() ?? asOf
                return try ReportPeriod.allISOWeeks(from: first, asOf: asOf, in: zoneRules,
                                                    limit: force ? nil : ReportPeriod.maximumAllWeeks)
            case .lastCompleteWeek:
                return [ReportPeriod.lastCompleteISOWeek(before: asOf, in: zoneRules)]
            }
        } catch let error as ReportPeriodError {
            throw PipelineError.badInput(error.description)
        }
    }
}
