import ArgumentParser
import Foundation
import SLAModel
import SLAStore
import SLASynthetic

/// `slareport benchmark pipeline [--tickets 100000,1000000]`: every stage of the nightly
/// pipeline on the generated desk, each in its own child process (the real commands), with
/// wall time, rate and the child's own peak memory; `sqlite3 .import` of the same files as the
/// yardstick for the import; and with two sizes, how cost and memory grow between them.
struct BenchmarkPipelineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "Time generate, import, recompute, report, run and an incremental run on the generated desk.",
        discussion: """
            For each size the desk is generated (its last working day written apart, as the day an incremental \
            run adds), then each stage runs as a child process of this executable: `import` of the history, \
            `sqlite3 .import` of the same files into plain tables, `recompute --as-of data`, `report` of the last \
            complete week (html, csv, xlsx), an end-to-end `run` into a fresh database, and a `run` importing the \
            extra day into that database. Peak memory is the child's own (wait4's ru_maxrss). With two sizes, \
            the cost ratio is (time per row at the larger size) / (time per row at the smaller) and the memory \
            ratio is peak at the larger / peak at the smaller: 1.0 is linear cost and flat memory. \
            Build with `swift build -c release` first.
            """)

    @Option(help: "Ticket counts, comma-separated or repeated (e.g. 100000,1000000).")
    var tickets: [String] = ["100000"]
    @Option(help: "SLA policy file for recompute and run (default: osTicket's defaults).") var policy: String?
    @Option(help: "Random seed of the generated desk.") var seed: UInt64 = 1
    @Option(help: "Work in this folder and keep it (default: a temporary folder, removed at the end).")
    var keep: String?

    var sizes: [Int] {
        tickets.flatMap { $0.split(separator: ",") }.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }

    func validate() throws {
        if sizes.isEmpty || sizes.contains(where: { $0 < 100 }) {
            throw ValidationError("--tickets: expected ticket counts of at least 100, e.g. 100000,1000000")
        }
    }

    func run() throws {
        let root = URL(fileURLWithPath: keep ?? NSTemporaryDirectory() + "slareport-pipeline-\(getpid())")
        try MeasuredChildProcess.makeWorkFolder(root, kept: keep != nil)
        defer { if keep == nil { try? FileManager.default.removeItem(at: root) } }
        let policyPath = policy.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        var results: [(tickets: Int, stages: [StageFigures])] = []
        for size in sizes {
            let folder = root.appendingPathComponent("\(size)")
            try checkFreeSpace(in: root, for: size)
            let stages = try measure(size: size, folder: folder, policyPath: policyPath)
            results.append((size, stages))
            if keep == nil { try? FileManager.default.removeItem(at: folder) }
        }
        guard results.count >= 2 else { return }
        let small = results[0], large = results[results.count - 1]
        print("")
        print("from \(small.tickets) to \(large.tickets) tickets (\(String(format: "%.1f", Double(large.tickets) / Double(small.tickets)))x):")
        print("stage                 cost per unit   peak memory")
        for stage in large.stages {
            guard let before = small.stages.first(where: { $0.name == stage.name }) else { continue }
            let cost = (stage.seconds / Double(max(stage.count, 1))) / (before.seconds / Double(max(before.count, 1)))
            let memory = Double(stage.peakBytes) / Double(max(before.peakBytes, 1))
            print(Self.pad(stage.name, -20) + "  " + Self.pad(String(format: "%.2fx", cost), 13)
                  + "  " + Self.pad(String(format: "%.2fx", memory), 11))
        }
        print("(1.00x is linear cost and flat memory; rough: the machine is shared)")
    }

    /// One stage's measurement.
    struct StageFigures {
        var name: String
        var seconds: Double
        var count: Int
        var unit: String
        var peakBytes: Int
    }

    /// Generates the desk of `size` tickets into `folder` and measures every stage on it.
    func measure(size: Int, folder: URL, policyPath: String?) throws -> [StageFigures] {
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let me = MeasuredChildProcess.currentExecutable
        var stages: [StageFigures] = []
        func child(_ name: String, _ executable: String, _ arguments: [String],
                   input: String? = nil) throws -> MeasuredChildProcess.Result {
            // The previous stage's writes (a 1.5 GB database at a million tickets) are flushed
            // first, so the kernel's writeback of them does not run during this stage's clock.
            sync()
            let result = try MeasuredChildProcess.run(executable, arguments, standardInput: input, scratch: folder)
            guard result.exitStatus == 0 else {
                let said = result.standardOutput + result.standardError
                // Its output goes to files in the folder: on a full disk it has none.
                let silence = said.isEmpty ? "(it wrote nothing; \(Self.freeSpaceText(folder.path)))" : said
                throw UserFacingError(description: "benchmark stage \(name) failed (exit \(result.exitStatus)):\n" + silence)
            }
            return result
        }
        // Each database goes once no later stage reads it (unless kept): at a million tickets
        // they are 1.5 to 2.7 GB each.
        func done(with path: String) {
            guard keep == nil else { return }
            for suffix in ["", "-wal", "-shm", ".lock", ".checked"] { unlink(path + suffix) }
        }
        func record(_ name: String, _ result: MeasuredChildProcess.Result, count: Int, unit: String) {
            stages.append(StageFigures(name: name, seconds: result.seconds, count: count, unit: unit,
                                       peakBytes: result.peakBytes))
        }

        // generate: the desk without its last working day, and that day apart.
        let generated = try child("generate", me, ["benchmark", "generate-split", "--tickets", String(size),
                                                   "--seed", String(seed), "--output", folder.path])
        let split = Self.keyValues(generated.standardOutput)
        let baseRows = split["base_rows"] ?? 0, dayRows = split["day_rows"] ?? 0
        record("generate", generated, count: baseRows + dayRows, unit: "rows")
        let base = folder.appendingPathComponent("base"), day = folder.appendingPathComponent("day")
        let baseFiles = [OsTicketExportFiles.ticketsFileName, OsTicketExportFiles.historyFileName]
            .map { base.appendingPathComponent($0).path }
        let dayFiles = [OsTicketExportFiles.ticketsFileName, OsTicketExportFiles.historyFileName]
            .map { day.appendingPathComponent($0).path }
        let zone = "America/New_York"

        // sqlite3's own .import of the same two files into plain tables: the yardstick.
        var sqliteSeconds: Double?
        if let sqlite3 = MeasuredChildProcess.onPath("sqlite3") {
            let script = folder.appendingPathComponent("sqlite3-import.txt")
            try """
                .mode csv
                .import '\(baseFiles[0])' queue
                .mode tabs
                .import '\(baseFiles[1])' history
                SELECT COUNT(*) FROM queue;
                SELECT COUNT(*) FROM history;

                """.write(to: script, atomically: true, encoding: .utf8)
            let result = try child("sqlite3 .import", sqlite3, [folder.appendingPathComponent("sqlite3.sqlite").path],
                                   input: script.path)
            let counts = result.standardOutput.split(separator: "\n").compactMap { Int($0) }
            record("sqlite3 .import", result, count: counts.reduce(0, +), unit: "rows")
            sqliteSeconds = result.seconds
            done(with: folder.appendingPathComponent("sqlite3.sqlite").path)
        }

        let database = folder.appendingPathComponent("desk.sqlite").path
        let imported = try child("import", me, ["import", "--database", database, "--source-zone", zone] + baseFiles)
        _ = imported
        record("import", imported, count: baseRows, unit: "rows")

        var recomputeArguments = ["recompute", "--database", database, "--as-of", "data", "--quiet"]
        if let policyPath { recomputeArguments += ["--policy", policyPath] }
        let recomputed = try child("recompute", me, recomputeArguments)
        // Read and closed here, so that the database's space goes when it is removed.
        let (events, yardstickScript) = try { () throws -> (Int, String) in
            let store = try TicketStore(path: database, readOnly: true)
            return (try store.counts()["events"] ?? 0, try Self.recomputeYardstick(store: store, database: database))
        }()
        record("recompute", recomputed, count: events, unit: "events")

        // sqlite3 alone reading the same events in the same order and writing the same results
        // into the same tables and indexes: a yardstick for the recompute, as `.import` is for
        // the import (what SQLite's own work costs on this machine, without any replay).
        var sqliteRecomputeSeconds: Double?
        if let sqlite3 = MeasuredChildProcess.onPath("sqlite3") {
            let script = folder.appendingPathComponent("sqlite3-recompute.txt")
            try yardstickScript.write(to: script, atomically: true, encoding: .utf8)
            let result = try child("sqlite3 read+write", sqlite3, [folder.appendingPathComponent("sqlite3-results.sqlite").path],
                                   input: script.path)
            let counts = result.standardOutput.split(separator: "\n").compactMap { Int($0.split(separator: "|").first ?? "") }
            record("sqlite3 read+write", result, count: counts.reduce(0, +), unit: "rows")
            sqliteRecomputeSeconds = result.seconds
            done(with: folder.appendingPathComponent("sqlite3-results.sqlite").path)
        }

        let reports = folder.appendingPathComponent("reports")
        let reported = try child("report", me, ["report", "--database", database, "--output", reports.path,
                                                "--format", "html,csv,xlsx", "--quiet"])
        let listed = try Self.ticketRows(in: reports)
        record("report (1 week)", reported, count: listed, unit: "tickets")
        done(with: database)

        // The nightly job end to end into a fresh database, then the next night's one extra day.
        let runDatabase = folder.appendingPathComponent("run.sqlite").path
        func config(_ name: String, imports: [String]) throws -> String {
            let path = folder.appendingPathComponent(name).path
            var text = "database: \(runDatabase)\nsource_zone: \(zone)\nimports:\n"
            text += imports.map { "  - \($0)\n" }.joined()
            if let policyPath { text += "policy: \(policyPath)\n" }
            text += "as_of: data\nreport:\n  zone: \(zone)\n  output: \(folder.appendingPathComponent("run-reports").path)\n"
            text += "  periods: last-week\n  formats: [html, csv, xlsx]\n"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let ran = try child("run", me, ["run", "--config", try config("run.yaml", imports: baseFiles)])
        record("run (end to end)", ran, count: baseRows, unit: "rows")
        let incremental = try child("run +1 day", me, ["run", "--config", try config("run-day.yaml", imports: dayFiles)])
        record("run (+1 day)", incremental, count: dayRows, unit: "rows")

        print("")
        print("\(size) tickets: \(split["base_tickets"] ?? 0) + \(split["day_tickets"] ?? 0) on the last working day; "
              + "\(baseRows) + \(dayRows) rows (queue + history), "
              + String(format: "%.0f MB", Double((split["base_bytes"] ?? 0) + (split["day_bytes"] ?? 0)) / 1e6)
              + "; policy \(policyPath ?? "osTicket's defaults")")
        print("stage                 seconds       count  unit      per second   peak MB")
        for stage in stages {
            print(Self.pad(stage.name, -20) + "  " + Self.pad(String(format: "%.2f", stage.seconds), 7)
                  + "  " + Self.pad(String(stage.count), 10) + "  " + Self.pad(stage.unit, -7)
                  + "  " + Self.pad(String(format: "%.0f", Double(stage.count) / max(stage.seconds, 1e-6)), 10)
                  + "  " + Self.pad(String(format: "%.1f", Double(stage.peakBytes) / 1_048_576), 8))
        }
        if let sqliteSeconds {
            print(String(format: "import / sqlite3 .import of the same files: %.2fx the time", imported.seconds / sqliteSeconds))
        }
        if let sqliteRecomputeSeconds {
            print(String(format: "recompute / sqlite3 reading its events and writing its results: %.2fx the time",
                         recomputed.seconds / sqliteRecomputeSeconds))
        }
        return stages
    }

    /// The disk a desk needs per ticket at the benchmark's fullest moment: its generated files,
    /// the imported and recomputed database and the recompute yardstick's results beside them
    /// (each database is removed once no later stage reads it); with `--keep`, every database
    /// of the size. Measured at a million tickets (`df` every 2 s): 4.26 GB at the fullest, and
    /// 7.4 GB with every database kept; with a sixth more for the machine's noise.
    static let diskBytesPerTicket = 5_000, keptDiskBytesPerTicket = 8_600

    /// Refuses to start a size the folder's disk cannot hold (a stage that fills it fails
    /// without a word: its messages go to files there).
    func checkFreeSpace(in folder: URL, for tickets: Int) throws {
        guard let free = Self.freeBytes(folder.path) else { return }
        let needed = tickets * (keep == nil ? Self.diskBytesPerTicket : Self.keptDiskBytesPerTicket)
        guard free < needed else { return }
        func gigabytes(_ bytes: Int) -> String { String(format: "%.1f GB", Double(bytes) / 1e9) }
        let elsewhere = keep == nil ? "TMPDIR=/larger/disk" : "--keep /larger/disk/folder"
        throw UserFacingError(description: "benchmark pipeline: \(tickets) tickets need about \(gigabytes(needed)) of disk in "
                              + "\(folder.path), which has \(gigabytes(free)) free. Free some, or work on a larger disk (\(elsewhere)).")
    }

    /// The bytes free for this user on the disk of `path`, if it can be asked.
    static func freeBytes(_ path: String) -> Int? {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return nil }
        return Int(info.f_bavail) * Int(info.f_frsize)
    }

    static func freeSpaceText(_ path: String) -> String {
        freeBytes(path).map { String(format: "%.1f", Double($0) / 1e9) + " GB free in \(path)" } ?? "free space of \(path) unknown"
    }

    /// The `sqlite3` script of the recompute's yardstick, run on a new database beside `database`
    /// (a recomputed one): every event read through the key the recompute reads by, with the
    /// columns the replay uses; then the three result tables, made with their indexes as in
    /// `database`, filled from it in one transaction (16 KiB pages, WAL, checkpointed at the
    /// shell's exit). It prints the events read and the rows written.
    ///
    /// The inserts have `WHERE 1` so that SQLite builds each record and index entry as the
    /// recompute must: a bare `INSERT … SELECT *` into an empty table of the same shape copies
    /// them whole instead (its transfer optimization), about half the work (100k desk: 0.39 s
    /// against 0.76 s of CPU).
    static func recomputeYardstick(store: TicketStore, database: String) throws -> String {
        let tables = ["ticket_outcomes", "sla_cycles", "team_segments"]
        let list = tables.map { "'\($0)'" }.joined(separator: ", ")
        let definitions = try store.query("""
            SELECT sql FROM sqlite_master WHERE tbl_name IN (\(list)) AND sql IS NOT NULL ORDER BY type = 'index', rowid
            """).rows.compactMap { $0.first ?? nil }
        let key = try store.query("""
            SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql IS NULL
            """).rows.first?.first ?? nil
        let quoted = database.replacingOccurrences(of: "'", with: "''")
        return """
            PRAGMA page_size = \(Schema.newDatabasePageSize);
            PRAGMA journal_mode = wal;
            ATTACH '\(quoted)' AS desk;
            SELECT count(*), sum(occurred_at), count(kind), count(team), count(agent), count(department), count(status),
                   count(value), count(previous_value), sum(annulled)
            FROM desk.events \(key.map { "INDEXED BY \($0) WHERE ticket_id > 0" } ?? "");
            \(definitions.map { $0 + ";" }.joined(separator: "\n"))
            BEGIN;
            \(tables.map { "INSERT INTO main.\($0) SELECT * FROM desk.\($0) WHERE 1;" }.joined(separator: "\n"))
            COMMIT;
            \(tables.map { "SELECT count(*) FROM main.\($0);" }.joined(separator: "\n"))

            """
    }

    /// Rows of the `tickets-*.csv` files in `folder` (header lines excluded).
    static func ticketRows(in folder: URL) throws -> Int {
        var rows = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path)
        where name.hasPrefix("tickets-") && name.hasSuffix(".csv") {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            rows += max(0, data.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) } - 1)
        }
        return rows
    }

    /// `key=value` pairs separated by spaces or lines, with integer values.
    static func keyValues(_ text: String) -> [String: Int] {
        var values: [String: Int] = [:]
        for pair in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, let value = Int(parts[1]) { values[String(parts[0])] = value }
        }
        return values
    }

    /// Right-aligned to `width`, or left-aligned to `-width`.
    static func pad(_ text: String, _ width: Int) -> String {
        let fill = String(repeating: " ", count: max(0, abs(width) - text.count))
        return width < 0 ? text + fill : fill + text
    }
}

