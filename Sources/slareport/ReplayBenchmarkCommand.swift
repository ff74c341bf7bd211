import ArgumentParser
import Foundation
import SLAModel
import SLAEngine
import SLAImport
import SLAStore
import SLASynthetic
import SLAPipeline

/// Measures the lifecycle replay alone: streams every ticket and its events from a database
/// (one ticket in memory at a time), replays them on one core, and prints tickets/s and
/// events/s of the replay alone and with the reading.
struct ReplayBenchmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Time the SLA replay alone (one core): of a database's tickets, or of a generated desk (--tickets).",
        discussion: """
            With --tickets N (or when --database does not exist) the synthetic desk of N tickets is generated, \
            imported into a temporary database, and replayed. Build with `swift build -c release` first.
            """)

    @OptionGroup var db: DatabaseOptions
    @Option(help: "SLA policy file (default: osTicket's defaults).") var policy: String?
    @Option(help: "How many times to read and replay everything (the best run is reported).") var repeats = 3
    @Option(help: "Generate a desk of this many tickets and replay it (default when --database does not exist: 100000).")
    var tickets: Int?

    func run() throws {
        var database = db.database
        var folder: URL?
        if tickets != nil || !FileManager.default.fileExists(atPath: database) {
            let count = tickets ?? 100_000
            let generated = URL(fileURLWithPath: NSTemporaryDirectory() + "slareport-replay-\(ProcessInfo.processInfo.processIdentifier)")
            folder = generated
            let desk = try SyntheticHelpDesk(tickets: count, seed: 1)
            let summary = try OsTicketExportFiles.write(desk, to: generated)
            print("generated \(summary)")
            database = generated.appendingPathComponent("replay.sqlite").path
            _ = try ImportPipeline.importFiles(
                [OsTicketExportFiles.ticketsFileName, OsTicketExportFiles.historyFileName].map {
                    ImportInput(path: generated.appendingPathComponent($0).path, format: nil, profile: nil)
                }, database: database, sourceZone: desk.configuration.sourceTimeZone, onError: .fail)
        }
        defer { if let folder { try? FileManager.default.removeItem(at: folder) } }
        let store = try TicketStore(path: database, readOnly: true)
        let policyValue = try PolicySource.load(policy, zone: "America/New_York")
        let replayer = try LifecycleReplayer(policy: policyValue)
        let asOf = try store.latestDataInstant() ?? .now
        // Streamed from the database on every run (one ticket in memory at a time, so memory stays
        // flat at any size); the replay's own time is summed apart from the reading.
        var best = Double.infinity
        var cycles = 0, ticketCount = 0, eventCount = 0
        for run in 1...max(1, repeats) {
            let start = DispatchTime.now().uptimeNanoseconds
            var replayNanoseconds: UInt64 = 0
            cycles = 0
            ticketCount = 0
            eventCount = 0
            try store.forEachTicketWithEvents(onlyChanged: false) { _, ticket, events in
                let before = DispatchTime.now().uptimeNanoseconds
                cycles += replayer.replay(ticket: ticket, events: events, asOf: asOf).cycles.count
                replayNanoseconds += DispatchTime.now().uptimeNanoseconds - before
                ticketCount += 1
                eventCount += events.count
            }
            let total = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let seconds = Double(replayNanoseconds) / 1e9
            best = min(best, seconds)
            print(String(format: "run %d: replay %.3f s, %.0f tickets/s, %.0f events/s; with reading from %@ %.3f s, %.0f events/s",
                         run, seconds, Double(ticketCount) / seconds, Double(eventCount) / seconds, database, total,
                         Double(eventCount) / total))
        }
        print(String(format: "best: %.0f tickets/s, %.0f events/s (%d tickets, %d events, %d SLA cycles per run, policy %@)",
                     Double(ticketCount) / best, Double(eventCount) / best, ticketCount, eventCount, cycles,
                     policyValue.shortHash))
    }
}
