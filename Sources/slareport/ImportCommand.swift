import ArgumentParser
import Foundation
import SLAModel
import SLAEngine
import SLAImport
import SLAStore
import SLAPipeline

extension ImportFormat: ExpressibleByArgument {}
extension RejectPolicy: ExpressibleByArgument {}

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import ticket exports into the database (all files in one transaction).",
        discussion: """
            Formats: osticket-queue (osTicket's queue CSV export), osticket-tickets and osticket-history (the \
            output of sample-data/osticket/export-tickets.sql and export-history.sql), tickets-csv and events-csv (the normalized format), json \
            (JSON array or JSON Lines), and profile: another system's log read through a mapping profile \
            (--profile FILE.yaml; sample-data/profiles/ holds examples). Files ending in .gz are decompressed on \
            the fly. Importing the same file twice changes nothing; a newer export updates tickets and events in place. \
            --osticket mysql://... runs both queries on osTicket's database itself (after the first pull, only for \
            the tickets changed since the last one) and imports their rows the same way.
            """)

    @OptionGroup var db: DatabaseOptions
    @OptionGroup var write: WriteOptions
    @Argument(help: "Export files to import.") var files: [String] = []
    @Option(help: ArgumentHelp("Pull tickets and history straight from osTicket's database: mysql://user@host:3306/osticket, or mysql://user@localhost/osticket?socket=/path. The password comes from SLAREPORT_DB_PASSWORD, MYSQL_PWD or an option file, never from the address.", valueName: "mysql-url"))
    var osticket: String?
    @Option(help: "osTicket's table prefix (with --osticket).") var tablePrefix = "ost_"
    @Option(help: "A MySQL option file ([client] user, password, host, socket) for --osticket, like ~/.my.cnf.")
    var defaultsFile: String?
    @Flag(help: "With --osticket: fetch every ticket, not only those changed since the last pull.") var fullPull = false
    @Option(help: ArgumentHelp("The files' format, or auto to detect it from the first line: auto, "
                               + ImportFormat.allCases.map(\.rawValue).joined(separator: ", ") + ".",
                               valueName: "format"))
    var format: String = "auto"
    @Option(help: "A mapping profile (YAML or JSON) for another system's log: columns, date format, status mapping.")
    var profile: String?
    @Option(help: "IANA time zone of date-times written without an offset (osTicket: the database server's zone). Default: the profile's zone, else UTC.")
    var sourceZone: String?
    @Option(help: "fail: stop at the first bad row and change nothing (exit 2); skip: import the good rows and write the rejects beside the database.")
    var onError: RejectPolicy = .fail
    @Option(help: "Accept instants from January 1 of the first year up to January 1 of the second (FIRST-END); others are bad values.")
    var acceptYears: String = AcceptedYears.standard.description
    @Flag(help: "Print nothing on success.") var quiet = false

    func run() throws {
        guard let accepted = AcceptedYears(acceptYears) else {
            throw UserFacingError(description: "--accept-years \(acceptYears): expected FIRST-END such as 1970-2100 (years 1 to 9999, FIRST before END)", exitCode: 2)
        }
        let mapping = try profile.map(ProfileSource.load)
        let chosen: ImportFormat?
        if format == "auto" { chosen = nil } else if let value = ImportFormat(rawValue: format) { chosen = value } else {
            throw UserFacingError(description: "--format \(format): expected auto or one of " + ImportFormat.allCases.map(\.rawValue).joined(separator: ", "), exitCode: 2)
        }
        if let chosen, mapping != nil, chosen != .profile {
            throw UserFacingError(description: "--profile reads the files through the profile; leave --format at auto (or profile)", exitCode: 2)
        }
        if chosen == .profile && mapping == nil {
            throw UserFacingError(description: "--format profile needs --profile FILE.yaml", exitCode: 2)
        }
        let inputs = files.map { ImportInput(path: $0, format: chosen, profile: mapping) }
        let lock = try write.begin(database: db.database)
        defer { lock.release() }
        if let osticket {
            let source = OsTicketSource(url: osticket, tablePrefix: tablePrefix, defaultsFile: defaultsFile, sourceZone: sourceZone)
            let outcome = try OsTicketPullImport.pullAndImport(source, files: inputs, database: db.database, sourceZone: sourceZone,
                                                               onError: onError, acceptedYears: accepted, full: fullPull,
                                                               showProgress: !quiet)
            if !quiet { OsTicketPullLines.print(outcome) }
            ImportCommand.printNotes(outcome.imported)
            return
        }
        guard !files.isEmpty else {
            throw UserFacingError(description: "nothing to import: name export files, or --osticket mysql://user@host/database", exitCode: 2)
        }
        let outcome = try ImportPipeline.importFiles(inputs, database: db.database, sourceZone: sourceZone, onError: onError,
                                                     acceptedYears: accepted, showProgress: !quiet)
        if !quiet { ImportCommand.printOutcome(outcome) }
        ImportCommand.printNotes(outcome)
    }

    /// Prints the import's notes on standard error (even with --quiet: they are about the data,
    /// not progress).
    static func printNotes(_ outcome: ImportOutcome) {
        for note in outcome.notes { printError("slareport: note: \(note)") }
        printRejects(outcome)
    }

    /// The note that rows were left out (`--on-error skip`) and where they went, on standard error
    /// even with --quiet: a cron job's mail must show that rows were not imported. One reject is a
    /// row, or a profile's case whose rows were skipped together.
    static func printRejects(_ outcome: ImportOutcome) {
        guard outcome.rejectedRows > 0 else { return }
        // A profile rejects a bad row's whole case as one reject: its rows are what the file lines count.
        let rows = outcome.files.map(\.run.rowsRejected).reduce(0, +)
        let ofRows = rows == outcome.rejectedRows ? "" : ", \(counted(rows, "row")) with their cases"
        printError("slareport: note: \(outcome.rejectedRows) reject\(outcome.rejectedRows == 1 ? "" : "s") (on_error: skip\(ofRows)) written to \(outcome.rejectsPath); the other rows were imported")
    }

    /// Prints one line per imported input, then where the rejected rows went.
    static func printOutcome(_ outcome: ImportOutcome) {
        for file in outcome.files {
            let (run, summary, detected) = (file.run, file.summary, file.formatDetected)
            var format = run.format + (detected ? " (detected)" : "")
            if let name = run.profile { format = "profile \(name)" }
            // The zone local times were read in is said: without --source-zone it is the profile's or UTC.
            var line = "\(run.file): \(format), local times in \(run.sourceZone), \(counted(run.rowsRead, "row")) read, \(run.rowsRejected) rejected; "
            if run.profile != nil {
                line += "\(counted(summary.tickets, "case")) -> \(counted(summary.events, "event")); "
            }
            line += "tickets \(run.ticketsInserted) new, \(run.ticketsUpdated) updated"
            if run.placeholdersInserted > 0 { line += ", \(run.placeholdersInserted) known from history only" }
            line += "; events \(run.eventsInserted) new, \(run.eventsUpdated) updated"
            if run.eventsDeleted > 0 { line += ", \(run.eventsDeleted) gone from the source and removed" }
            if run.rowsSkipped > 0 {
                // Valid rows that carry no lifecycle event: said, by kind, never dropped silently.
                let kinds = run.skippedByKind.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
                    .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                line += "; \(run.rowsSkipped) \(run.rowsSkipped == 1 ? "row is" : "rows are") no lifecycle event (\(kinds))"
            }
            print(line)
        }
    }
}
