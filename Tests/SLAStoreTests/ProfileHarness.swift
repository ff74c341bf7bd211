import Foundation
import SLAModel
import SLAEngine
import SLAImport
@testable import SLAStore

/// A fresh database that files are imported into through one mapping profile, each file in its
/// own transaction (as separate `slareport import` commands would), and the whole result read back.
struct ProfileHarness {
    let workspace: Workspace
    let profile: MappingProfile

    init(profile: MappingProfile) throws {
        workspace = try Workspace()
        self.profile = profile
    }

    /// Another profile importing into the same database.
    init(profile: MappingProfile, workspace: Workspace) {
        self.workspace = workspace
        self.profile = profile
    }

    init(yaml: String) throws {
        try self.init(profile: try MappingProfile.parse(yaml, file: "test-profile.yaml"))
    }

    /// Records one file's import run through `profile` in the writer's transaction.
    static func importRun(_ path: String, profile: MappingProfile, writer: TicketWriter, onError: RejectPolicy = .fail,
                          sortBudget: Int = ImportOptions().profileSortBudget) throws -> (ImportRunFigures, ReadSummary) {
        var figures = ImportRunFigures(file: path, sha256: "test", format: "profile", profile: profile.name,
                                       sourceZone: profile.zone, startedAt: Instant(secondsSinceEpoch: 0))
        try writer.beginRun(figures)
        var sink = PruningSink(writer: writer)
        let summary = try FileImporter.read(path: path, format: nil,
                                            options: ImportOptions(sourceZone: profile.zone, onError: onError, profile: profile,
                                                                   profileSortBudget: sortBudget,
                                                                   profileScope: try writer.profileScope(named: profile.name)),
                                            into: &sink)
        figures.rowsRead = summary.rowsRead
        figures.rowsRejected = summary.rowsRejected
        return (try writer.finishRun(figures), summary)
    }

    @discardableResult
    func importFile(_ path: String, onError: RejectPolicy = .fail,
                    sortBudget: Int = ImportOptions().profileSortBudget) throws -> (ImportRunFigures, ReadSummary) {
        try workspace.store.write { writer in
            try Self.importRun(path, profile: profile, writer: writer, onError: onError, sortBudget: sortBudget)
        }
    }

    /// Imports several files in one transaction, each its own run, as `slareport import A B` does.
    @discardableResult
    func importFiles(_ paths: [String]) throws -> [ImportRunFigures] {
        try workspace.store.write { writer in
            try paths.map { try Self.importRun($0, profile: profile, writer: writer).0 }
        }
    }

    func eventCount() throws -> Int { try workspace.store.counts()["events"] ?? 0 }

    /// Replays every ticket under `policy` as of `asOf` and stores the results.
    func replay(policy: SLAPolicy, asOf: Instant) throws {
        let replayer = try LifecycleReplayer(policy: policy)
        try workspace.store.recompute(onlyChanged: false, policyName: policy.name, policyHash: policy.contentHash, asOf: asOf,
                                      startedAt: asOf) { ticket, events in
            replayer.replay(ticket: ticket, events: events, asOf: asOf)
        }
    }

    /// The tickets, events, SLA cycles and outcomes, keyed by ticket number (no database ids).
    func tables() throws -> [String: [[String?]]] {
        let queries = [
            "tickets": """
                SELECT number, subject, requester, priority, department, help_topic, status, sla_plan, team, agent,
                       created_at, last_updated_at, closed_at, custom_fields FROM tickets ORDER BY number
                """,
            "events": """
                SELECT t.number, e.identity, e.occurred_at, e.kind, e.actor, e.team, e.agent, e.department, e.status,
                       e.value, e.previous_value, e.annulled
                FROM events e JOIN tickets t ON t.id = e.ticket_id ORDER BY t.number, e.occurred_at, e.identity
                """,
            "sla_cycles": """
                SELECT t.number, c.metric, c.cycle, c.plan, c.target_seconds, c.started_at, c.due_at, c.stopped_at,
                       c.elapsed_seconds, c.paused_seconds, c.wall_seconds, c.status, c.breached_at, c.seconds_late,
                       c.breach_team, c.breach_agent, c.reason
                FROM sla_cycles c JOIN tickets t ON t.id = c.ticket_id ORDER BY t.number, c.metric, c.cycle
                """,
            "ticket_outcomes": """
                SELECT t.number, o.plan, o.priority, o.team, o.agent, o.department, o.state, o.first_response_at,
                       o.resolved_at, o.reopens, o.handoffs
                FROM ticket_outcomes o JOIN tickets t ON t.id = o.ticket_id ORDER BY t.number
                """,
        ]
        return try queries.mapValues { try workspace.store.query($0).rows }
    }
}
