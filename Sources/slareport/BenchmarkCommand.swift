import ArgumentParser
import Foundation
import SLAModel
import SLAImport
import SLAStore
import SLASynthetic
import SLAPipeline

/// `slareport benchmark`: measured speed and memory of the tool's stages.
struct BenchmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benchmark",
        abstract: "Measure the importer's and the replay's speed and memory.",
        subcommands: [BenchmarkPipelineCommand.self, BenchmarkImportCommand.self, ReplayBenchmarkCommand.self,
                      BenchmarkImportOnceCommand.self, BenchmarkGenerateSplitCommand.self])
}

/// `slareport benchmark import [--tickets N]`: generates the synthetic osTicket desk at N/10 and N
/// tickets, imports each into a fresh database in its own child process (so each peak is its
/// own), and prints rows/s, MB/s and peak memory for both.
struct BenchmarkImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import the generated desk at N/10 and N tickets; print rows/s, MB/s and peak memory of each.",
        discussion: """
            Each size is generated into a temporary folder (queue CSV + history TSV, as `slareport generate` \
            writes them) and imported into a fresh database by a child process (`benchmark import-once`), \
            whose peak resident memory (VmHWM) is its own. Memory is flat when the larger import's peak is \
            close to the smaller one's. Build with `swift build -c release` for meaningful figures.
            """)

    @Option(help: "Tickets in the larger run (the smaller has a tenth).") var tickets: Int = 100_000
    @Option(help: "Random seed of the generated desk.") var seed: UInt64 = 1
    @Option(help: "Keep the generated files and databases in this folder instead of a temporary one.")
    var keep: String?
    @Flag(help: "Also import each size's events as another system's log through a mapping profile (rows shuffled across cases), and print both paths' figures.")
    var profile = false
    @Option(help: "Imports of each path per size, alternating the paths' order; the figures shown are the median run's and the ratio is the median of each pair's.")
    var repeats: Int = 3

    func validate() throws {
        if tickets < 10 { throw ValidationError("--tickets must be at least 10") }
        if repeats < 1 { throw ValidationError("--repeats must be at least 1") }
    }

    func run() throws {
        let folder = URL(fileURLWithPath: keep ?? NSTemporaryDirectory() + "slareport-benchmark-\(ProcessInfo.processInfo.processIdentifier)")
        try MeasuredChildProcess.makeWorkFolder(folder, kept: keep != nil)
        defer { if keep == nil { try? FileManager.default.removeItem(at: folder) } }
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        var results: [(tickets: Int, path: String, runs: [[String: String]])] = []
        func importOnce(_ arguments: [String]) throws -> [String: String] {
            // The previous import's writes are flushed first: their writeback would run during this one.
            sync()
            // A child of its own, measured as `benchmark pipeline`'s stages are (and stopped with this one).
            let result = try MeasuredChildProcess.run(executable, ["benchmark", "import-once"] + arguments, scratch: folder)
            let output = result.standardOutput
            guard result.exitStatus == 0 else {
                throw UserFacingError(description: "benchmark import-once failed (exit \(result.exitStatus)):\n\(output)\n"
                                      + result.standardError)
            }
            var figures: [String: String] = [:]
            for pair in output.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2 { figures[String(parts[0])] = String(parts[1]) }
            }
            return figures
        }
        /// Every import starts from no database, as the first one did.
        func removeDatabase(_ path: String) {
            for suffix in ["", "-wal", "-shm", ".checked", ".lock"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        for size in [tickets / 10, tickets] {
            let runFolder = folder.appendingPathComponent("\(size)-tickets")
            let started = Date()
            let desk = try SyntheticHelpDesk(tickets: size, seed: seed)
            let summary = try OsTicketExportFiles.write(desk, to: runFolder)
            print("generated \(summary) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
            let database = runFolder.appendingPathComponent("benchmark.sqlite").path
            let profileDatabase = runFolder.appendingPathComponent("benchmark-profile.sqlite").path
            var osticketRuns: [[String: String]] = [], profileRuns: [[String: String]] = []
            var profileInput: (log: String, profile: String)?
            func importOsTicket() throws {
                removeDatabase(database)
                osticketRuns.append(try importOnce([
                    "--database", database, "--source-zone", desk.configuration.sourceTimeZone,
                    runFolder.appendingPathComponent(OsTicketExportFiles.ticketsFileName).path,
                    runFolder.appendingPathComponent(OsTicketExportFiles.historyFileName).path]))
                // The profile's log is the events this import stored, written out once.
                if profile && profileInput == nil {
                    profileInput = try ProfileBenchmarkLog.write(from: database, to: runFolder, seed: seed)
                }
            }
            func importProfile() throws {
                guard let (log, profileFile) = profileInput else { return }
                removeDatabase(profileDatabase)
                profileRuns.append(try importOnce(["--database", profileDatabase, "--profile", profileFile, log]))
            }
            // The paths take turns going first: a machine that slows down mid-run favours neither.
            for round in 0 ..< repeats {
                if round % 2 == 1 && profileInput != nil {
                    try importProfile()
                    try importOsTicket()
                } else {
                    try importOsTicket()
                    try importProfile()
                }
            }
            results.append((size, "osticket", osticketRuns))
            if profile { results.append((size, "profile", profileRuns)) }
        }
        func number(_ figures: [String: String], _ key: String) -> Double { Double(figures[key] ?? "") ?? 0 }
        /// The run whose time is the median (the lower of the middle two for an even count).
        func medianRun(_ runs: [[String: String]]) -> [String: String] {
            runs.sorted { number($0, "seconds") < number($1, "seconds") }[(runs.count - 1) / 2]
        }
        /// The lower of the middle two for an even count, as `medianRun` takes.
        func median(_ values: [Double]) -> Double { values.sorted()[(values.count - 1) / 2] }
        print("")
        if repeats > 1 { print("each row: the median of \(repeats) imports (peak memory: the highest of them)") }
        print("tickets   path      rows read   MB     seconds  rows/s     MB/s   tickets+events written  peak memory")
        for (size, path, runs) in results {
            let figures = medianRun(runs)
            let rows = number(figures, "rows"), bytes = number(figures, "bytes")
            let seconds = max(number(figures, "seconds"), 0.000_001)
            let written = (Int(figures["tickets"] ?? "0") ?? 0) + (Int(figures["events"] ?? "0") ?? 0)
            let peak = runs.map { number($0, "vmhwm_kb") }.max()! / 1024
            print(pad(String(size), 8) + "  " + path.padding(toLength: 8, withPad: " ", startingAt: 0) + "  " + pad(String(Int(rows)), 10) + "  " + pad(String(format: "%.1f", bytes / 1e6), 5)
                  + "  " + pad(String(format: "%.2f", seconds), 7) + "  " + pad(String(Int(rows / seconds)), 9)
                  + "  " + pad(String(format: "%.1f", bytes / 1e6 / seconds), 5) + "  " + pad(String(written), 22)
                  + "  " + String(format: "%.1f MB", peak))
        }
        for path in ["osticket", "profile"] {
            let runs = results.filter { $0.path == path }
            if runs.count == 2 {
                let small = runs[0].runs.map { number($0, "vmhwm_kb") }.max()!, large = runs[1].runs.map { number($0, "vmhwm_kb") }.max()!
                if small > 0 {
                    print(String(format: "%@: peak memory at %d tickets is %.2fx the peak at %d", path, runs[1].tickets, large / small,
                                 runs[0].tickets))
                }
            }
        }
        for size in Set(results.map(\.tickets)).sorted() {
            guard let osticket = results.first(where: { $0.tickets == size && $0.path == "osticket" })?.runs,
                  let profiled = results.first(where: { $0.tickets == size && $0.path == "profile" })?.runs,
                  osticket.count == profiled.count, !osticket.isEmpty else { continue }
            func rate(_ figures: [String: String]) -> Double { number(figures, "rows") / max(number(figures, "seconds"), 0.000_001) }
            // Each round's pair ran back to back on the same machine: their ratio is what is compared.
            let rateRatios = zip(profiled, osticket).map { rate($0) / rate($1) }
            let timeRatios = zip(profiled, osticket).map { number($0, "seconds") / max(number($1, "seconds"), 0.000_001) }
            func list(_ ratios: [Double]) -> String {
                ratios.count > 1 ? " (each pair: " + ratios.map { String(format: "%.2fx", $0) }.joined(separator: " ") + ")" : ""
            }
            print(String(format: "%d tickets: the profile path reads %.0f rows/s, %.2fx the osTicket path's %.0f rows/s",
                         size, median(profiled.map(rate)), median(rateRatios), median(osticket.map(rate))) + list(rateRatios))
            // Both paths write the same tickets and events; the osTicket export spreads them over
            // more rows (a ticket file beside the history), so time for the same output is shown too.
            func written(_ figures: [String: String]) -> Int { (Int(figures["tickets"] ?? "") ?? 0) + (Int(figures["events"] ?? "") ?? 0) }
            if written(profiled[0]) == written(osticket[0]) {
                print(String(format: "%d tickets: for the same tickets and events the profile path took %.2f s, %.2fx the osTicket path's %.2f s",
                             size, median(profiled.map { number($0, "seconds") }), median(timeRatios),
                             median(osticket.map { number($0, "seconds") })) + list(timeRatios))
            }
        }
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}

/// `slareport benchmark import-once`: imports files into a database and prints its own figures
/// (`rows= bytes= seconds= tickets= events= vmhwm_kb=`) for `benchmark import`.
struct BenchmarkImportOnceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-once", abstract: "Import files once and print figures (used by benchmark import).",
        shouldDisplay: false)

    @Option var database: String
    @Option var sourceZone: String = "UTC"
    @Option var profile: String?
    @Argument var files: [String]

    func run() throws {
        let bytes = files.reduce(0) { total, file in
            total + ((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0)
        }
        let started = Date()
        let mapping = try profile.map(ProfileSource.load)
        // What `slareport import` runs: one transaction, bulk loading into an empty database,
        // each file's checksum on its own thread.
        let outcome = try ImportPipeline.importFiles(files.map { ImportInput(path: $0, profile: mapping) },
                                                     database: database, sourceZone: mapping == nil ? sourceZone : nil,
                                                     onError: .fail)
        var totals = (rows: 0, tickets: 0, events: 0)
        for file in outcome.files {
            totals.rows += file.run.rowsRead
            totals.tickets += file.run.ticketsInserted + file.run.placeholdersInserted
            totals.events += file.run.eventsInserted
        }
        let seconds = Date().timeIntervalSince(started)
        print("rows=\(totals.rows) bytes=\(bytes) seconds=\(String(format: "%.3f", seconds)) tickets=\(totals.tickets) events=\(totals.events) vmhwm_kb=\(Self.peakResidentKilobytes() ?? 0)")
    }

    /// `VmHWM` from /proc/self/status: this process's peak resident memory, in kB.
    static func peakResidentKilobytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "")
        }
        return nil
    }
}
