import ArgumentParser
import Foundation
import SLAModel
import SLAEngine
import SLAImport
import SLAStore
import SLAPipeline

struct RecomputeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recompute",
        abstract: "Replay every ticket's events under an SLA policy and store the SLA cycles.",
        discussion: """
            Only tickets whose data changed since the last recompute are replayed, with those not yet \
            finished when the as-of instant moves forward; a changed policy or an as-of instant moved back \
            replays all. Without --policy, osTicket's defaults apply (Default SLA, \
            18 h on Monday-Friday 08:00-17:00 with U.S. holidays).
            """)

    @OptionGroup var db: DatabaseOptions
    @OptionGroup var write: WriteOptions
    @Option(help: "SLA policy file (YAML or JSON).") var policy: String?
    @Option(help: "Judge open tickets at this instant: now, data (the latest instant in the data) or ISO 8601 with offset.")
    var asOf: String = "now"
    @Option(help: "Time zone of the built-in default policy's calendar (when --policy is not given; default America/New_York). With --what-if, the zone its weeks are counted in (default: the draft's first business calendar's).")
    var zone: String?
    @Flag(help: "Replay every ticket even if nothing changed.") var all = false
    @Option(name: .customLong("what-if"), help: "A draft policy: replay the same history under it, print the difference per team and week and the tickets whose verdict flips; stored results are not touched.")
    var whatIf: String?
    @Flag(help: "Print nothing on success.") var quiet = false

    func validate() throws {
        // What-if compares the draft with the stored results: judged at another instant, or
        // against another policy than the stored one, the comparison would mix two questions.
        guard whatIf != nil else { return }
        if asOf != "now" {
            throw ValidationError("--what-if judges the draft at the stored results' as-of instant; to compare at \(asOf), run `recompute --as-of \(asOf)` first, then --what-if")
        }
        if policy != nil { throw ValidationError("--what-if compares with the stored results' policy; --policy is not used with it") }
        if all { throw ValidationError("--what-if replays every ticket and stores nothing; --all is not used with it") }
    }

    func run() throws {
        if let whatIf { return try runWhatIf(draftPath: whatIf) }
        let lock = try write.beginExisting(database: db.database)
        defer { lock.release() }
        let outcome = try RecomputePipeline.recompute(database: db.database, policyPath: policy, zone: zone ?? "America/New_York", asOf: asOf,
                                                      replayAll: all, showProgress: !quiet)
        if !quiet { Self.printOutcome(outcome) }
        Self.printUnlistedStatuses(outcome)
    }

    /// The note (on standard error, even when quiet) that events had statuses the policy does not
    /// list: they counted as open, so a waiting status meant to pause the clock did not.
    static func printUnlistedStatuses(_ outcome: RecomputeOutcome) {
        if let upgraded = outcome.upgradeNote { printError("slareport: note: " + upgraded) }
        printUnknownPlans(outcome)
        guard !outcome.unlistedStatuses.isEmpty else { return }
        let listed = outcome.unlistedStatuses.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
        let shown = listed.prefix(8).map { "\"\($0.key)\" (\(counted($0.value, "event")))" }.joined(separator: ", ")
        printError("slareport: note: statuses the policy does not list counted as open: \(shown)"
                   + (listed.count > 8 ? " and \(listed.count - 8) more" : "")
                   + "; list them under statuses: in the policy with the state each means (open, paused, resolved or closed) "
                   + "if they mean otherwise")
    }

    /// The note (on standard error, even when quiet) that tickets named plans the policy does
    /// not have: they were judged under the priority's plan or the default, silently until now.
    static func printUnknownPlans(_ outcome: RecomputeOutcome) {
        guard !outcome.unknownPlans.isEmpty else { return }
        let listed = outcome.unknownPlans.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
        let shown = listed.prefix(8).map { "\"\($0.key)\" (\(counted($0.value, "ticket")))" }.joined(separator: ", ")
        printError("slareport: note: plans the policy does not have were judged under the priority's plan or default_plan \"\(outcome.policy.defaultPlan)\": \(shown)"
                   + (listed.count > 8 ? " and \(listed.count - 8) more" : "")
                   + "; add them under plans: in the policy if they mean otherwise")
    }

    /// Prints the due-date agreement (when any were compared) and what was replayed.
    static func printOutcome(_ outcome: RecomputeOutcome) {
        let (policy, asOfInstant, dueDates, last) = (outcome.policy, outcome.asOf, outcome.dueDates, outcome.previous)
        if dueDates.compared > 0 {
            // A recompute of some tickets compares only those: said, so 0 of 1 does not read as the desk's figure.
            let which = outcome.full ? "open tickets" : "open tickets replayed"
            print("source due dates: \(dueDates.agreeing) of \(dueDates.compared) \(which) with an exported \"SLA Due Date\" agree with the recomputed due date to the second" + (policy.dueDateRule == .exact ? " (due_date_rule: exact; use osticket to reproduce osTicket's quirks)" : ""))
        }
        if outcome.ticketsReplayed == 0, outcome.previous != nil {
            // "0 resolution cycles, 0 breached" read like a desk without breaches.
            print("nothing to replay: no ticket changed since the last recompute under \"\(policy.name)\" [\(policy.shortHash)] as of \(asOfInstant.iso8601); the stored results stand")
            return
        }
        print("replayed \(counted(outcome.ticketsReplayed, "ticket")) (\(counted(outcome.events, "event")), \(outcome.full ? "full" : last.map { $0.asOf < asOfInstant ? "changed, or not finished at \($0.asOf.iso8601)" : "changed only" } ?? "changed only")) under \"\(policy.name)\" [\(policy.shortHash)] as of \(asOfInstant.iso8601): \(counted(outcome.resolutionCycles, "resolution cycle")), \(outcome.breached) breached")
    }
}

