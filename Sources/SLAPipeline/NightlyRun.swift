import Foundation
import SLAEngine
import SLAImport
import SLAReports
import SLAStore

/// The nightly job of `run`: import, recompute, report, from one configuration. Each step is
/// atomic (the import is one transaction, the recompute another, a period's reports are renamed
/// into place together), the run as a whole is not: a failed report keeps the import and
/// recompute. Overlapping runs on the same database wait for each other through its lock.
public struct NightlyRun {
    /// What the caller hears as the steps go (the executable prints it with `--verbose`).
    public struct Observer {
        public var imported: (ImportOutcome) -> Void = { _ in }
        public var pulled: (OsTicketPullImport.Outcome) -> Void = { _ in }
        public var recomputed: (RecomputeOutcome) -> Void = { _ in }
        /// Tickets changed since the last recompute when the report started (said even when quiet).
        public var awaitingReplay: (Int) -> Void = { _ in }
        public var periodWritten: (ReportPeriod, [URL]) -> Void = { _, _ in }
        public var indexWritten: (URL) -> Void = { _ in }
        public init() {}
    }

    public var configuration: RunConfiguration
    /// The configuration file's path, named in messages about its values.
    public var configurationPath: String

    public init(configuration: RunConfiguration, configurationPath: String) {
        self.configuration = configuration
        self.configurationPath = configurationPath
    }

    /// Runs the three steps under the database's lock.
    /// - Throws: `PipelineError`: the import's own errors as they are; a later step's prefixed with the
    ///   step's name and what the earlier steps left.
    public func run(showProgress: Bool = false, observer: Observer = Observer()) throws {
        // Every value is checked before the first step: a mistake in the file stops the run
        // with the database and the reports as they were, not after the import landed.
        try checkValues()
        // The steps open the database one after another under the lock: one damage check serves all.
        try TicketStore.checkingEachFileOnce { try runSteps(showProgress: showProgress, observer: observer) }
    }

    private func runSteps(showProgress: Bool, observer: Observer) throws {
        let lock = try WriteAccess.begin(database: configuration.database,
                                         waitSeconds: configuration.lockWait ?? WriteAccess.defaultWaitSeconds,
                                         fileMode: configuration.fileMode ?? "0600")
        defer { lock.release() }
        let inputs = try importInputs()
        // All inputs in one transaction: a bad file leaves the database as it was.
        if let osticket = configuration.osticket {
            // The pull's rows and the files land in one transaction, with the pull's watermark.
            observer.pulled(try OsTicketPullImport.pullAndImport(
                osticket, files: inputs, database: configuration.database, sourceZone: configuration.sourceZone,
                onError: configuration.onError, acceptedYears: configuration.acceptedYears, full: false, showProgress: showProgress))
        } else {
            observer.imported(try ImportPipeline.importFiles(
                inputs, database: configuration.database, sourceZone: configuration.sourceZone, onError: configuration.onError,
                acceptedYears: configuration.acceptedYears, showProgress: showProgress))
        }
        try Self.step("recompute", kept: "the import was kept; no stored result was changed") {
            observer.recomputed(try RecomputePipeline.recompute(
                database: configuration.database, policyPath: configuration.policy, zone: "America/New_York",
                asOf: configuration.asOf, replayAll: false, showProgress: showProgress))
        }
        try Self.step("report", kept: "the import and recompute were kept and earlier reports are unchanged; rerun after fixing this",
                      partly: "the import and recompute were kept; rerun after fixing this") {
            let request = ReportRequest(periods: reportPeriods, zone: configuration.reportZone,
                                        output: configuration.reportOutput,
                                        formats: try ReportFormatList.parse(configuration.formats.joined(separator: ",")),
                                        redact: configuration.redact)
            let outcome = try ReportPipeline.write(database: configuration.database, request: request,
                                                   showProgress: showProgress, onWaiting: observer.awaitingReplay,
                                                   onPeriodWritten: observer.periodWritten)
            if let index = outcome.index { observer.indexWritten(index) }
        }
    }