/// `slareport benchmark generate-split`: writes the generated desk as OUTPUT/base (every
/// ticket but those created on the last working day) and OUTPUT/day (those), and prints
/// `base_tickets= base_rows= base_bytes= day_tickets= day_rows= day_bytes=`.
struct BenchmarkGenerateSplitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-split", abstract: "Generate the desk split off its last working day (used by benchmark pipeline).",
        shouldDisplay: false)

    @Option var tickets: Int
    @Option var seed: UInt64 = 1
    @Option var output: String

    func run() throws {
        let desk = try SyntheticHelpDesk(tickets: tickets, seed: seed)
        let lastDay = desk.lastWorkingDay
        let folder = URL(fileURLWithPath: output)
        let base = try OsTicketExportFiles.write(desk, to: folder.appendingPathComponent("base")) {
            !lastDay.contains($0.created)
        }
        let day = try OsTicketExportFiles.write(desk, to: folder.appendingPathComponent("day")) {
            lastDay.contains($0.created)
        }
        func rows(_ summary: OsTicketExportSummary) -> Int { summary.tickets + summary.events + summary.entries }
        print("base_tickets=\(base.tickets) base_rows=\(rows(base)) base_bytes=\(base.ticketsFileBytes + base.historyFileBytes)")
        print("day_tickets=\(day.tickets) day_rows=\(rows(day)) day_bytes=\(day.ticketsFileBytes + day.historyFileBytes)")
    }
}
