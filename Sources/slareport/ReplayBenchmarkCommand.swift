import ArgumentParser
import Foundation
import SLAModel
import SLAEngine
import SLAImport
import SLAStore

/// Measures the lifecycle replay alone: loads every ticket and its events from a database
/// into memory, then replays them all on one core, and prints tickets/s and events/s.
struct ReplayBenchmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Time the SLA replay of every ticket in a database (one core), e.g. after importing `generate --tickets 100000`.")

    @OptionGroup var db: DatabaseOptions
    @Option(help: "SLA policy file (default: osTicket's defaults).") var policy: String?
    @Option(help: "How many times to replay everything (the best run is reported).") var repeats = 3

    func run() throws {
        let store = try TicketStore(path: db.database, readOnly: true)
        let policyValue = try loadPolicy(policy, zone: "America/New_York")
        let replayer = try LifecycleReplayer(policy: policyValue)
        let asOf = try store.latestDataInstant() ?? .now
        let loadStart = Date()
        var inputs: [(Ticket, [LifecycleEvent])] = []
        try store.forEachTicketWithEvents(onlyChanged: false) { _, ticket, events in inputs.append((ticket, events)) }
        let loadSeconds = Date().timeIntervalSince(loadStart)
        let eventCount = inputs.reduce(0) { $0 + $1.1.count }
        print("loaded \(inputs.count) tickets, \(eventCount) events from \(db.database) in \(String(format: "%.2f", loadSeconds)) s")
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
