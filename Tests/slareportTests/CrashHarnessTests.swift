import Foundation
import Testing
import SLAReports
import SLAStore

/// SIGKILLs the built slareport at random moments during import, recompute and report, and
/// checks what it leaves: the database passes `PRAGMA integrity_check` and holds either the
/// old state or the new one, and every report period is either wholly old or wholly new
/// (or has a committed manifest that the next run finishes). Half the kills are aimed at the
/// end of the uninterrupted run, where the commit and the renames happen.
///
/// The quick variant runs a few trials per stage; `scripts/crash-harness.sh` sets
/// `SLAREPORT_CRASH_TRIALS` for the full one.
@Suite(.serialized) struct CrashHarnessTests {
    static let trials = Int(ProcessInfo.processInfo.environment["SLAREPORT_CRASH_TRIALS"] ?? "") ?? 4
    static let sample = CommandLine_.repository.appendingPathComponent("sample-data")
    static func sampleFile(_ name: String) -> String { sample.appendingPathComponent("osticket/" + name).path }
    static let zone = ["--source-zone", "America/New_York"]

    /// What a stage's trials found.
    struct Figures: CustomStringConvertible {
        var stage: String
        var trials = 0
        var killedMidway = 0
        var finishedFirst = 0
        /// Database stages: killed while running, yet the new state was committed (the kill
        /// landed between the commit and the exit).
        var killedAfterCommit = 0
        var leftOld = 0
        var leftNew = 0
        /// Report stage: some periods new, the others old (each period whole).
        var leftPeriodsSplit = 0
        var manifestsFinished = 0
        var temporariesRemoved = 0
        var failures: [String] = []
        /// Kills at named crash points (the process stopped itself there), by point.
        var aimed: [String: Int] = [:]
        var uninterruptedSeconds = 0.0

        var description: String {
            "crash-harness \(stage): trials \(trials), killed midway \(killedMidway), finished before the kill \(finishedFirst), "
                + (stage == "report" ? "" : "killed after the commit \(killedAfterCommit), ")
                + "left old \(leftOld), left new \(leftNew), "
                + (stage == "report" ? "periods split old/new \(leftPeriodsSplit), " : "") + "manifests finished \(manifestsFinished), temporaries removed \(temporariesRemoved), "
                + String(format: "uninterrupted run %.2f s, ", uninterruptedSeconds)
                + "aimed kills " + aimed.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                + ", failures \(failures.count)"
        }
    }

    /// The database's content, to tell the old state from the new one.
    static func fingerprint(_ path: String) throws -> String {
        let store = try TicketStore(path: path)
        let check = try store.integrityCheck()
        guard check == "ok" else { return "integrity_check: " + check }
        let rows = try store.query("""
            SELECT (SELECT COUNT(*) FROM tickets), (SELECT COUNT(*) FROM events), (SELECT COUNT(*) FROM import_runs),
                   (SELECT COUNT(*) FROM recompute_runs), (SELECT COUNT(*) FROM sla_cycles),
                   (SELECT COALESCE(SUM(elapsed_seconds), 0) FROM sla_cycles),
                   (SELECT policy_hash FROM recompute_runs ORDER BY id DESC LIMIT 1),
                   (SELECT COUNT(*) FROM tickets WHERE needs_replay = 1)
            """).rows
        return rows.map { $0.map { $0 ?? "NULL" }.joined(separator: ",") }.joined(separator: ";")
    }

    static func copyDatabase(_ from: String, to: String) throws {
        for suffix in ["", "-wal", "-shm", ".lock"] { try? FileManager.default.removeItem(atPath: to + suffix) }
        try FileManager.default.copyItem(atPath: from, toPath: to)
    }

    static func copyFolder(_ from: String, to: String) throws {
        try? FileManager.default.removeItem(atPath: to)
        try FileManager.default.copyItem(atPath: from, toPath: to)
    }

    /// Runs `arguments` to completion and returns how long it took.
    static func timed(_ scratch: Scratch, _ arguments: [String]) throws -> Double {
        let started = Date()
        let result = try scratch.run(arguments)
        guard result.status == 0 else { throw CrashHarnessFailure(message: "\(arguments[0]) failed: \(result.error)") }
        return Date().timeIntervalSince(started)
    }

