import Foundation
import SLAModel
import SLAStore
import SLASynthetic

/// The profile path's benchmark input: the events an osTicket benchmark import stored, written
/// back out as another system's activity log (one row per event, rows shuffled across cases,
/// an activity number to order ties), with the mapping profile that reads it.
enum ProfileBenchmarkLog {
    static let profileYAML = """
        name: benchmark-activity-log
        time: {format: iso, zone: UTC}
        columns: {case: Ticket, time: When, tie_break: Activity No, status: Activity, team: Team, agent: Agent,
                  actor: Actor, priority: Priority, plan: Plan, department: Department}
        activities: {created: open, reopened: open, resolved: resolved, closed: closed, "*": keep}
        """

    /// Writes `profile-log.csv` and `profile.yaml` into `folder`; returns their paths.
    static func write(from database: String, to folder: URL, seed: UInt64) throws -> (log: String, profile: String) {
        let store = try TicketStore(path: database, readOnly: true)
        let result = try store.query("""
            SELECT t.number, e.occurred_at, e.kind, e.team, e.agent, e.actor, t.priority, t.sla_plan, e.department
            FROM events e JOIN tickets t ON t.id = e.ticket_id ORDER BY t.number, e.occurred_at, e.id
            """)
        var rows: [[String]] = []
        rows.reserveCapacity(result.rows.count)
        var position: [String: Int] = [:]
        for row in result.rows {
            let number = row[0] ?? ""
            position[number, default: 0] += 1
            let time = Instant(secondsSinceEpoch: Int64(row[1] ?? "0") ?? 0).iso8601
            rows.append([number, time, String(position[number]!), row[2] ?? "", row[3] ?? "", row[4] ?? "", row[5] ?? "",
                         row[6] ?? "", row[7] ?? "", row[8] ?? ""])
        }
        // SplitMix64, so the benchmark's shuffle is the same on every run.
        var generator = SplitMix64(seed: seed)
        rows.shuffle(using: &generator)
        func quoted(_ text: String) -> String {
            text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        var text = "Ticket,When,Activity No,Activity,Team,Agent,Actor,Priority,Plan,Department\n"
        for row in rows { text += row.map(quoted).joined(separator: ",") + "\n" }
        let log = folder.appendingPathComponent("profile-log.csv").path
        let profile = folder.appendingPathComponent("profile.yaml").path
        try text.write(toFile: log, atomically: true, encoding: .utf8)
        try profileYAML.write(toFile: profile, atomically: true, encoding: .utf8)
        return (log, profile)
    }
}
