import SLAModel

/// A ticket's SLA clock as a timeline: each event, what it did to the clocks, the business
/// time accumulated on the resolution clock, and the final verdicts. Built by
/// `LifecycleReplayer.explain`.
public struct ClockExplanation: Sendable {
    /// One line of the timeline.
    public struct Step: Sendable, Hashable {
        public var time: Instant
        /// What happened: the event kind and its details, or a clock milestone (due, breach).
        public var what: String
        /// Who acted, when known.
        public var actor: String?
        /// Who held the ticket after this step.
        public var team: String?
        public var agent: String?
        /// What the step did to the clocks, in words (started, paused, resumed, plan changed,
        /// due moved, breached, stopped).
        public var effects: [String]
        /// Business seconds on the current resolution cycle at this instant.
        public var resolutionElapsed: Int64?
        /// The resolution due instant when this step set or moved it.
        public var dueMovedTo: Instant?
    }

    public var ticketNumber: String
    public var steps: [Step]
    public var replay: TicketReplay
}

extension LifecycleReplayer {
    /// Replays one ticket and explains its clocks step by step.
    public func explain(ticket: Ticket, events unsorted: [LifecycleEvent], asOf: Instant) -> ClockExplanation {
        var walk = ReplayWalk(ticket: ticket, events: Self.ordered(unsorted, upTo: asOf), rules: rules, asOf: asOf,
                              recordsTrace: true)
        walk.run()
        let replay = replay(ticket: ticket, events: unsorted, asOf: asOf)
        // Snapshots replay a prefix of the events; they start from the ticket's first plan
        // and priority, not its final ones.
        var firstState = ticket
        firstState.slaPlan = walk.initialPlan
        firstState.priority = walk.initialPriority
        var steps: [ClockExplanation.Step] = []
        var cycle = 0
        var previousDue: Instant?
        // Where the step's event is in the walk's events (the trace follows their order).
        var position = -1
        for (index, step) in walk.trace.enumerated() {
            position += 1
            while position < walk.events.count - 1 && walk.events[position] != step.event { position += 1 }
            var effects: [String] = []
            if index == 0 || step.newCycle {
                cycle += 1
                let plan = lookup.plan(ticketPlan: step.planAfter, priority: nil)
                    ?? lookup.plan(ticketPlan: walk.plan, priority: walk.priority)
                effects.append("resolution cycle \(cycle) started" + (plan.map { " under \"\($0.name)\"" + targetText($0) } ?? ""))
                // Time to first response is measured under every plan; a plan without a target never breaches it.
                if index == 0 {
                    effects.append("first-response clock started"
                                   + (plan.map { $0.firstResponseTarget == nil ? " (measured only: \"\($0.name)\" sets no first-response target)" : "" } ?? ""))
                }
                // Created in a waiting status: the clock starts paused (a later "resumed" needs this).
                if index == 0, step.resolutionPhase == .paused {
                    effects.append("resolution clock paused (\(step.stateAfter.rawValue))")
                }
            }
            let previous = index > 0 ? walk.trace[index - 1] : nil
            if let previous, !step.newCycle {
                switch (previous.resolutionPhase, step.resolutionPhase) {
                case (.running, .paused): effects.append("resolution clock paused (\(step.stateAfter.rawValue))")
                case (.paused, .running): effects.append("resolution clock resumed")
                case (.running, .stopped), (.paused, .stopped): effects.append("resolution clock stopped")
                case (.stopped, .running), (.stopped, .paused):
                    effects.append("resolution clock resumed after the reopen (\(policy.reopenRule.rawValue))")
                default: break
                }
                if previous.firstResponsePhase != .stopped && step.firstResponsePhase == .stopped {
                    effects.append(step.event.kind == .response ? "first response given: first-response clock stopped"
                                                                 : "first-response clock stopped without a response")
                }
                let reopened = (previous.stateAfter == .resolved || previous.stateAfter == .closed)
                    && (step.stateAfter == .open || step.stateAfter == .paused)
                if reopened && policy.reopenRule == .firstCycleOnly { effects.append("reopen ignored (first_cycle_only)") }
            }
            if step.planBefore != step.planAfter, index > 0 {
                let plan = step.planAfter.flatMap(policy.plan(named:))
                effects.append("plan changed to \"\(step.planAfter ?? "none")\"" + (plan.map(targetText) ?? "")
                               + (policy.planChangeRule == .fromCycleStart ? ", measured from the cycle start" : ", measured from now"))
            }
            if step.event.kind == .dueDateChanged {
                let rule = policy.effectiveManualDueDates
                effects.append(step.event.value.map {
                    "agent-set due date \($0)" + (rule == .honor ? " overrides the plan's due date" : " ignored")
                        + " (manual_due_dates: \(rule.rawValue))"
                } ?? "agent-set due date cleared: the plan's due date applies")
            }
            // The resolution cycle as it stands after this event: not after every event of its
            // instant (a close and a reopen at one instant showed the reopened cycle at the close).
            let standing = snapshot(events: Array(walk.events.prefix(position + 1)), ticket: firstState, at: step.time)
            var moved: Instant?
            if let due = standing?.dueAt, due != previousDue, standing?.stoppedAt == nil {
                moved = due
                previousDue = due
            }
            steps.append(ClockExplanation.Step(time: step.time, what: describe(step.event), actor: step.event.actor,
                              team: step.holder.team, agent: step.holder.agent, effects: effects,
                              resolutionElapsed: standing?.elapsedSeconds, dueMovedTo: moved))
        }
        // Milestones: each breach instant, placed in time order.
        for breached in replay.cycles where breached.breachedAt != nil {
            let metric = breached.metric == .resolution ? "resolution" : "first response"
            steps.append(ClockExplanation.Step(
                time: breached.breachedAt!, what: "\(metric) due passed", actor: nil, team: breached.breachTeam,
                agent: breached.breachAgent,
                effects: ["\(metric) breached (cycle \(breached.cycle)) while \(breached.breachTeam ?? "no team") / \(breached.breachAgent ?? "no agent") held the ticket"]
                    + (breached.reason.map { [$0.hasPrefix(SLACycle.keptBreachReasonPrefix) ? "kept: \($0)" : $0] } ?? []),
                // At the breach instant the clock shows the target of the plan it breached.
                resolutionElapsed: breached.metric == .resolution
                    && breached.reason?.hasPrefix(SLACycle.manualDueReasonPrefix) != true
                    ? (SLACycle.keptBreachPlan(fromReason: breached.reason).flatMap { policy.plan(named: $0)?.resolutionTarget }
                       ?? breached.targetSeconds) : nil,
                dueMovedTo: nil))
        }
        steps = steps.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
        return ClockExplanation(ticketNumber: ticket.number, steps: steps, replay: replay)
    }

