import ArgumentParser
import Foundation
import SLAModel
import SLAEngine
import SLAReports
import SLAStore
import SLAPipeline

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the SLA report of a period as HTML, CSV and XLSX from the last recompute.",
        discussion: """
            The period defaults to the last complete ISO week before the recompute's as-of instant, in the \
            report time zone. Files are written to a temporary name and renamed, so readers never see half a file.
            """)

    @OptionGroup var db: DatabaseOptions
    @OptionGroup var write: WriteOptions
    @Option(help: "ISO week, e.g. 2025-W32.") var week: String?
    @Option(help: "Calendar month, e.g. 2025-08.") var month: String?
    @Option(help: "First day of a custom period (YYYY-MM-DD), with --to.") var from: String?
    @Option(help: "Last day of a custom period (YYYY-MM-DD), with --from.") var to: String?
    @Flag(help: "Every ISO week from the first ticket's to the as-of instant's (at most 520 without --force).") var allWeeks = false
    @Flag(help: "With --all-weeks, write more than 520 weeks.") var force = false
    @Option(help: "The report's time zone (periods start at its local midnight).") var zone: String = "America/New_York"
    @Option(help: "Output folder.") var output: String = "reports"
    @Option(help: "Comma-separated formats among html, csv, xlsx.") var format: String = "html,csv,xlsx"
    @Option(help: "Compliance target in percent; compliance below it is highlighted.") var target: Int = 90
    @Flag(help: "Do not regenerate OUTPUT/index.html.") var noIndex = false
    @OptionGroup var redaction: RedactionOptions
    @Flag(help: "Print nothing on success.") var quiet = false

    func run() throws {
        let formats = try Set(format.split(separator: ",").map { name -> ReportFormat in
            guard let value = ReportFormat(rawValue: name.trimmingCharacters(in: .whitespaces).lowercased()) else {
                throw UserFacingError(description: "--format \(format): expected formats among html, csv, xlsx", exitCode: 2)
            }
            return value
        })
        guard FileManager.default.fileExists(atPath: db.database) else {
            throw UserFacingError(description: "\(db.database): no such database; run `slareport import` first", exitCode: 2)
        }
        let lock = try write.begin(database: db.database)
        defer { lock.release() }
        let store = try TicketStore(path: db.database, readOnly: true)
        guard let run = try store.lastRecompute() else {
            throw UserFacingError(description: "\(db.database): no SLA results yet; run `slareport recompute` first", exitCode: 2)
        }
        let waiting = try store.ticketsAwaitingReplay()
        if waiting > 0 {
            printError("slareport: note: \(waiting) ticket\(waiting == 1 ? "" : "s") changed since the last recompute; this report uses their older results (run `slareport recompute` first)")
        }
        guard (1 ... 100).contains(target) else {
            throw UserFacingError(description: "--target \(target): expected a percentage from 1 to 100", exitCode: 2)
        }
        let periods: [ReportPeriod]
        do {
            let zoneRules = try ReportPeriod.zone(named: zone)
            if let week {
                periods = [try ReportPeriod.isoWeek(parsing: week, in: zoneRules)]
            } else if let month {
                periods = [try ReportPeriod.month(parsing: month, in: zoneRules)]
            } else if from != nil || to != nil {
                guard let from, let to else { throw UserFacingError(description: "--from and --to go together", exitCode: 2) }
                periods = [try ReportPeriod.days(parsingFrom: from, through: to, in: zoneRules)]
            } else if allWeeks {
                let first = try store.earliestTicketInstant() ?? run.asOf
                periods = try ReportPeriod.allISOWeeks(from: first, asOf: run.asOf, in: zoneRules,
                                                       limit: force ? nil : ReportPeriod.maximumAllWeeks)
            } else {
                periods = [ReportPeriod.lastCompleteISOWeek(before: run.asOf, in: zoneRules)]
            }
        } catch let error as ReportPeriodError {
            throw UserFacingError(description: error.description, exitCode: 2)
        }
        // Each period reads only its own tickets (and the trend's verdicts), not the whole database.
        let builder = try PeriodReportBuilder(store: store)
        // Redact before aggregating: HTML, CSV and XLSX are all built from the redacted metrics.
        let redactor = try redaction.redactor(store: store, database: db.database)
        let totals = try store.importTotals()
        var provenance = DataProvenance(
            importRuns: totals.runs, rowsRead: totals.rowsRead, rowsRejected: totals.rowsRejected,
            lastImportAt: totals.lastImport, policyName: run.policyName,
            recentFiles: try store.recentImportRuns(limit: 10).map {
                DataProvenance.ImportedFile(file: $0.file, format: $0.format, rowsRead: $0.rowsRead,
                                            rowsRejected: $0.rowsRejected, finishedAt: $0.finishedAt)
            })
        provenance.skippedByKind = try store.skippedRowsByKind()
        let options = ReportOptions(complianceTargetPercent: target)
        let directory = URL(fileURLWithPath: output)
        // Finish the file sets of a report killed mid-rename, drop its temporary files.
        ReportFileSet.recover(in: directory)
        let progress = TerminalProgress(
            label: "report", unit: "periods", total: periods.count,
            enabled: periods.count > 1
                && TerminalProgress.shouldShow(quiet: quiet, standardErrorIsTerminal: TerminalProgress.standardErrorIsTerminal),
            checkEvery: 1)
        defer { progress.finish() }
        for (done, period) in periods.enumerated() {
            progress.update(done)
            let report = try builder.report(for: period, asOf: run.asOf, policyHash: String(run.policyHash.prefix(12)),
                                            provenance: provenance, options: options,
                                            redact: redactor.map { redactor in { redactor.redact($0) } })
            let files: [URL]
            do { files = try ReportWriter.write(report, formats: formats, to: directory) } catch {
                throw UserFacingError(description: "\(error)")
            }
            if !quiet {
                print("\(period.label): " + files.map { $0.path }.joined(separator: ", "))
            }
        }
        if !noIndex {
            do {
                let index = try DashboardIndex.regenerate(in: directory)
                if !quiet { print("index: \(index.path)") }
            } catch {
                throw UserFacingError(description: "\(error)")
            }
        }
    }
}