    /// Checks the values the steps read (zones, as-of, policy, report periods and formats, the
    /// inputs' formats and profiles), each error naming its place in the configuration file.
    /// - Throws: `PipelineError.badInput`.
    public func checkValues() throws {
        func bad(_ key: String, _ message: String) -> PipelineError {
            .badInput(configuration.message(about: key, in: configurationPath, message))
        }
        let zoneHint = "not a known time zone; expected an IANA name such as America/New_York or UTC"
        if let zone = configuration.sourceZone, ZoneRules.named(zone) == nil { throw bad("source_zone", "'\(zone)' is \(zoneHint)") }
        if let zone = configuration.osticket?.sourceZone, ZoneRules.named(zone) == nil {
            throw bad("osticket.source_zone", "'\(zone)' is \(zoneHint)")
        }
        // `data` needs the database; any other value is parsed as the recompute will parse it.
        let asOf = configuration.asOf
        if asOf != "data" {
            do { _ = try AsOfInstant.parse(asOf, store: nil) } catch {
                throw bad("as_of", "'\(asOf)': expected now, data, or an ISO 8601 instant with an offset such as 2025-09-01T00:00:00-04:00")
            }
        }
        if let policy = configuration.policy {
            do { _ = try PolicyFile.load(path: policy) } catch { throw bad("policy", "\(error)") }
        }
        // Without report.zone the periods are read as in UTC here: only their spelling is checked.
        guard let zone = ZoneRules.named(configuration.reportZone ?? "UTC") else {
            throw bad("report.zone", "'\(configuration.reportZone ?? "")' is \(zoneHint)")
        }
        // A file where the reports folder should be failed the report after the import and recompute (exit 1).
        if let obstacle = ReportWriter.folderObstacle(configuration.reportOutput) {
            throw bad("report.output", "\(obstacle); expected a folder for the reports (it is created if missing)")
        }
        let periodHint = "expected last-week, all-weeks, an ISO week such as 2025-W32 or a month such as 2025-08"
        do {
            switch reportPeriods {
            case .week(let text): _ = try ReportPeriod.isoWeek(parsing: text, in: zone)
            case .month(let text): _ = try ReportPeriod.month(parsing: text, in: zone)
            default: break
            }
        } catch {
            let found = configuration.periods
            // A week that does not exist says so; anything else was not a period at all.
            if case .weekOutOfRange = error { throw bad("report.periods", "\(error)") }
            throw bad("report.periods", "'\(found)': \(periodHint)")
        }
        if configuration.formats.isEmpty { throw bad("report.formats", "expected at least one of html, csv, xlsx") }
        for name in configuration.formats where ReportFormatList.format(named: name) == nil {
            throw bad("report.formats", "'\(name)' is not a report format; expected html, csv or xlsx")
        }
        _ = try importInputs()
    }

    /// The configuration's inputs with their formats and profiles resolved.
    func importInputs() throws -> [ImportInput] {
        try configuration.inputs.enumerated().map { index, input in
            let format: ImportFormat?
            if let name = input.format, name != "auto" {
                guard let value = ImportFormat(rawValue: name) else {
                    throw PipelineError.badInput(configuration.message(
                        about: "imports[\(index)].format", in: configurationPath,
                        "'\(name)' for \(input.path): expected auto or one of " + ImportFormat.allCases.map(\.rawValue).joined(separator: ", ")))
                }
                format = value
            } else {
                format = nil
            }
            let profile: MappingProfile?
            do { profile = try input.profile.map(ProfileSource.load) } catch let error as PipelineError {
                throw PipelineError.badInput(configuration.message(about: "imports[\(index)].profile", in: configurationPath, error.description))
            }
            // A missing file named at its line (after the values above: the import would name only the file).
            var isFolder: ObjCBool = false
            if !FileManager.default.fileExists(atPath: input.path, isDirectory: &isFolder) || isFolder.boolValue {
                let key = configuration.places["imports[\(index)].path"] != nil ? "imports[\(index)].path" : "imports[\(index)]"
                throw PipelineError.badInput(configuration.message(
                    about: key, in: configurationPath,
                    "\(input.path): " + (isFolder.boolValue ? "is a folder; expected an export file" : "no such file")))
            }
            return ImportInput(path: input.path, format: format, profile: profile)
        }
    }

    /// `periods:` of the configuration: last-week, all-weeks, an ISO week or a month.
    var reportPeriods: ReportRequest.Periods {
        switch configuration.periods {
        case "last-week": return .lastCompleteWeek
        case "all-weeks": return .allWeeks(force: false)
        case let period where period.contains("-W"): return .week(period)
        case let period: return .month(period)
        }
    }

    /// Runs a step after the import; on failure says which step failed and what the
    /// earlier steps left (each step is atomic on its own, the run as a whole is not).
    /// - Parameters:
    ///   - kept: what a failure of the step keeps, said after its name.
    ///   - partly: the same, for a failure after part of the step was done (which says what).
    static func step(_ name: String, kept: String, partly: String? = nil, _ body: () throws -> Void) throws {
        do { try body() } catch let error as PipelineError {
            let said: String
            if case .partlyDone = error { said = partly ?? kept } else { said = kept }
            throw error.withMessage { message in
                // The step's own "recompute failed, ...: cause" gives way to the run's wording.
                let cause = message.hasPrefix("\(name) failed, ")
                    ? message.range(of: ": ").map { String(message[$0.upperBound...]) } ?? message : message
                return "\(name) failed (\(said)): \(cause)"
            }
        } catch let error where StoreError.plainDescription(of: error) != nil {
            throw PipelineError.failed("\(name) failed (\(kept)): " + StoreError.plainDescription(of: error)!)
        }
    }
}