    struct CrashHarnessFailure: Error { var message: String }

    /// Starts `arguments`, kills it after `delay` seconds (if still running); true if killed.
    static func killAfter(_ scratch: Scratch, _ arguments: [String], delay: Double) throws -> Bool {
        let process = Process()
        process.executableURL = CommandLine_.executable
        process.arguments = arguments
        process.currentDirectoryURL = scratch.folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: delay)
        let killed = process.isRunning && kill(process.processIdentifier, SIGKILL) == 0
        process.waitUntilExit()
        return killed && process.terminationReason == .uncaughtSignal
    }

    /// How many kills each crash point gets: one in ten trials, at least one.
    static var aimedTrials: Int { max(1, trials / 10) }

    /// Starts `arguments` with `SLAREPORT_CRASH_POINT=point`, waits until the process stops
    /// itself there (`SIGSTOP`), runs `whileStopped`, and kills it. False if it exited without
    /// reaching the point.
    static func killAt(_ point: String, _ scratch: Scratch, _ arguments: [String],
                       whileStopped: () throws -> Void = {}) throws -> Bool {
        let process = Process()
        process.executableURL = CommandLine_.executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["SLAREPORT_CRASH_POINT": point]) { $1 }
        process.currentDirectoryURL = scratch.folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let pid = process.processIdentifier
        let deadline = Date().addingTimeInterval(120)
        var stopped = false
        while process.isRunning && Date() < deadline {
            // /proc/PID/stat: "pid (comm) STATE ..."; T is stopped.
            if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
               let close = stat.lastIndex(of: ")"), stat[stat.index(close, offsetBy: 2)] == "T" {
                stopped = true
                break
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        defer {
            kill(pid, SIGKILL)
            process.waitUntilExit()
        }
        if stopped { try whileStopped() }
        return stopped
    }

    /// Kill delays: half spread over the whole run, half aimed at its end (commit, renames;
    /// the window is wide because a loaded machine's runs vary in length).
    static func delay(trial: Int, duration: Double, random: inout SystemRandomNumberGenerator) -> Double {
        trial % 2 == 0 ? Double.random(in: 0 ... duration * 1.1, using: &random)
            : Double.random(in: duration * 0.75 ... duration * 1.2, using: &random)
    }

    /// Kills a database stage (import or recompute) `trials` times from the old state.
    static func databaseStage(_ name: String, _ scratch: Scratch, old: String, new: String,
                              _ arguments: [String]) throws -> Figures {
        var figures = Figures(stage: name)
        let oldPrint = try fingerprint(scratch.path(old)), newPrint = try fingerprint(scratch.path(new))
        guard oldPrint != newPrint else { throw CrashHarnessFailure(message: "\(name): old and new states are alike") }
        try copyDatabase(scratch.path(old), to: scratch.path("trial.sqlite"))
        figures.uninterruptedSeconds = try timed(scratch, arguments)
        var random = SystemRandomNumberGenerator()
        for trial in 0 ..< trials {
            try copyDatabase(scratch.path(old), to: scratch.path("trial.sqlite"))
            let delay = delay(trial: trial, duration: figures.uninterruptedSeconds, random: &random)
            let killed = try killAfter(scratch, arguments, delay: delay)
            figures.trials += 1
            if killed { figures.killedMidway += 1 } else { figures.finishedFirst += 1 }
            let found: String
            do { found = try fingerprint(scratch.path("trial.sqlite")) } catch {
                figures.failures.append("trial \(trial) (kill at \(delay) s): cannot open: \(error)")
                continue
            }
            if found == newPrint && killed { figures.killedAfterCommit += 1 }
            if found == oldPrint { figures.leftOld += 1 } else if found == newPrint { figures.leftNew += 1 } else {
                figures.failures.append("trial \(trial) (kill at \(delay) s): neither old nor new: \(found)")
            }
        }
        // Aimed: just before the commit (the old state must remain), just after (the new).
        for (point, expected) in [("before-commit", oldPrint), ("after-commit", newPrint)] {
            for _ in 0 ..< aimedTrials {
                try copyDatabase(scratch.path(old), to: scratch.path("trial.sqlite"))
                guard try killAt(point, scratch, arguments) else {
                    figures.failures.append("\(point): the run never reached it")
                    continue
                }
                figures.aimed[point, default: 0] += 1
                let found = try fingerprint(scratch.path("trial.sqlite"))
                if found != expected { figures.failures.append("killed at \(point): expected the \(point == "before-commit" ? "old" : "new") state, found \(found)") }
            }
        }
        return figures
    }

    /// Which generations (by index) each file of the folder matches, by period stem.
    static func periodFiles(_ folder: String) -> [String: [String]] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        var periods: [String: [String]] = [:]
        for name in names where !name.hasPrefix(".") && !name.hasSuffix(".tmp") && name != "index.html" {
            let stem = name.split(separator: "-").suffix(2).joined(separator: "-").split(separator: ".").first.map(String.init) ?? name
            periods[stem, default: []].append(name)
        }
        return periods
    }

    /// Periods whose files are not all from one generation (old or new).
    static func mixedPeriods(_ folder: String, old: String, new: String) -> [String] {
        var mixed: [String] = []
        for (period, files) in periodFiles(folder) {
            var candidates: Set<String> = ["old", "new"]
            for file in files {
                let bytes = FileManager.default.contents(atPath: folder + "/" + file)
                var matches: Set<String> = []
                if bytes != nil && bytes == FileManager.default.contents(atPath: old + "/" + file) { matches.insert("old") }
                if bytes != nil && bytes == FileManager.default.contents(atPath: new + "/" + file) { matches.insert("new") }
                candidates.formIntersection(matches)
            }
            if candidates.isEmpty || files.count != periodFiles(new)[period]?.count { mixed.append(period) }
        }
        return mixed.sorted()
    }

    /// Checks the output folder after a kill: a mixed period only with its manifest; after
    /// the next run's recovery no mixed period and no leftovers.
    static func checkReports(_ what: String, old: String, new: String, out: String, figures: inout Figures) {
        let manifests = ((try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []).filter { $0.hasSuffix(".pending") }
        for period in mixedPeriods(out, old: old, new: new) where !manifests.contains(where: { $0.contains(period) }) {
            figures.failures.append("\(what): period \(period) mixes old and new files with no manifest: \(periodFiles(out)[period] ?? [])")
        }
        let recovered = ReportFileSet.recover(in: URL(fileURLWithPath: out))
        figures.manifestsFinished += recovered.finished
        figures.temporariesRemoved += recovered.removed
        let mixedAfter = mixedPeriods(out, old: old, new: new)
        if !mixedAfter.isEmpty { figures.failures.append("\(what): after recovery, mixed periods \(mixedAfter)") }
        let leftovers = ((try? FileManager.default.contentsOfDirectory(atPath: out)) ?? [])
            .filter { $0.hasSuffix(".tmp") || $0.hasSuffix(".pending") }
        if !leftovers.isEmpty { figures.failures.append("\(what): after recovery, leftovers \(leftovers)") }
    }

    /// Kills `report --all-weeks` over an output folder holding the old reports.
    static func reportStage(_ scratch: Scratch, arguments: [String]) throws -> Figures {
        var figures = Figures(stage: "report")
        let old = scratch.path("reports-old"), new = scratch.path("reports-new"), out = scratch.path("reports-trial")
        try copyFolder(old, to: out)
        figures.uninterruptedSeconds = try timed(scratch, arguments)
        var random = SystemRandomNumberGenerator()
        for trial in 0 ..< trials {
            try copyFolder(old, to: out)
            let delay = delay(trial: trial, duration: figures.uninterruptedSeconds, random: &random)
            let killed = try killAfter(scratch, arguments, delay: delay)
            figures.trials += 1
            if killed { figures.killedMidway += 1 } else { figures.finishedFirst += 1 }
            checkReports("trial \(trial) (kill at \(delay) s)", old: old, new: new, out: out, figures: &figures)
            func all(like reference: String) -> Bool {
                let periods = periodFiles(out)
                return periods.count == periodFiles(reference).count && periods.values.allSatisfy { files in
                    files.allSatisfy { FileManager.default.contents(atPath: out + "/" + $0) == FileManager.default.contents(atPath: reference + "/" + $0) }
                }
            }
            if all(like: new) { figures.leftNew += 1 } else if all(like: old) { figures.leftOld += 1 } else { figures.leftPeriodsSplit += 1 }
        }
        // Aimed: after the first period's manifest is committed, and between its renames.
        for point in ["after-manifest", "mid-rename"] {
            for _ in 0 ..< aimedTrials {
                try copyFolder(old, to: out)
                guard try killAt(point, scratch, arguments) else {
                    figures.failures.append("\(point): the run never reached it")
                    continue
                }
                figures.aimed[point, default: 0] += 1
                let before = figures.manifestsFinished
                checkReports("killed at \(point)", old: old, new: new, out: out, figures: &figures)
                if figures.manifestsFinished != before + 1 { figures.failures.append("killed at \(point): no manifest to finish") }
            }
        }
        return figures
    }

    @Test func killedAtRandomMomentsTheDatabaseAndReportsStayWhole() throws {
        let scratch = try Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.folder) }
        let policy = Self.sample.appendingPathComponent("policy.yaml").path
        func run(_ arguments: [String]) throws { _ = try Self.timed(scratch, arguments) }

        // Import: the tickets are in; the history is the new input.
        try run(["import", "-d", "import-old.sqlite", "--quiet"] + Self.zone
                + [Self.sampleFile("seed-tickets.csv"), Self.sampleFile("seed-history.tsv"), Self.sampleFile("generated-tickets.csv")])
        try Self.copyDatabase(scratch.path("import-old.sqlite"), to: scratch.path("import-new.sqlite"))
        try run(["import", "-d", "import-new.sqlite", "--quiet"] + Self.zone + [Self.sampleFile("generated-history.tsv")])
        let importFigures = try Self.databaseStage("import", scratch, old: "import-old.sqlite", new: "import-new.sqlite",
                                                   ["import", "-d", "trial.sqlite", "--quiet"] + Self.zone + [Self.sampleFile("generated-history.tsv")])

        // Recompute: results under osTicket's default policy; the new ones under the sample policy.
        try Self.copyDatabase(scratch.path("import-new.sqlite"), to: scratch.path("recompute-old.sqlite"))
        try run(["recompute", "-d", "recompute-old.sqlite", "--as-of", "data", "--quiet"])
        try Self.copyDatabase(scratch.path("recompute-old.sqlite"), to: scratch.path("recompute-new.sqlite"))
        try run(["recompute", "-d", "recompute-new.sqlite", "--as-of", "data", "--quiet", "--policy", policy])
        let recomputeFigures = try Self.databaseStage("recompute", scratch, old: "recompute-old.sqlite", new: "recompute-new.sqlite",
                                                      ["recompute", "-d", "trial.sqlite", "--as-of", "data", "--quiet", "--policy", policy])

        // Report: every week's files from the old results, overwritten by the new results'.
        let report = ["report", "--all-weeks", "--quiet", "--no-index"]
        try run(report + ["-d", "recompute-old.sqlite", "--output", "reports-old"])
        try run(report + ["-d", "recompute-new.sqlite", "--output", "reports-new"])
        // The check itself: a folder with one new file among old ones is caught.
        try Self.copyFolder(scratch.path("reports-old"), to: scratch.path("reports-mixed"))
        let html = try #require(Self.periodFiles(scratch.path("reports-new")).values.first?.first { $0.hasSuffix(".html") })
        try Data(contentsOf: URL(fileURLWithPath: scratch.path("reports-new/" + html)))
            .write(to: URL(fileURLWithPath: scratch.path("reports-mixed/" + html)))
        #expect(Self.mixedPeriods(scratch.path("reports-mixed"), old: scratch.path("reports-old"), new: scratch.path("reports-new")).count == 1)
        let reportFigures = try Self.reportStage(scratch, arguments: report + ["-d", "recompute-new.sqlite", "--output", "reports-trial"])

        for figures in [importFigures, recomputeFigures, reportFigures] {
            print(figures)
            for failure in figures.failures.prefix(10) { print("  \(figures.stage): \(failure)") }
            #expect(figures.failures.isEmpty, "\(figures)")
            #expect(figures.trials == Self.trials)
        }
    }
}
