import SLAModel
import SLAEngine
import SLAStore

/// What a draft policy would change, next to the stored results.
public struct WhatIfOutcome {
    /// The draft policy replayed.
    public var draft: SLAPolicy
    /// The recompute whose stored results the draft is compared with.
    public var current: RecomputeRun
    /// The instant both were judged at.
    public var asOf: Instant
    /// The zone the weeks are counted in (the draft's first business calendar, else `zone`).
    public var zoneName: String
    /// Compliance per team and week, now and under the draft, and the tickets whose verdict flips.
    public var comparison: WhatIfComparison
}

/// `recompute --what-if`: replays every ticket under a draft policy and compares, writing nothing.
public enum WhatIfPipeline {
    /// Replays every ticket under the policy at `draftPath` at the stored results' as-of instant
    /// (or `asOf` when it is not `now`) and compares with the stored results, by ISO week in
    /// `weeksZone`, else the draft's first business calendar's zone, else `zone`.
    /// - Throws: `PipelineError.badInput` (no stored results, a bad draft, as-of or zone), or the store's errors.
    public static func compare(database: String, draftPath: String, zone: String, asOf: String,
                               weeksZone: String? = nil) throws -> WhatIfOutcome {
        if let weeksZone, ZoneRules.named(weeksZone) == nil {
            throw PipelineError.badInput("--zone \(weeksZone): unknown time zone (expected an IANA name such as America/New_York)")
        }
        let store = try TicketStore(path: database, readOnly: true)
        guard let last = try store.lastRecompute() else {
            throw PipelineError.badInput("\(database): no stored results to compare with; run `slareport recompute` first")
        }
        let draft = try PolicySource.load(draftPath, zone: zone)
        let replayer: LifecycleReplayer
        do { replayer = try LifecycleReplayer(policy: draft) } catch {
            throw PipelineError.badInput("\(draftPath): \(error)")
        }
        let asOfInstant = asOf == "now" ? last.asOf : try AsOfInstant.parse(asOf, store: store)
        var draftMetrics: [TicketMetrics] = []
        try store.forEachTicketWithEvents(onlyChanged: false) { _, ticket, events in
            draftMetrics.append(TicketMetrics(ticket: ticket, replay: replayer.replay(ticket: ticket, events: events, asOf: asOfInstant)))
        }
        let zoneName = weeksZone ?? draft.businessZone ?? zone
        let comparison = WhatIfComparison(now: try store.loadTicketMetrics(), draft: draftMetrics,
                                          zone: ZoneRules.named(zoneName) ?? .utc)
        return WhatIfOutcome(draft: draft, current: last, asOf: asOfInstant, zoneName: zoneName, comparison: comparison)
    }
}
