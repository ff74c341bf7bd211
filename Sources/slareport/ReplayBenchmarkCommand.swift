import ArgumentParser
import Foundation
import SLAModel
import SLAEngine
import SLAImport
import SLAStore
import SLASynthetic

/// Measures the lifecycle replay alone: loads every ticket and its events from a database
/// into memory, then replays them all on one core, and prints tickets/s and events/s.
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
    @Option(help: "How many times to replay everything (the best run is reported).") var repeats = 3
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
            try ImportCommand.importFiles(
                [OsTicketExportFiles.ticketsFileName, OsTicketExportFiles.historyFileName].map {
                    ImportCommand.ImportInput(path: generated.appendingPathComponent($0).path, format: nil, profile: nil)
                }, database: database, sourceZone: desk.configuration.sourceTimeZone, onError: .fail, quiet: true)
        }
        defer { if let folder { try? FileManager.default.removeItem(at: folder) } }
        let store = try TicketStore(path: database, readOnly: true)
        let policyValue = try loadPolicy(policy, zone: "America/New_York")
        let replayer = try LifecycleReplayer(policy: policyValue)
        let asOf = try store.latestDataInstant() ?? .now
        let loadStart = Date()
        var inputs: [(Ticket, [LifecycleEvent])] = []
        try store.forEachTicketWithEvents(onlyChanged: false) { _, ticket, events in inputs.append((ticket, events)) }
        let loadSeconds = Date().timeIntervalSince(loadStart)
        let eventCount = inputs.reduce(0) { $0 + $1.1.count }
        print("loaded \(inputs.count) tickets, \(eventCount) events from \(database) in \(String(format: "%.2f", loadSeconds)) s")
        var best = Double.infinity
        var cycles = 0
        for run in 1...max(1, repeats) {
            let start = Date()
            cycles = 0
            for (ticket, events) in inputs {
                cycles += replayer.replay(ticket: ticket, events: events, asOf: asOf).cycles.count
            }
            let seconds = Date().timeIntervalSince(start)
            best = min(best, seconds)
            print(String(format: "run %d: %.3f s, %.0f tickets/s, %.0f events/s", run, seconds,
                         Double(inputs.count) / seconds, Double(eventCount) / seconds))
        }
        print(String(format: "best: %.0f tickets/s, %.0f events/s (%d SLA cycles per run, policy %@)",
                     Double(inputs.count) / best, Double(eventCount) / best, cycles, policyValue.shortHash))
    }
}