    private func targetText(_ plan: SLAPlanDefinition) -> String {
        var parts: [String] = []
        if let target = plan.resolutionTarget { parts.append("resolution \(DurationText.short(target))") }
        if let target = plan.firstResponseTarget { parts.append("first response \(DurationText.short(target))") }
        return parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + " on \(plan.calendar))"
    }

    private func describe(_ event: LifecycleEvent) -> String {
        var text = event.kind.rawValue
        switch event.kind {
        case .slaChanged, .priorityChanged:
            text += " " + (event.previousValue.map { "\($0) -> " } ?? "-> ") + (event.value ?? "none")
        case .dueDateChanged:
            text += " " + (event.previousValue.map { "\($0) -> " } ?? "-> ") + (event.value ?? "none")
        case .statusChanged, .resolved, .closed, .reopened:
            if let status = event.status { text += " (\(status))" }
        case .assigned, .claimed, .released, .transferred:
            let who = [event.team, event.agent, event.kind == .transferred ? event.department : nil].compactMap { $0 }
            if !who.isEmpty { text += " -> " + who.joined(separator: " / ") }
        default:
            break
        }
        return text + (event.annulled ? " [annulled]" : "")
    }

    /// The current resolution cycle measured as if the replay ended at `instant`.
    private func snapshot(events: [LifecycleEvent], ticket: Ticket, at instant: Instant) -> SLACycle? {
        replay(ticket: ticket, events: events, asOf: instant).cycles.last { $0.metric == .resolution }
    }
}

/// Durations in words for people: `1h`, `18h`, `1h 28m 12s`, `45s`.
public enum DurationText {
    public static func short(_ seconds: Int64) -> String {
        let sign = seconds < 0 ? "-" : ""
        var rest = abs(seconds)
        let hours = rest / 3600
        rest %= 3600
        let minutes = rest / 60
        let secs = rest % 60
        var parts: [String] = []
        if hours > 0 { parts.append("\(hours)h") }
        if minutes > 0 { parts.append("\(minutes)m") }
        if secs > 0 || parts.isEmpty { parts.append("\(secs)s") }
        return sign + parts.joined(separator: " ")
    }
}
