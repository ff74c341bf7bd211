import ArgumentParser
import Foundation
import SLAModel
import SLAEngine
import SLAImport
import SLAStore

struct RecomputeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recompute",
        abstract: "Replay every ticket's events under an SLA policy and store the SLA cycles.",
        discussion: """
            Only tickets whose data changed since the last recompute are replayed, unless the policy or the \
            as-of instant changed (then all are). Without --policy, osTicket's defaults apply (Default SLA, \
            18 h on Monday-Friday 08:00-17:00 with U.S. holidays).
            """)

    @OptionGroup var db: DatabaseOptions
    @Option(help: "SLA policy file (YAML or JSON).") var policy: String?
    @Option(help: "Judge open tickets at this instant: now, data (the latest instant in the data) or ISO 8601 with offset.")
    var asOf: String = "now"
    @Option(help: "Time zone of the built-in default policy's calendar (when --policy is not given).")
    var zone: String = "America/New_York"
    @Flag(help: "Replay every ticket even if nothing changed.") var all = false
    @Flag(help: "Print nothing on success.") var quiet = false

    func run() throws {
        let store = try TicketStore(path: db.database)
        let policy = try loadPolicy(self.policy, zone: zone)
        let asOfInstant = try parseAsOf(asOf, store: store)
        let replayer: LifecycleReplayer
        do { replayer = try LifecycleReplayer(policy: policy) } catch {
            throw UserFacingError(description: "\(self.policy ?? "built-in policy"): \(error)", exitCode: 2)
        }
        let hash = policy.contentHash
        let last = try store.lastRecompute()
        let full = all || last == nil || last?.policyHash != hash || last?.asOf != asOfInstant
        let started = Instant.now
        var results: [(ticketID: Int64, replay: TicketReplay)] = []
        var events = 0
        try store.forEachTicketWithEvents(onlyChanged: !full) { id, ticket, ticketEvents in
            events += ticketEvents.count
            results.append((id, replayer.replay(ticket: ticket, events: ticketEvents, asOf: asOfInstant)))
        }
        try store.saveResults(results, policyName: policy.name, policyHash: hash, asOf: asOfInstant,
                              startedAt: started, finishedAt: .now)
        if !quiet {
            let cycles = results.flatMap(\.replay.cycles).filter { $0.metric == .resolution }
            let breached = cycles.filter { $0.status.isBreach }.count
            print("replayed \(results.count) tickets (\(events) events, \(full ? "full" : "changed only")) under \"\(policy.name)\" [\(policy.shortHash)] as of \(asOfInstant.iso8601): \(cycles.count) resolution cycles, \(breached) breached")
        }
    }
}
