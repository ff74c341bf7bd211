import SLAModel

/// Who holds a ticket.
struct Holder: Hashable, Sendable {
    var team: String?
    var agent: String?
    var department: String?
}

/// The phase of an SLA clock between two marks.
enum ClockPhase: Hashable, Sendable {
    case running, paused, stopped
}

/// One SLA clock (one metric, one cycle) as a list of phase changes.
struct Clock: Sendable {
    var startedAt: Instant
    var stoppedAt: Instant?
    /// The plan and priority in force at the end of the cycle.
    var plan: String?
    var priority: String?
    /// The last time the effective plan changed during the cycle.
    var planChangedAt: Instant?
    /// Phase changes, the first at `startedAt`.
    var marks: [(time: Instant, phase: ClockPhase)]
    /// The plan and priority from each effective plan change on, the first at `startedAt`, so a
    /// breach under a plan the ticket later left can be kept.
    var planPeriods: [(start: Instant, plan: String?, priority: String?)]
    /// The agent-set due date in force (osTicket's `duedate`), kept as it stood at the stop.
    var manualDue: Instant?

    init(startedAt: Instant, phase: ClockPhase, plan: String?, priority: String?, manualDue: Instant? = nil) {
        self.manualDue = manualDue
        self.startedAt = startedAt
        self.plan = plan
        self.priority = priority
        marks = [(startedAt, phase)]
        planPeriods = [(startedAt, plan, priority)]
    }

    var phase: ClockPhase { marks.last!.phase }

    /// Records a change of the effective plan: a new plan period (replacing one that started at
    /// the same instant).
    mutating func planChanged(to plan: String?, priority: String?, at time: Instant) {
        planChangedAt = time
        if planPeriods.last!.start == time {
            planPeriods[planPeriods.count - 1] = (time, plan, priority)
        } else {
            planPeriods.append((time, plan, priority))
        }
    }

    mutating func mark(_ phase: ClockPhase, at time: Instant) {
        guard phase != self.phase else { return }
        if marks.last!.time == time { marks[marks.count - 1].phase = phase } else { marks.append((time, phase)) }
        if marks.count >= 2, marks[marks.count - 2].phase == marks.last!.phase { marks.removeLast() }
    }

    /// The stretches in `phase` up to `end`.
    func intervals(in phase: ClockPhase, until end: Instant) -> [Interval] {
        var result: [Interval] = []
        for (index, mark) in marks.enumerated() where mark.phase == phase {
            let stop = min(index + 1 < marks.count ? marks[index + 1].time : end, end)
            if mark.time < stop { result.append(Interval(start: mark.time, end: stop)) }
        }
        return result
    }

    func running(until end: Instant) -> [Interval] { intervals(in: .running, until: end) }
    func paused(until end: Instant) -> [Interval] { intervals(in: .paused, until: end) }
}

/// What one event did, recorded during the walk for `explain`.
struct TraceStep: Sendable {
    var event: LifecycleEvent
    var time: Instant
    var stateBefore: LifecycleState
    var stateAfter: LifecycleState
    var resolutionPhase: ClockPhase
    var firstResponsePhase: ClockPhase
    var newCycle: Bool
    var planBefore: String?
    var planAfter: String?
    var holder: Holder
}

/// A stretch during which one holder had the ticket open.
struct Holding: Sendable {
    var start: Instant
    var end: Instant
    var team: String?
    var agent: String?
    var department: String?
    /// Whether the resolution clock was running (not paused) during the stretch.
    var counting: Bool
}

/// The state machine that walks one ticket's sorted events.
struct ReplayWalk {
    let ticket: Ticket
    let events: [LifecycleEvent]
    /// The policy and its lookups, shared (see `ReplayRules`).
    let rules: ReplayRules
    let asOf: Instant
    /// Whether to record a `TraceStep` per event (only `explain` needs them).
    let recordsTrace: Bool

