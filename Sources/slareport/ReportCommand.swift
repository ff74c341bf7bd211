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
        // The library's own usage line has too many options to print, and said only "<options>".
        usage: """
            slareport report [--database DB] [--week 2025-W32 | --month 2025-08 | --from DAY --to DAY | --all-weeks [--force]]
                             [--zone ZONE] [--output DIR] [--format html,csv,xlsx] [--target PERCENT] [--no-index]
                             [--redact requesters] [--wait SECONDS] [--file-mode 0600] [--quiet]
            """,
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
    @Option(help: "The report's time zone (periods start at its local midnight). Default: the zone of the recompute's policy's first business calendar, else America/New_York.")
    var zone: String?
    @Option(help: "Output folder.") var output: String = "reports"
    @Option(help: "Comma-separated formats among html, csv, xlsx.") var format: String = "html,csv,xlsx"
    @Option(help: "Compliance target, a whole percentage from 1 to 100; compliance below it is highlighted.",
            transform: { text in
                // "99.5" read "The value '99.5' is invalid" without saying what is valid (an analyst's trial).
                guard let percent = Int(text) else {
                    throw ValidationError("expected a whole percentage from 1 to 100, such as 90 (no decimals)")
                }
                return percent
            })
    var target: Int = 90
    @Flag(help: "Do not regenerate OUTPUT/index.html.") var noIndex = false
    @OptionGroup var redaction: RedactionOptions
    @Flag(help: "Print nothing on success.") var quiet = false

    func validate() throws {
        // One way to name the period: two would leave the user guessing which one was written.
        var named: [String] = []
        if week != nil { named.append("--week") }
        if month != nil { named.append("--month") }
        if from != nil || to != nil { named.append("--from/--to") }
        if allWeeks { named.append("--all-weeks") }
        if named.count > 1 {
            throw ValidationError("\(named.joined(separator: " and ")) each name the period; give one of --week, --month, --from/--to, --all-weeks")
        }
        if force && !allWeeks { throw ValidationError("--force only lifts --all-weeks' limit; add --all-weeks or drop --force") }
    }

    func run() throws {
        let formats = try ReportFormatList.parse(format)
        let lock = try write.beginExisting(database: db.database)
        defer { lock.release() }
        let periods: ReportRequest.Periods
        if let week {
            periods = .week(week)
        } else if let month {
            periods = .month(month)
        } else if from != nil || to != nil {
            periods = .days(from: from, through: to)
        } else if allWeeks {
            periods = .allWeeks(force: force)
        } else {
            periods = .lastCompleteWeek
        }
        let request = ReportRequest(periods: periods, zone: zone, output: output, formats: formats, targetPercent: target,
                                    writeIndex: !noIndex, redact: redaction.redact)
        let outcome = try ReportPipeline.write(database: db.database, request: request, showProgress: !quiet,
                                               onWaiting: Self.printAwaitingReplay,
                                               onNote: { printError("slareport: note: " + $0) },
                                               onPeriodWritten: quiet ? { _, _ in } : Self.printPeriod)
        if !quiet, let index = outcome.index { print("index: \(index.path)") }
    }

    /// The note (on standard error, even when quiet) that some tickets changed since the last recompute.
    static func printAwaitingReplay(_ waiting: Int) {
        printError("slareport: note: \(waiting) ticket\(waiting == 1 ? "" : "s") changed since the last recompute; this report uses their older results (run `slareport recompute` first)")
    }

    /// One period's line: its label and the files written.
    static func printPeriod(_ period: ReportPeriod, files: [URL]) {
        print("\(period.label): " + files.map { $0.path }.joined(separator: ", "))
    }
}
