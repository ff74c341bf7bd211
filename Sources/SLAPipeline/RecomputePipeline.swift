import Foundation
import SLAModel
import SLAEngine
import SLAStore

/// What a recompute did.
public struct RecomputeOutcome {
    /// The policy replayed under.
    public var policy: SLAPolicy
    /// The instant open tickets were judged at.
    public var asOf: Instant
    /// Tickets replayed, and whether all were (policy or as-of changed, or asked for).
    public var ticketsReplayed: Int
    public var full: Bool
    /// The previous recompute, if any (it explains why only some tickets were replayed).
    public var previous: RecomputeRun?
    /// That the database was upgraded on the way (`UpgradeNote.applied`), or nil.
    public var upgradeNote: String?
    /// Events read across the replayed tickets.
    public var events: Int
    /// Resolution cycles of the replayed tickets, and how many of them breached.
    public var resolutionCycles: Int
    public var breached: Int
    /// Statuses of the replayed events the policy does not list (counted as open), with how
    /// many events had each.
    public var unlistedStatuses: [String: Int] = [:]
    /// Plan names of the replayed tickets (their own or set by an event) the policy does not
    /// have, with how many tickets named each: those fell back to the priority's plan or the default.
    public var unknownPlans: [String: Int] = [:]
    /// Exported due dates of open tickets compared with the recomputed ones.
    public var dueDates: DueDateAgreement
}

/// Replays tickets' events under a policy and stores the SLA cycles: shared by `recompute` and `run`.
public enum RecomputePipeline {
    /// Replays the tickets changed since the last recompute (all of them when `replayAll`, or when the
    /// policy or the as-of instant changed) in one transaction.
    /// - Parameters:
    ///   - policyPath: a policy file, or nil for osTicket's defaults with a calendar in `zone`.
    ///   - asOf: `now`, `data` or an ISO 8601 instant with an offset.
    /// - Throws: `PipelineError` (no database, bad policy or as-of: exit 2), or the store's errors.
    public static func recompute(database: String, policyPath: String?, zone: String, asOf: String,
                                 replayAll: Bool, showProgress: Bool = false) throws -> RecomputeOutcome {
        guard FileManager.default.fileExists(atPath: database) else {
            throw PipelineError.badInput("\(database): no such database; run `slareport import` first")
        }
        // The policy and an instant's spelling first: opening the store upgrades an older database,
        // which a mistyped option must not do (the database stays as it was).
        let policy = try PolicySource.load(policyPath, zone: zone)
        let replayer: LifecycleReplayer
        do { replayer = try LifecycleReplayer(policy: policy) } catch {
            throw PipelineError.badInput("\(policyPath ?? "built-in policy"): \(error)")
        }
        let givenAsOf = asOf == "data" ? nil : try AsOfInstant.parse(asOf, store: nil)
        let store = try TicketStore(path: database)
        let asOfInstant = try givenAsOf ?? AsOfInstant.parse(asOf, store: store)
        let hash = policy.contentHash
        // What the store will replay is decided inside its transaction; this estimate only sizes the progress line.
        let last = try store.lastRecompute()
        let likelyFull = replayAll || last == nil || last?.policyHash != hash || (last.map { $0.asOf > asOfInstant } ?? true)
        var events = 0
        var dueDates = DueDateAgreement()
        var resolutionCycles = 0
        var breached = 0
        var unlistedStatuses: [String: Int] = [:]
        // Statuses repeat from event to event: each is looked up once.
        var knownStatus: [String: Bool] = [:]
        var lastStatus = "", lastKnown = true
        var unknownPlans: [String: Int] = [:]
        // Plans repeat from ticket to ticket too: the last one's answer is kept, each looked up once.
        var knownPlan: [String: Bool] = [:]
        var lastPlan = "", lastPlanKnown = true
        func planIsKnown(_ name: String) -> Bool {
            if name != lastPlan {
                lastPlan = name
                if let known = knownPlan[name] { lastPlanKnown = known } else {
                    lastPlanKnown = replayer.policyKnows(plan: name)
                    knownPlan[name] = lastPlanKnown
                }
            }
            return lastPlanKnown
        }
        let progress = TerminalProgress(
            label: "recompute", unit: "tickets",
            total: likelyFull ? try store.ticketCount() : last?.asOf == asOfInstant ? try store.ticketsAwaitingReplay() : nil,
            enabled: TerminalProgress.shouldShow(quiet: !showProgress, standardErrorIsTerminal: TerminalProgress.standardErrorIsTerminal))
        defer { progress.finish() }
        let (replayed, full): (Int, Bool)
        do {
            (replayed, full) = try store.recompute(replayAll: replayAll, policyName: policy.name, policyHash: hash,
                                                      asOf: asOfInstant, startedAt: .now, calendarZone: policy.businessZone,
                                                      progress: { progress.update($0) }) { ticket, ticketEvents in
                events += ticketEvents.count
                var unknownHere: String?
                if let plan = ticket.slaPlan, !planIsKnown(plan) { unknownHere = plan }
                // By index, reading only the fields used: `for event in` copied every event (nine
                // strings retained, then released) on the replaying thread.
                for index in ticketEvents.indices {
                    if ticketEvents[index].kind == .slaChanged, let plan = ticketEvents[index].value, !planIsKnown(plan) {
                        unknownHere = plan
                    }
                    // Only where the status name decides the state: a resolve, close or reopen with an
                    // unlisted label still stops or restarts the clock by its kind (they were listed as
                    // "counted as open", a stranger's trial), and other kinds' labels decide nothing.
                    guard ticketEvents[index].kind == .statusChanged || ticketEvents[index].kind == .created,
                          let status = ticketEvents[index].status else { continue }
                    if status != lastStatus {
                        lastStatus = status
                        if let known = knownStatus[status] { lastKnown = known } else {
                            lastKnown = replayer.policyKnows(status: status)
                            knownStatus[status] = lastKnown
                        }
                    }
                    if !lastKnown { unlistedStatuses[status, default: 0] += 1 }
                }
                if let unknownHere { unknownPlans[unknownHere, default: 0] += 1 }
                let replay = replayer.replay(ticket: ticket, events: ticketEvents, asOf: asOfInstant)
                dueDates.count(ticket: ticket, replay: replay)
                for index in replay.cycles.indices where replay.cycles[index].metric == .resolution {
                    resolutionCycles += 1
                    if replay.cycles[index].status.isBreach { breached += 1 }
                }
                return replay
            }
        } catch let error where StoreError.plainDescription(of: error) != nil {
            // One transaction: nothing of it landed.
            throw PipelineError.failed("recompute failed, the stored results are unchanged: " + StoreError.plainDescription(of: error)!)
        }
        var outcome = RecomputeOutcome(policy: policy, asOf: asOfInstant, ticketsReplayed: replayed, full: full, previous: last,
                                       events: events, resolutionCycles: resolutionCycles, breached: breached, dueDates: dueDates)
        outcome.unlistedStatuses = unlistedStatuses
        outcome.upgradeNote = UpgradeNote.applied(store.upgradedBy, database: database, byRecompute: true)
        outcome.unknownPlans = unknownPlans
        return outcome
    }
}