extension RecomputeCommand {
    /// Prints what the draft policy would change (`WhatIfPipeline`); nothing is written.
    func runWhatIf(draftPath: String) throws {
        let outcome = try WhatIfPipeline.compare(database: db.database, draftPath: draftPath, zone: "America/New_York", asOf: asOf,
                                                 weeksZone: zone)
        let (draft, last, asOfInstant, zoneName, comparison) = (outcome.draft, outcome.current, outcome.asOf,
                                                                outcome.zoneName, outcome.comparison)
        print("What if \"\(draft.name)\" [\(draft.shortHash)] replaced \"\(last.policyName)\" [\(last.policyHash.prefix(12))], as of \(asOfInstant.iso8601); weeks in \(zoneName)")
        print("Resolution compliance = met / (met + breached + open and breached), by the week each ticket was judged.")
        // Said, so that "0 tickets change" is not read of a draft that changes only first responses.
        print("First response is not compared: recompute a copy of the database under the draft to see it.")
        print("")
        func percent(_ value: WhatIfComparison.Compliance) -> String {
            value.percent.map { String(format: "%5.1f%% (%d/%d)", $0, value.met, value.judged) } ?? "     - (0/0)"
        }
        let teamWidth = max(4, comparison.rows.map(\.team.count).max() ?? 0)
        print("week      " + "team".padding(toLength: teamWidth, withPad: " ", startingAt: 0) + "  now               draft             change")
        for row in comparison.rows {
            let change = row.difference.map { String(format: "%+6.1f pts", $0) } ?? "      -"
            print(row.week + "  " + row.team.padding(toLength: teamWidth, withPad: " ", startingAt: 0) + "  "
                  + percent(row.now).padding(toLength: 18, withPad: " ", startingAt: 0)
                  + percent(row.draft).padding(toLength: 18, withPad: " ", startingAt: 0) + change)
        }
        print("")
        let flips = comparison.flips.count
        print(flips == 0 ? "No ticket changes its resolution verdict."
                         : "\(flips) ticket\(flips == 1 ? " changes its" : "s change their") resolution verdict:")
        for flip in comparison.flips.prefix(200) {
            print("  \(flip.number)  \(flip.team): \(flip.now.rawValue) -> \(flip.draft.rawValue)"
                  + (flip.dueNow.map { "  due now \($0.iso8601)" } ?? "") + (flip.dueDraft.map { ", under the draft \($0.iso8601)" } ?? ""))
        }
        if comparison.flips.count > 200 { print("  ... and \(comparison.flips.count - 200) more") }
    }
}