    var state: LifecycleState = .open
    var plan: String?
    var priority: String?
    /// The plan and priority before any change event.
    var initialPlan: String?
    var initialPriority: String?
    var holder = Holder()
    var holderTimeline: [(time: Instant, holder: Holder)] = []
    var holdings: [Holding] = []
    var resolutionClocks: [Clock] = []
    var firstResponseClock: Clock?
    var firstResponseAt: Instant?
    var stoppedAt: Instant?
    /// The agent-set due date in force on the ticket (osTicket's `duedate`).
    var manualDue: Instant?
    var reopens = 0
    var handoffs = 0
    var hasThreadEntries = false
    /// One entry per applied event, for `explain`.
    var trace: [TraceStep] = []
    private var lastTime: Instant
    /// Whether a `created` event was applied: only the first one sets the starting state (a later
    /// one, such as a merged ticket's, changes nothing, as before).
    private var appliedCreated = false

    init(ticket: Ticket, events: [LifecycleEvent], rules: ReplayRules, asOf: Instant, recordsTrace: Bool = false) {
        self.ticket = ticket
        self.rules = rules
        self.asOf = asOf
        self.recordsTrace = recordsTrace
        // Without any history (a queue export alone), the ticket's own dates are its lifecycle.
        if events.isEmpty {
            var synthesized = [LifecycleEvent(ticketNumber: ticket.number, time: ticket.createdAt, kind: .created,
                                              team: ticket.team, agent: ticket.agent, department: ticket.department)]
            if let closedAt = ticket.closedAt, closedAt <= asOf {
                let stopState = ticket.status.map(rules.lookup.state(ofStatus:))
                synthesized.append(LifecycleEvent(ticketNumber: ticket.number, time: closedAt,
                                                  kind: stopState == .resolved ? .resolved : .closed,
                                                  team: ticket.team, agent: ticket.agent,
                                                  department: ticket.department, status: ticket.status))
            }
            self.events = synthesized
        } else {
            self.events = events
        }
        lastTime = ticket.createdAt
    }

    mutating func run() {
        let created = firstIndex(of: .created)
        // The clock starts at the ticket's own creation instant (`ost_ticket.created`, which
        // est_duedate counts from; osTicket sometimes stamps the `created` event a second later).
        // An event before it (a separate events file contradicting the tickets file) is applied at
        // it. A ticket known only from events has its earliest event's instant (the store's).
        let start = ticket.createdAt
        lastTime = start
        plan = initialValue(kind: .slaChanged, final: ticket.slaPlan)
        priority = initialValue(kind: .priorityChanged, final: ticket.priority)
        initialPlan = plan
        initialPriority = priority
        // The due date an agent set: before its first recorded change, the change's old value;
        // without any, the ticket's own (a queue export shows only the latest).
        if let first = firstIndex(of: .dueDateChanged) {
            manualDue = events[first].previousValue.flatMap(Instant.init(iso8601:))
        } else {
            manualDue = ticket.manualDueAt
        }
        if let created {
            holder = Holder(team: events[created].team, agent: events[created].agent, department: events[created].department)
        } else if !events.indices.contains(where: { events[$0].team != nil || events[$0].agent != nil || events[$0].department != nil }) {
            holder = Holder(team: ticket.team, agent: ticket.agent, department: ticket.department)
        }
        // At most one of each per event and one more: reserved, not grown by doubling.
        holderTimeline.reserveCapacity(events.count + 1)
        holdings.reserveCapacity(events.count + 1)
        holderTimeline.append((start, holder))
        resolutionClocks.append(Clock(startedAt: start, phase: phase(for: .resolution), plan: plan, priority: priority,
                                      manualDue: manualDue))
        firstResponseClock = Clock(startedAt: start, phase: phase(for: .firstResponse), plan: plan, priority: priority)

        for index in events.indices {
            apply(eventAt: index, at: max(events[index].time, start))
        }
        closeHolding(at: stoppedAt ?? asOf)
    }

