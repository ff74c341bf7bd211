import Foundation
import SLAModel
import SLAEngine
import SLAImport
import SLAStore

/// Imports export files into the store: shared by `import`, `import --osticket`, `run` and the benchmarks.
public enum ImportPipeline {
    /// Imports every input in one transaction: all of them land, or (on a bad row with
    /// `onError: .fail`) none does and the database is unchanged. Rejected rows (with `.skip`)
    /// are written beside the database; a clean import removes an older rejects file.
    ///
    /// - Parameters:
    ///   - requestedZone: the zone of times without an offset (`--source-zone`); an input's own
    ///     zone, then its profile's, then UTC apply when nil.
    ///   - showProgress: draw progress on standard error (only when it is a terminal).
    ///   - alsoInTransaction: more writes that must land with the rows (a pull's watermark).
    /// - Throws: `PipelineError` (bad input, exit 2; the database is unchanged), or the store's errors.
    public static func importFiles(_ inputs: [ImportInput], database: String, sourceZone requestedZone: String?,
                                   onError: RejectPolicy, acceptedYears: AcceptedYears = .standard,
                                   showProgress: Bool = false,
                                   alsoInTransaction: (TicketWriter) throws -> Void = { _ in }) throws -> ImportOutcome {
        for input in inputs {
            let zone = input.sourceZone ?? requestedZone ?? input.profile?.zone ?? "UTC"
            guard ZoneRules.named(zone) != nil else {
                throw PipelineError.badInput("--source-zone \(zone): unknown time zone (expected an IANA name such as America/New_York)")
            }
        }
        for input in inputs {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                throw PipelineError.badInput("\(input.path): " + (isDirectory.boolValue ? "is a folder; expected an export file" : "no such file"))
            }
        }
        try refuseProfileFilesThatWouldCollide(inputs)
        // Nothing at the path yet: the database is built beside it without the log's double
        // write, then renamed into place. Otherwise the existing file is opened (and checked).
        let newFile = try NewDatabaseFile.begin(at: database)
        let store = newFile == nil ? try TicketStore(path: database) : nil
        // Every file's checksum is computed on its own thread while the files are imported.
        let checksums = inputs.map { BackgroundChecksum(path: $0.path) }
        defer { for checksum in checksums { checksum.finish() } }
        var rejects: [ImportIssue] = []
        // A first import builds the database beside its path: on failure there is none.
        let failedOutcome = newFile == nil ? "the database is unchanged" : "no database was created at \(database)"
        let files: [ImportOutcome.File]
        let rejectsPath = RejectsFile.path(forDatabase: database)
        // Written before the commit, put in place after it (`RejectsFile.stage`).
        var stagedRejects: RejectsFile.Staged?
        defer { if let stagedRejects { RejectsFile.discard(stagedRejects) } }
        do {
            // Unchecked foreign keys: every id the writer stores it read or inserted in this transaction.
            let load = { (writer: TicketWriter) in
                let loaded = try loadFiles(inputs, checksums: checksums, sourceZone: requestedZone, onError: onError,
                                           acceptedYears: acceptedYears, showProgress: showProgress, into: writer,
                                           rejects: &rejects, alsoInTransaction: alsoInTransaction)
                if !rejects.isEmpty {
                    do { stagedRejects = try RejectsFile.stage(rejects, for: rejectsPath) } catch {
                        throw PipelineError.failed("import failed, \(failedOutcome): \(error)")
                    }
                    // Into an existing database the import lands at this transaction's commit (a new
                    // one at its rename, below).
                    if newFile == nil, let stagedRejects { RejectsFile.markCommitted(stagedRejects, with: writer) }
                }
                return loaded
            }
            if let newFile {
                files = try newFile.write(checkingForeignKeys: false, load)
                try newFile.finish()
                if let stagedRejects { RejectsFile.markCommitted(stagedRejects) }
            } else {
                files = try store!.write(checkingForeignKeys: false, load)
            }
        } catch let error as ImportError {
            var message = error.description
            for input in inputs { if let label = input.label { message = message.replacingOccurrences(of: input.path, with: label) } }
            throw PipelineError.badInput("import failed, \(failedOutcome):\n" + message)
        } catch let error where StoreError.plainDescription(of: error) != nil {
            // A disk that filled up at the commit: one line naming the step, not SQLite's statement.
            throw PipelineError.failed("import failed, \(failedOutcome): " + StoreError.plainDescription(of: error)!)
        }
        if let staged = stagedRejects {
            stagedRejects = nil
            try RejectsFile.commit(staged)
        } else {
            // A rejects file staged by an import killed before its rename (kill -9) is removed.
            RejectsFile.removeStaleTemporaries(of: rejectsPath)
            // The rejects file describes the last import only; a clean import clears it.
            try? FileManager.default.removeItem(atPath: rejectsPath)
        }
        var outcome = ImportOutcome(files: files, rejectedRows: rejects.count, rejectsPath: rejectsPath)
        if let store, let upgraded = UpgradeNote.applied(store.upgradedBy, database: database) { outcome.notes.append(upgraded) }
        // (A first import into a new file has no earlier runs.)
        // After the commit: a failed lookup must not turn a landed import into an error.
        for file in files {
            if let store, let moved = try? zoneChange(of: file, in: store) {
                outcome.notes.append(moved)
            } else {
                // (A file read in another zone moves its times, earlier or later: the zone's note says why.)
                if let older = olderRows(of: file) { outcome.notes.append(older) }
                if let later = laterStarts(of: file) { outcome.notes.append(later) }
            }
            if let repeated = repeatedEvents(of: file) { outcome.notes.append(repeated) }
            if let early = eventsBeforeCreation(of: file) { outcome.notes.append(early) }
            outcome.notes += absentColumnNotes(of: file)
            if file.run.rowsRead == 0 {
                // A cron job's export that came out empty (its query failed, a filter matched
                // nothing) imports nothing with exit 0: said, so the log shows it.
                outcome.notes.append("\(file.run.file): no rows after its header, so nothing was imported from it; if the export should have had rows, check the job that wrote it")
            }
        }
        return outcome
    }

    /// What a file without some of the known columns did: its tickets keep their stored values of
    /// those fields (an export whose agent unticked "Team Assigned" blanked every stored team,
    /// exit 0), and what was derived instead.
    static func absentColumnNotes(of file: ImportOutcome.File) -> [String] {
        var notes: [String] = []
        let absent = file.summary.absentColumns
        if !absent.isEmpty, file.run.rowsRead > 0 {
            let names = absent.map { "\"\($0)\"" }
            let list = names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " or " + names.last!
            notes.append("\(file.run.file): no \(list) column; the tickets it updated keep the values earlier imports stored "
                         + "for \(absent.count == 1 ? "it" : "them"), and tickets new to the database have none")
        }
        if file.run.rowsRead > 0 { notes += file.summary.derivedColumns.map { "\(file.run.file): \($0)" } }
        return notes
    }

    /// Refuses profile inputs of one import that would lose or double rows:
    /// - a profile without `files:` reads each file as the whole export, so a second file of the
    ///   same import would replace the first one's rows of the cases both name (slices of a split
    ///   audit log lost each other's rows, exit 0); the error names the two ways to say what they are;
    /// - through a profile with file roles, the files of one role in one import are one log, so one
    ///   file named twice would count its rows twice. (Other formats read it again, changing nothing.)
    static func refuseProfileFilesThatWouldCollide(_ inputs: [ImportInput]) throws {
        var named: Set<String> = []
        for input in inputs where input.profile.map({ !$0.roles.isEmpty }) ?? false
            && !named.insert(URL(fileURLWithPath: input.path).standardizedFileURL.path).inserted {
            throw PipelineError.badInput("\(input.label ?? input.path): named twice in one import through the profile \"\(input.profile!.name)\", whose files of one role are read as one log")
        }
        var files: [String: [String]] = [:]
        for input in inputs {
            guard let profile = input.profile, profile.roles.isEmpty else { continue }
            files[profile.name, default: []].append(input.label ?? input.path)
        }
        guard let (name, paths) = files.filter({ $0.value.count > 1 }).min(by: { $0.key < $1.key }) else { return }
        throw PipelineError.badInput("""
            the profile "\(name)" has no files: roles, so it reads each file as the whole export, and this import names \(paths.count) \
            (\(paths.joined(separator: ", "))): each would replace the others' rows of the cases they share. If they are slices \
            of one log, give the profile a role that matches them all (files: {log: {match: "*.csv"}}) and they are read as one; \
            if each is a newer copy of the whole export, import only the newest
            """)
    }

    /// A file that gave one event's key twice with other values (the same osTicket thread event or
    /// entry id on two rows): the later row's values were kept, said rather than left to be found.
    static func repeatedEvents(of file: ImportOutcome.File) -> String? {
        let run = file.run
        guard let first = run.firstRepeatedEvent else { return nil }
        let one = run.eventsRepeatedWithOtherValues == 1
        return "\(run.file): " + (one ? "1 row repeated an event of an earlier row" : "\(run.eventsRepeatedWithOtherValues) rows repeated events of earlier rows")
            + " with other values (the same source id; first: ticket \(first.ticketNumber), \(first.identity)): "
            + "the later row's values were kept and the earlier row's are not in the database"
    }

    /// A file whose ticket rows were older than the stored ones (an older export imported after a
    /// newer one): the tickets now hold the file's older values, said rather than left to be found.
    static func olderRows(of file: ImportOutcome.File) -> String? {
        let run = file.run
        guard let first = run.firstMadeOlder else { return nil }
        let one = run.ticketsMadeOlder == 1
        return "\(run.file): " + (one ? "1 ticket row was older than the stored one by its last update"
                                       : "\(run.ticketsMadeOlder) ticket rows were older than the stored ones by their last update")
            + Self.example(first.number, file: first.fileLastUpdate, stored: first.storedLastUpdate, what: "") + ": "
            + (one ? "the ticket now holds" : "those tickets now hold") + " the file's older values; if this export is "
            + "older than the last one imported, import the newest one again"
    }

    /// ` (ticket N: WHAT FILE in the file, STORED stored)`.
    private static func example(_ number: String, file: Instant, stored: Instant, what: String) -> String {
        " (ticket \(number): \(what)\(file.iso8601) in the file, \(stored.iso8601) stored)"
    }

    /// Stored tickets that the file starts later: it lacks their first rows, which it replaced (a
    /// log split in two and imported in two runs lost the first half's rows of the cases both
    /// halves had, exit 0: a stranger's trial).
    static func laterStarts(of file: ImportOutcome.File) -> String? {
        guard let first = file.run.firstStartingLater else { return nil }
        let one = file.run.ticketsStartingLater == 1
        return "\(file.run.file): " + (one ? "1 ticket starts" : "\(file.run.ticketsStartingLater) tickets start") + " later in it than stored"
            + Self.example(first.number, file: first.fileCreatedAt, stored: first.storedCreatedAt, what: "created ")
            + ", so " + (one ? "its" : "their") + " earlier rows were replaced by the file's; "
            + "if the file is one slice of a log (the rows of a period), not the whole export, import every slice together "
            + "in one run (through a profile, as one role's files: `files:`), and import them again now"
    }

    /// Events earlier than their ticket's creation, which the replay counts at the creation (a
    /// response there is a first response in 0 s): an events file read in another zone than its
    /// tickets, or a wall time of the hour a fall-back repeats (a stranger's trial: silent).
    static func eventsBeforeCreation(of file: ImportOutcome.File) -> String? {
        guard let first = file.run.firstEventBeforeCreation else { return nil }
        let one = file.run.eventsBeforeCreation == 1
        return "\(file.run.file): " + (one ? "1 event comes" : "\(file.run.eventsBeforeCreation) events come")
            + " before \(one ? "its" : "their") ticket's creation (ticket \(first.ticketNumber): \(first.kind.rawValue) at "
            + "\(first.time.iso8601), created \(first.ticketCreatedAt.iso8601)); the replay counts \(one ? "it" : "them") at the "
            + "creation: check that each file is read in the zone it was written in (--source-zone), and write the times of an hour "
            + "a fall-back repeats with their UTC offset"
    }

    /// A file read in another zone than its previous import, that changed stored tickets or
    /// events: its local times now mean other instants, said rather than left to be found.
    static func zoneChange(of file: ImportOutcome.File, in store: TicketStore) throws -> String? {
        let run = file.run
        guard run.ticketsUpdated + run.eventsUpdated > 0 else { return nil }
        // The same file typed another way (`./a.csv`, its absolute path) or the same content elsewhere.
        let absolute = URL(fileURLWithPath: run.file).standardizedFileURL.path
        guard let earlier = try store.sourceZoneOfEarlierImport(named: Array(Set([run.file, absolute])), sha256: run.sha256,
                                                                before: run.id),
              earlier != run.sourceZone else { return nil }
        return "\(run.file) was read in \(run.sourceZone), its previous import in \(earlier): the local times of "
            + "\(run.ticketsUpdated) updated tickets and \(run.eventsUpdated) updated events now mean other instants "
            + "(import it with the source zone \(earlier) to read it as before)"
    }

    /// Loads every input through `writer`, inside the import's one transaction.
    private static func loadFiles(_ inputs: [ImportInput], checksums: [BackgroundChecksum], sourceZone requestedZone: String?,
                                  onError: RejectPolicy, acceptedYears: AcceptedYears, showProgress: Bool,
                                  into writer: TicketWriter, rejects: inout [ImportIssue],
                                  alsoInTransaction: (TicketWriter) throws -> Void) throws -> [ImportOutcome.File] {
        // Into an empty database, the events' secondary indexes are built after the load, and the
        // tickets' too when a profile writes its tickets beside their events (`beginBulkLoad`).
        try writer.beginBulkLoad(deferringTicketIndexes: inputs.contains { $0.profile != nil })
        let files = try zip(inputs, checksums).map { input, checksum in
            let zone = input.sourceZone ?? requestedZone ?? input.profile?.zone ?? "UTC"
            let options = ImportOptions(sourceZone: zone, onError: onError, profile: input.profile,
                                        acceptedYears: acceptedYears,
                                        profileScope: try input.profile.map { try writer.profileScope(named: $0.name) })
            var figures = ImportRunFigures(file: input.label ?? input.path, sha256: "", format: "",
                                           profile: input.profile?.name, sourceZone: zone, startedAt: .now)
            try writer.beginRun(figures)
            let showsProgress = TerminalProgress.shouldShow(quiet: !showProgress,
                                                            standardErrorIsTerminal: TerminalProgress.standardErrorIsTerminal)
            // The estimate reads the file's first 256 kB: only worth it when progress is drawn.
            let progress = TerminalProgress(
                label: "import " + URL(fileURLWithPath: input.path).lastPathComponent, unit: "rows",
                total: showsProgress ? TerminalProgress.estimatedRows(ofFile: input.path) : nil,
                enabled: showsProgress)
            defer { progress.finish() }
            var sink = StoreSink(writer: writer, progress: progress)
            let summary = try PipelinedFileImporter.read(path: input.path, format: input.format, options: options,
                                                          into: &sink)
            // Hashed on its own thread while the file was read (finishRun records it).
            do { figures.sha256 = try checksum.value() } catch {
                throw PipelineError.badInput("\(error)")
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
            return ImportOutcome.File(run: run, summary: summary,
                                      formatDetected: input.format == nil && input.profile == nil)
        }
        try alsoInTransaction(writer)
        try writer.finishBulkLoad()
        return files
    }
}
