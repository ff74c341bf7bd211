import ArgumentParser
import Foundation
import SLAModel
import SLAEngine
import SLAReports
import SLAStore
import SLAPipeline

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Print a ticket's SLA clock as a timeline: why it started, paused, stopped and breached.")

    @OptionGroup var db: DatabaseOptions
    @OptionGroup var redaction: RedactionOptions
    @Argument(help: "The ticket number.") var ticket: String
    @Option(help: "SLA policy file (default: osTicket's defaults).") var policy: String?
    @Option(help: "Judge an open ticket at this instant: now, data or ISO 8601 with offset (default: the last recompute's).")
    var asOf: String?
    @Option(help: "Time zone for the printed times (default: the policy's first business calendar's).") var zone: String?
    @Option(help: "Time zone of the built-in default policy's calendar (when --policy is not given), as for recompute.")
    var calendarZone: String = "America/New_York"

    func run() throws {
        let store = try TicketStore(path: db.database, readOnly: true)
        guard let (ticketValue, events) = try store.ticketWithEvents(number: ticket) else {
            throw UserFacingError(description: "ticket \(ticket) is not in \(db.database)", exitCode: 2)
        }
        let policyValue = try PolicySource.load(policy, zone: calendarZone)
        let last = try store.lastRecompute()
        // The stored results (reports, views) came from a policy file this database does not keep:
        // explained under osTicket's defaults instead, a breach could read as met.
        if policy == nil, let last, last.policyHash != policyValue.contentHash {
            throw UserFacingError(description: """
                the stored results were computed under policy "\(last.policyName)" [\(last.policyHash.prefix(12))]; \
                pass the same file with --policy to explain them: without --policy explain would replay under osTicket's defaults, and its verdicts could differ from the stored ones
                """, exitCode: 2)
        }
        let instant = try asOf.map { try AsOfInstant.parse($0, store: store) } ?? last?.asOf ?? .now
        let replayer: LifecycleReplayer
        do { replayer = try LifecycleReplayer(policy: policyValue) } catch {
            throw UserFacingError(description: "\(policy ?? "built-in policy"): \(error)", exitCode: 2)
        }
        let zoneName = zone ?? policyValue.businessZone ?? "UTC"
        guard let rules = ZoneRules.named(zoneName) else {
            throw UserFacingError(description: "--zone \(zoneName): unknown time zone", exitCode: 2)
        }
        let explanation = replayer.explain(ticket: ticketValue, events: events, asOf: instant)
        let text = ExplanationText.render(explanation, ticket: ticketValue, policy: policyValue, zone: rules, asOf: instant)
        // Said first, before any verdict is read.
        if let last, last.policyHash != policyValue.contentHash {
            print("note: this is the ticket under \"\(policyValue.name)\" [\(policyValue.shortHash)]; the stored results (reports, views) were computed under \"\(last.policyName)\" [\(last.policyHash.prefix(12))] and may differ.")
        }
        // Requesters appear as the actor of their messages and in subjects.
        print(try RequesterRedaction.redactor(mode: redaction.redact, store: store, database: db.database)?.redact(text) ?? text)
    }
}

/// The plain-text form of a clock explanation.
enum ExplanationText {
    /// `2025-08-05 15:58:40 -04:00`: wall clock and offset, never a zone abbreviation.
    static func local(_ instant: Instant, _ zone: ZoneRules) -> String {
        zone.localTime(of: instant).sqlStyle + " " + ReportText.offset(zone.offset(at: instant))
    }

    /// A stored reason's UTC instants (`2025-10-22T21:00:00Z`) in the timeline's zone, as every
    /// other time `explain` prints.
    static func localInstants(in text: String, _ zone: ZoneRules) -> String {
        var result = ""
        var rest = Substring(text)
        while let start = rest.firstIndex(where: \.isNumber) {
            result += rest[..<start]
            let candidate = rest[start...].prefix(20)
            if candidate.count == 20, candidate.last == "Z", let instant = Instant(iso8601: String(candidate)) {
                result += local(instant, zone)
                rest = rest[candidate.endIndex...]
            } else {
                result.append(rest[start])
                rest = rest[rest.index(after: start)...]
            }
        }
        return result + rest
    }

    static func render(_ explanation: ClockExplanation, ticket: Ticket, policy: SLAPolicy, zone: ZoneRules,
                       asOf: Instant) -> String {
        var lines: [String] = []
        lines.append("Ticket \(ticket.number)" + (ticket.subject.map { ": \($0)" } ?? ""))
        lines.append("Policy \"\(policy.name)\" [\(policy.shortHash)], as of \(local(asOf, zone)), times in \(zone.identifier)")
        lines.append("")
        for step in explanation.steps {
            let holder = [step.team, step.agent].compactMap { $0 }.joined(separator: " / ")
            // Stored texts (due dates in values and reasons) carry UTC instants: shown in the zone.
            var head = local(step.time, zone) + "  " + localInstants(in: step.what, zone)
            if let actor = step.actor { head += "  by \(actor)" }
            if !holder.isEmpty { head += "  [held by \(holder)]" }
            if let elapsed = step.resolutionElapsed { head += "  clock \(DurationText.short(elapsed))" }
            lines.append(head)
            for effect in step.effects { lines.append("      -> " + localInstants(in: effect, zone)) }
            if let due = step.dueMovedTo { lines.append("      -> resolution due \(local(due, zone))") }
        }
        lines.append("")
        lines.append("Verdicts:")
        if explanation.replay.cycles.isEmpty {
            lines.append(ticket.createdAt > asOf
                ? "  none: the ticket was created after the as-of instant (\(local(asOf, zone))), so no clock had started; explain it with a later --as-of"
                : "  none: no SLA clock ran for this ticket")
        }
        for cycle in explanation.replay.cycles {
            let metric = cycle.metric == .resolution ? "resolution cycle \(cycle.cycle)" : "first response"
            var text = "  \(metric): \(cycle.status.rawValue)"
            if let target = cycle.targetSeconds {
                text += ", \(DurationText.short(cycle.elapsedSeconds)) of \(DurationText.short(target))"
            }
            if cycle.pausedSeconds > 0 { text += ", paused \(DurationText.short(cycle.pausedSeconds))" }
            if let due = cycle.dueAt { text += ", due \(local(due, zone))" }
            if let late = cycle.secondsLate { text += ", \(DurationText.short(late)) late" }
            if let team = cycle.breachTeam { text += ", breached while \(team)" + (cycle.breachAgent.map { " / \($0)" } ?? "") + " held it" }
            if let reason = cycle.reason { text += " (\(localInstants(in: reason, zone)))" }
            lines.append(text)
        }
        return lines.joined(separator: "\n")
    }
}