    /// The first event of `kind`. Read field by field from the array: `first(where:)` and
    /// `firstIndex(where:)` hand the closure a copy of every event they pass (nine strings
    /// retained and released each), and these searches usually pass all of them.
    private func firstIndex(of kind: EventKind) -> Int? {
        var index = 0
        while index < events.count {
            if events[index].kind == kind { return index }
            index += 1
        }
        return nil
    }

    /// The value a changed field had before its first change, if the events say.
    private func initialValue(kind: EventKind, final: String?) -> String? {
        guard let first = firstIndex(of: kind) else { return final }
        return events[first].previousValue
    }

    private func phase(for metric: SLAMetric) -> ClockPhase {
        let pausedIn = metric == .resolution ? rules.policy.resolutionPausedIn : rules.policy.firstResponsePausedIn
        return pausedIn.contains(state) ? .paused : .running
    }

    private var isStopped: Bool { rules.policy.resolutionStopsAt.contains(state) }

    /// Applies the event at `index` of `events`, read in place: an event passed as an argument
    /// was copied at every call (nine strings retained and released), `self` being mutated meanwhile.
    private mutating func apply(eventAt index: Int, at time: Instant) {
        closeHolding(at: time)
        updateHolder(withEventAt: index, at: time)
        let wasStopped = isStopped
        // Only plan and priority changes can change the effective plan; skip the lookups otherwise.
        let mayChangePlan = events[index].kind == .slaChanged || events[index].kind == .priorityChanged || recordsTrace
        let oldEffectivePlan = mayChangePlan ? rules.lookup.plan(ticketPlan: plan, priority: priority)?.name : nil
        switch events[index].kind {
        case .message, .note:
            hasThreadEntries = true
        case .response:
            hasThreadEntries = true
            // A reply sent with the close (same second, exported after it) still counts as
            // the first response: the close stopped the clock at this very instant.
            let stoppedAt = firstResponseClock?.stoppedAt
            if firstResponseAt == nil, stoppedAt == nil || stoppedAt == time {
                firstResponseAt = time
                if stoppedAt == nil { stopFirstResponse(at: time) }
            }
        case .statusChanged:
            if let status = events[index].status { state = rules.lookup.state(ofStatus: status) }
        case .resolved:
            state = events[index].status.map(rules.lookup.state(ofStatus:)).flatMap { $0 == .open || $0 == .paused ? nil : $0 } ?? .resolved
        case .closed:
            state = events[index].status.map(rules.lookup.state(ofStatus:)).flatMap { $0 == .open || $0 == .paused ? nil : $0 } ?? .closed
        case .reopened:
            state = events[index].status.map(rules.lookup.state(ofStatus:)).flatMap { $0 == .resolved || $0 == .closed ? nil : $0 } ?? .open
        case .priorityChanged:
            priority = events[index].value
        case .slaChanged:
            plan = events[index].value
        case .dueDateChanged:
            manualDue = events[index].value.flatMap(Instant.init(iso8601:))
            for clock in resolutionClocks.indices where resolutionClocks[clock].stoppedAt == nil {
                resolutionClocks[clock].manualDue = manualDue
            }
        case .created:
            // A ticket created in a waiting status (a normalized event's or a JSON ticket's) starts
            // paused; a status the policy does not list leaves it open.
            if !appliedCreated, let status = events[index].status, let known = rules.lookup.knownState(ofStatus: status) { state = known }
            appliedCreated = true
        case .assigned, .claimed, .released, .transferred, .overdue, .deleted, .merged:
            break
        }
        let newEffectivePlan = mayChangePlan ? rules.lookup.plan(ticketPlan: plan, priority: priority)?.name : nil
        let stateBefore = trace.last?.stateAfter ?? .open
        let cyclesBefore = resolutionClocks.count
        updateClocks(at: time, wasStopped: wasStopped, planChanged: newEffectivePlan != oldEffectivePlan)
        if recordsTrace { trace.append(TraceStep(
            event: events[index], time: time, stateBefore: stateBefore, stateAfter: state,
            resolutionPhase: resolutionClocks.last!.stoppedAt == nil ? resolutionClocks.last!.phase : .stopped,
            firstResponsePhase: firstResponseClock.map { $0.stoppedAt == nil ? $0.phase : .stopped } ?? .stopped,
            newCycle: resolutionClocks.count > cyclesBefore, planBefore: oldEffectivePlan, planAfter: newEffectivePlan,
            holder: holder)) }
        lastTime = time
    }

