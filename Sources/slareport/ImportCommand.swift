import ArgumentParser
import Foundation
import SLAModel
import SLAEngine
import SLAImport
import SLAStore
import SLAPipeline
import SLAReports

/// Feeds what a reader parses into the store's writer.
struct StoreSink: ImportSink {
    let writer: TicketWriter
    /// Shows the records written so far on a terminal (nil: nothing shown).
    var progress: TerminalProgress?
    var records = 0
    mutating func accept(ticket: Ticket, line: Int) throws {
        try writer.upsert(ticket)
        records += 1
        progress?.update(records)
    }
    mutating func accept(event: LifecycleEvent, line: Int) throws {
        try writer.upsert(event)
        records += 1
        progress?.update(records)
    }
    mutating func completeHistory(ofTicket number: String, identities: Set<String>, profile: String) throws {
        try writer.pruneEvents(ofTicket: number, keeping: identities, profile: profile)
    }
    mutating func profileRowStore() throws -> ProfileRowStore? { try ProfileRowTable(writer: writer) }
}

/// The store's table of profile rows is where the profile reader stages them.
extension ProfileRowTable: ProfileRowStore {}

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
    @Option(help: "The files' format, or auto to detect it from the first line.") var format: String = "auto"
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
        let mapping = try profile.map(ImportCommand.loadProfile)
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
            try OsTicketDatabaseImport.pullAndImport(source, files: inputs, database: db.database, sourceZone: sourceZone,
                                                     onError: onError, acceptedYears: accepted, full: fullPull, quiet: quiet)
            return
        }
        guard !files.isEmpty else {
            throw UserFacingError(description: "nothing to import: name export files, or --osticket mysql://user@host/database", exitCode: 2)
        }
        try ImportCommand.importFiles(inputs, database: db.database, sourceZone: sourceZone, onError: onError,
                                      acceptedYears: accepted, quiet: quiet)
    }

    /// One file to import, with its format (nil: detect) and mapping profile.
    struct ImportInput {
        var path: String
        var format: ImportFormat?
        var profile: MappingProfile?
        /// What to call the input in output and `import_runs` (a pulled file: the database's address).
        var label: String? = nil
        /// The zone of this input's times when it is known better than `--source-zone` says (a pull read it from the server).
        var sourceZone: String? = nil
    }

    static func loadProfile(_ path: String) throws -> MappingProfile {
        do { return try MappingProfile.load(path: path) } catch let error as ProfileError {
            throw UserFacingError(description: error.description, exitCode: 2)
        }
    }

    /// Imports every input in one transaction: all of them land, or (on a bad row with
    /// `--on-error fail`) none does. Shared by `import` and `run`.
    static func importFiles(_ inputs: [ImportInput], database: String, sourceZone requestedZone: String?,
                            onError: RejectPolicy, acceptedYears: AcceptedYears = .standard, quiet: Bool,
                            alsoInTransaction: (TicketWriter) throws -> Void = { _ in }) throws {
        for input in inputs {
            let zone = input.sourceZone ?? requestedZone ?? input.profile?.zone ?? "UTC"
            guard ZoneRules.named(zone) != nil else {
                throw UserFacingError(description: "--source-zone \(zone): unknown time zone (expected an IANA name such as America/New_York)", exitCode: 2)
            }
        }
        for input in inputs {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                throw UserFacingError(description: "\(input.path): " + (isDirectory.boolValue ? "is a folder; expected an export file" : "no such file"), exitCode: 2)
            }
        }
        let store = try TicketStore(path: database)
        // Every file's checksum is computed on its own thread while the files are imported.
        let checksums = inputs.map { BackgroundChecksum(path: $0.path) }
        var rejects: [ImportIssue] = []
        let runs: [(ImportRunFigures, ReadSummary, Bool)]
        do {
            runs = try store.write { writer in
                // Into an empty database, secondary indexes are built after the load.
                try writer.beginBulkLoad()
                let runs = try zip(inputs, checksums).map { input, checksum in
                    let zone = input.sourceZone ?? requestedZone ?? input.profile?.zone ?? "UTC"
                    let options = ImportOptions(sourceZone: zone, onError: onError, profile: input.profile,
                                                acceptedYears: acceptedYears)
                    var figures = ImportRunFigures(file: input.label ?? input.path, sha256: "", format: "",
                                                   profile: input.profile?.name, sourceZone: zone, startedAt: .now)
                    try writer.beginRun(figures)
                    let progress = TerminalProgress(
                        label: "import " + URL(fileURLWithPath: input.path).lastPathComponent, unit: "rows",
                        total: TerminalProgress.estimatedRows(ofFile: input.path),
                        enabled: TerminalProgress.shouldShow(quiet: quiet, standardErrorIsTerminal: TerminalProgress.standardErrorIsTerminal))
                    defer { progress.finish() }
                    var sink = StoreSink(writer: writer, progress: progress)
                    let summary = try PipelinedFileImporter.read(path: input.path, format: input.format, options: options,
                                                                  into: &sink)
                    // Hashed on its own thread while the file was read (finishRun records it).
                    do { figures.sha256 = try checksum.value() } catch {
                        throw UserFacingError(description: "\(error)", exitCode: 2)
                    }
                    figures.format = summary.format.rawValue
                    figures.rowsRead = summary.rowsRead
                    figures.rowsRejected = summary.rowsRejected
                    figures.skippedByKind = summary.skipped
                    figures.finishedAt = .now
                    // A pulled file is temporary: its issues name the database's address instead.
                    rejects += summary.rejected.map { issue in
                        var named = issue
                        if let label = input.label { named.file = label }
                        return named
                    }
                    let run = try writer.finishRun(figures)
                    return (run, summary, input.format == nil && input.profile == nil)
                }
                try alsoInTransaction(writer)
                try writer.finishBulkLoad()
                return runs
            }
        } catch let error as ImportError {
            var message = error.description
            for input in inputs { if let label = input.label { message = message.replacingOccurrences(of: input.path, with: label) } }
            throw UserFacingError(description: "import failed, the database is unchanged:\n" + message, exitCode: 2)
        }
        let rejectsPath = database + ".rejects.csv"
        if !rejects.isEmpty {
            try writeRejects(rejects, to: rejectsPath)
        } else if FileManager.default.fileExists(atPath: rejectsPath) {
            // The rejects file describes the last import only; a clean import clears it.
            try? FileManager.default.removeItem(atPath: rejectsPath)
        }
        guard !quiet else { return }
        for (run, summary, detected) in runs {
            var format = run.format + (detected ? " (detected)" : "")
            if let name = run.profile { format = "profile \(name)" }
            var line = "\(run.file): \(format), \(run.rowsRead) rows read, \(run.rowsRejected) rejected; "
            if run.profile != nil {
                line += "\(summary.tickets) cases -> \(summary.events) events; "
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
        if !rejects.isEmpty { print("\(rejects.count) rejected rows written to \(rejectsPath)") }
    }

    static func writeRejects(_ issues: [ImportIssue], to rejectsPath: String) throws {
        func quote(_ text: String) -> String {
            let neutral = text.first.map { "=+-@\t\r".contains($0) } == true ? "'" + text : text
            return "\"" + neutral.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        var text = "file,line,column,column_name,value,expected\n"
        for issue in issues {
            text += [quote(issue.file), String(issue.line), issue.column.map(String.init) ?? "",
                     quote(issue.columnName ?? ""), quote(issue.value ?? ""), quote(issue.expected)].joined(separator: ",") + "\n"
        }
        // A new temporary name (O_EXCL, O_NOFOLLOW), then a rename: a symlink planted at
        // any name beside the database is never followed.
        AtomicFile.removeStaleTemporaries(of: URL(fileURLWithPath: rejectsPath))
        do { try AtomicFile.write(text, to: URL(fileURLWithPath: rejectsPath)) } catch {
            throw UserFacingError(description: "\(rejectsPath): cannot write the rejects file: \(error)")
        }
    }
}