    private mutating func updateHolder(withEventAt index: Int, at time: Instant) {
        var next = holder
        switch events[index].kind {
        case .released:
            // A release names who still holds the ticket afterwards; missing means nobody.
            next.agent = events[index].agent
            next.team = events[index].team
        default:
            if let team = events[index].team { next.team = team }
            if let agent = events[index].agent { next.agent = agent }
        }
        if let department = events[index].department { next.department = department }
        if next != holder {
            if let old = holder.team, let new = next.team, old != new { handoffs += 1 }
            holder = next
            holderTimeline.append((time, next))
        }
    }

    private mutating func updateClocks(at time: Instant, wasStopped: Bool, planChanged: Bool) {
        let stoppedNow = isStopped
        let resolvedOrClosed = state == .resolved || state == .closed
        if resolvedOrClosed, firstResponseClock?.stoppedAt == nil {
            stopFirstResponse(at: time)
        }
        if stoppedNow && !wasStopped {
            stoppedAt = time
            var clock = resolutionClocks.removeLast()
            if clock.stoppedAt == nil {
                clock.stoppedAt = time
                clock.mark(.stopped, at: time)
            }
            resolutionClocks.append(clock)
            // osTicket's clearOverdue on close: a manual due date already past is cleared.
            if let due = manualDue, due < time { manualDue = nil }
        } else if !stoppedNow && wasStopped {
            reopens += 1
            stoppedAt = nil
            switch rules.policy.reopenRule {
            case .newCycle:
                resolutionClocks.append(Clock(startedAt: time, phase: phase(for: .resolution), plan: plan,
                                              priority: priority, manualDue: manualDue))
            case .continueClock:
                resolutionClocks[resolutionClocks.count - 1].stoppedAt = nil
                resolutionClocks[resolutionClocks.count - 1].manualDue = manualDue
            case .firstCycleOnly:
                break
            }
        }
        // Keep the open clocks' plan, priority and phase current.
        for index in resolutionClocks.indices where resolutionClocks[index].stoppedAt == nil {
            resolutionClocks[index].plan = plan
            resolutionClocks[index].priority = priority
            if planChanged { resolutionClocks[index].planChanged(to: plan, priority: priority, at: time) }
            resolutionClocks[index].mark(phase(for: .resolution), at: time)
        }
        // Changed in place: a copy taken out and stored back shared its arrays with the stored
        // clock, so marking it copied them (an allocation per event until the first response).
        if firstResponseClock != nil, firstResponseClock!.stoppedAt == nil {
            let phase = phase(for: .firstResponse)
            firstResponseClock!.plan = plan
            firstResponseClock!.priority = priority
            if planChanged { firstResponseClock!.planChanged(to: plan, priority: priority, at: time) }
            firstResponseClock!.mark(phase, at: time)
        }
    }

    private mutating func stopFirstResponse(at time: Instant) {
        firstResponseClock?.stoppedAt = time
        firstResponseClock?.mark(.stopped, at: time)
    }

    private mutating func closeHolding(at time: Instant) {
        guard time > lastTime, !isStopped else { return }
        holdings.append(Holding(start: lastTime, end: time, team: holder.team, agent: holder.agent,
                                department: holder.department,
                                counting: !rules.policy.resolutionPausedIn.contains(state)))
    }

    /// Who held the ticket at `instant` (the holder set by the last event at or before it).
    func holder(at instant: Instant) -> Holder {
        holderTimeline.last(where: { $0.time <= instant })?.holder ?? holder
    }
}
