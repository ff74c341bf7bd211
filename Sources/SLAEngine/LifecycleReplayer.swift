import SLAModel

/// Why a policy cannot be replayed.
public enum PolicyError: Error, Hashable, Sendable, CustomStringConvertible {
    case calendar(CalendarError)
    case unknownCalendar(plan: String, calendar: String)
    case unknownDefaultPlan(String)

    public var description: String {
        switch self {
        case .calendar(let error): return error.description
        case .unknownCalendar(let plan, let calendar):
            return "plan \"\(plan)\" names calendar \"\(calendar)\", which the policy does not define"
        case .unknownDefaultPlan(let plan):
            return "default plan \"\(plan)\" is not one of the policy's plans"
        }
    }
}

/// Replays a ticket's lifecycle events under an SLA policy into SLA cycles and holding segments.
///
/// Pure and deterministic: the same ticket, events, policy and as-of instant always give
/// the same result. Rules (see the README's "How the clock runs"):
/// - every cycle starts at creation (or at a reopen under `newCycle`);
/// - resolution stops at the states in `resolutionStopsAt`; first response stops at the
///   first public response, or at resolution when none came; first response has one cycle;
/// - the clock pauses while the lifecycle state is in the metric's paused states;
/// - the due instant is where the running business time reaches the target; a cycle is
///   breached when its business time exceeds its target (under `due_date_rule: osticket`, when
///   it stopped or is still open after osTicket's due instant), or, under
///   `plan_change_breaches: keep`, when it was already breached under a plan it later left
///   (first response and resolution alike);
/// - under `manual_due_dates: honor` an agent-set due date replaces the plan's.
public struct LifecycleReplayer: Sendable {
    public let policy: SLAPolicy
    private let osTicketSchedules: [String: OsTicketDueDate]
    /// The policy, its lookups and its calendars, shared by every walk.
    let rules: ReplayRules
    var lookup: PolicyLookup { rules.lookup }

    /// Whether the policy says what the status means; an unknown status counts as open, so a
    /// profile's paused status the policy does not list would keep the clock running.
    public func policyKnows(status: String) -> Bool { lookup.knownState(ofStatus: status) != nil }

    /// Whether `plan` names one of the policy's plans (in any case); another name falls back to
    /// the priority's plan or the default.
    public func policyKnows(plan: String) -> Bool { lookup.knowsPlan(named: plan) }

    public init(policy: SLAPolicy) throws(PolicyError) {
        self.policy = policy
        var calendars: [String: BusinessCalendar] = [:]
        do {
            // One holiday set per calendar: under the osticket rule the due date uses osTicket's
            // holiday dates, so business time, minutes late and the verdict use them too.
            let osTicketDates = policy.dueDateRule == .osticket
            for definition in policy.calendars {
                calendars[definition.name] = try BusinessCalendar(definition, osTicketHolidayDates: osTicketDates)
            }
            if calendars[CalendarDefinition.alwaysOpen.name] == nil {
                calendars[CalendarDefinition.alwaysOpen.name] = try BusinessCalendar(.alwaysOpen)
            }
        } catch { throw .calendar(error) }
        for plan in policy.plans where calendars[plan.calendar] == nil {
            throw .unknownCalendar(plan: plan.name, calendar: plan.calendar)
        }
        guard policy.plan(named: policy.defaultPlan) != nil else { throw .unknownDefaultPlan(policy.defaultPlan) }
        osTicketSchedules = calendars.mapValues { OsTicketDueDate(calendar: $0.definition) }
        rules = ReplayRules(policy: policy, calendars: calendars)
    }

    /// The calendar a plan runs on.
    public func calendar(for plan: SLAPlanDefinition) -> BusinessCalendar {
        rules.calendars[plan.calendar]!.calendar
    }

    /// Replays one ticket. `events` may come in any order; they are sorted by time, ties
    /// keeping their given order; events after `asOf` are ignored. Every ticket starts at
    /// `ticket.createdAt` (not at a `created` event stamped after it, as osTicket sometimes
    /// does); an event before it is applied at that instant. A ticket created
    /// after `asOf` did not exist then: its replay has no cycles and no segments.
    public func replay(ticket: Ticket, events unsorted: [LifecycleEvent], asOf: Instant) -> TicketReplay {
        if ticket.createdAt > asOf {
            return TicketReplay(ticketNumber: ticket.number, cycles: [], segments: [], handoffs: 0, reopens: 0,
                                finalPlan: ticket.slaPlan, finalPriority: ticket.priority, finalTeam: ticket.team,
                                finalAgent: ticket.agent, finalDepartment: ticket.department, finalState: .open,
                                firstResponseAt: nil, resolvedAt: nil)
        }
        var walk = ReplayWalk(ticket: ticket, events: Self.ordered(unsorted, upTo: asOf), rules: rules, asOf: asOf)
        walk.run()
        return finish(walk, ticket: ticket, asOf: asOf)
    }

    /// The events in time order (ties keep their given order), up to `asOf`. Events from the
    /// store already come in order, so the common case only checks.
    static func ordered(_ events: [LifecycleEvent], upTo asOf: Instant) -> [LifecycleEvent] {
        var sorted = true
        var withinAsOf = true
        for index in events.indices {
            if index > 0 && events[index].time < events[index - 1].time { sorted = false }
            if events[index].time > asOf { withinAsOf = false }
        }
        if sorted && withinAsOf { return events }
        let ordered = sorted ? events : events.enumerated()
            .sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
            .map(\.element)
        return withinAsOf ? ordered : ordered.filter { $0.time <= asOf }
    }

    // MARK: - Turning the walk into cycles

    private func finish(_ walk: ReplayWalk, ticket: Ticket, asOf: Instant) -> TicketReplay {
        // The ticket as it stood when its last resolution cycle stopped (what the reports count
        // it under), or at as-of while that cycle runs: rows after the resolution (an
        // administrative close by a system account, a later bug tracker's row) changed holder
        // and plan, and every resolved ticket was credited to whoever touched it last.
        let resolution = walk.resolutionClocks.last.flatMap { clock in clock.stoppedAt.map { (clock, $0) } }
        let holderThen = resolution.map { walk.holder(at: $0.1) } ?? walk.holder
        let priorityThen = resolution.map { $0.0.priority } ?? walk.priority
        let planThen = resolution.map { $0.0.plan } ?? walk.plan
        let finalPlan = lookup.plan(ticketPlan: planThen, priority: priorityThen)
        var cycles: [SLACycle] = []
        cycles.reserveCapacity(walk.resolutionClocks.count + 1)
        // By index: `enumerated()` handed out a copy of each clock.
        for index in walk.resolutionClocks.indices {
            cycles.append(measure(walk.resolutionClocks[index], metric: .resolution, cycle: index + 1, ticket: ticket,
                                  walk: walk, asOf: asOf))
        }
        if let clock = walk.firstResponseClock {
            var cycle = measure(clock, metric: .firstResponse, cycle: 1, ticket: ticket, walk: walk, asOf: asOf)
            if !walk.hasThreadEntries && cycle.status != .notMeasurable {
                cycle.status = .notMeasurable
                cycle.reason = "the source records no messages or responses for this ticket"
                cycle.breachedAt = nil
                cycle.secondsLate = nil
                cycle.breachTeam = nil
                cycle.breachAgent = nil
            }
            cycles.append(cycle)
        }
        let segmentBox = rules.calendars[finalPlan?.calendar ?? CalendarDefinition.alwaysOpen.name]!
        // Each holding of some wall time becomes a segment, merged into the one before when the same
        // team, agent and department hold on from where it ended. Built in place: a list of every
        // holding's segment merged afterwards copied each segment it kept.
        var segments: [HoldingSegment] = []
        segments.reserveCapacity(walk.holdings.count)
        for index in walk.holdings.indices {
            let start = walk.holdings[index].start, end = walk.holdings[index].end
            let wallSeconds = start.seconds(to: end)
            guard wallSeconds > 0 else { continue }
            let businessSeconds = walk.holdings[index].counting ? segmentBox.calendar.workingTime(from: start, to: end) : 0
            let last = segments.count - 1
            if last >= 0, segments[last].team == walk.holdings[index].team, segments[last].agent == walk.holdings[index].agent,
               segments[last].department == walk.holdings[index].department, segments[last].endedAt == start {
                segments[last].endedAt = end
                segments[last].businessSeconds += businessSeconds
                segments[last].wallSeconds += wallSeconds
            } else {
                segments.append(HoldingSegment(
                    ticketNumber: ticket.number, team: walk.holdings[index].team, agent: walk.holdings[index].agent,
                    department: walk.holdings[index].department, startedAt: start, endedAt: end,
                    businessSeconds: businessSeconds, wallSeconds: wallSeconds))
            }
        }
        return TicketReplay(
            ticketNumber: ticket.number, cycles: cycles, segments: segments, handoffs: walk.handoffs,
            reopens: walk.reopens, finalPlan: finalPlan?.name ?? planThen,
            finalPriority: priorityThen,
            finalTeam: holderThen.team, finalAgent: holderThen.agent, finalDepartment: holderThen.department,
            finalState: walk.state, firstResponseAt: walk.firstResponseAt,
            // The last resolution cycle's stop: under first_cycle_only a reopened ticket stays
            // resolved for the SLA at its first stop.
            resolvedAt: walk.resolutionClocks.last?.stoppedAt)
    }

    private func measure(_ clock: Clock, metric: SLAMetric, cycle: Int, ticket: Ticket, walk: ReplayWalk,
                         asOf: Instant) -> SLACycle {
        let plan = lookup.plan(ticketPlan: clock.plan, priority: clock.priority)
        let target: Int64? = metric == .resolution ? plan?.resolutionTarget : plan?.firstResponseTarget
        let end = clock.stoppedAt ?? asOf
        var result = SLACycle(
            ticketNumber: ticket.number, metric: metric, cycle: cycle, plan: plan?.name, targetSeconds: target,
            startedAt: clock.startedAt, dueAt: nil, stoppedAt: clock.stoppedAt, elapsedSeconds: 0, pausedSeconds: 0,
            wallSeconds: clock.startedAt.seconds(to: end), status: .notMeasurable, breachedAt: nil,
            secondsLate: nil, breachTeam: nil, breachAgent: nil)
        guard let plan else {
            result.reason = "no SLA plan applies (the ticket's plan is unknown to the policy and there is no default)"
            return result
        }
        let box = rules.calendars[plan.calendar]!
        // Under `fromChange`, business time before the last plan change does not count.
        let countFrom = policy.planChangeRule == .fromChange ? (clock.planChangedAt ?? clock.startedAt) : clock.startedAt
        let running = clock.running(until: end).compactMap { interval -> Interval? in
            let start = max(interval.start, countFrom)
            return start < interval.end ? Interval(start: start, end: interval.end) : nil
        }
        let paused = clock.paused(until: end)
        result.elapsedSeconds = running.reduce(0) { $0 + box.calendar.workingTime(from: $1.start, to: $1.end) }
        result.pausedSeconds = paused.reduce(0) { $0 + box.calendar.workingTime(from: $1.start, to: $1.end) }
        guard let target else {
            result.reason = "plan \"\(plan.name)\" has no \(metric == .resolution ? "resolution" : "first-response") target"
            return result
        }
        let verdict = judge(metric: metric, target: target, calendar: box.calendar, running: running,
                            elapsed: result.elapsedSeconds, countFrom: countFrom, end: end, schedule: plan.calendar)
        result.dueAt = verdict.due
        let stillRunning = clock.stoppedAt == nil
        if metric == .resolution, policy.effectiveManualDueDates == .honor, let manual = clock.manualDue {
            // osTicket's overdue check compares only the agent-set due date when there is one.
            result.dueAt = manual
            result.reason = SLACycle.manualDueReasonPrefix + ": \(manual.iso8601)"
                + (verdict.due.map { " (the plan's due date \($0.iso8601) is overridden)" } ?? "")
            if manual < end {
                result.status = stillRunning ? .runningBreached : .breached
                result.breachedAt = manual
                result.secondsLate = manual.seconds(to: end)
                let holder = walk.holder(at: manual)
                result.breachTeam = holder.team
                result.breachAgent = holder.agent
            } else {
                result.status = stillRunning ? .running : .met
            }
        } else if verdict.breached, let due = verdict.due {
            result.status = stillRunning ? .runningBreached : .breached
            result.breachedAt = due
            result.secondsLate = due.seconds(to: end)
            let holder = walk.holder(at: due)
            result.breachTeam = holder.team
            result.breachAgent = holder.agent
        } else if policy.planChangeBreaches == .keep, let kept = earlierPlanBreach(clock, metric: metric, end: end) {
            // Overdue under a plan the ticket later left: osTicket flagged it, the breach stays.
            result.status = stillRunning ? .runningBreached : .breached
            // The cycle's due stays the plan in force's (what osTicket's due date shows, compared
            // with the export's for open tickets); the breach's own due instant is `breachedAt`.
            result.breachedAt = kept.due
            result.secondsLate = kept.due.seconds(to: kept.left)
            let holder = walk.holder(at: kept.due)
            result.breachTeam = holder.team
            result.breachAgent = holder.agent
            result.reason = SLACycle.keptBreachReasonPrefix + "\"\(kept.plan)\" (due \(kept.due.iso8601)), before the plan changed to \"\(plan.name)\" at \(kept.left.iso8601)"
        } else {
            result.status = stillRunning ? .running : .met
        }
        return result
    }

    /// A metric's due instant and whether the cycle (running `running`, up to `end`) breached it.
    ///
    /// Under `exact` a cycle is breached when its business time exceeds its target: one that
    /// used exactly its target (stopped in off-hours right after the window it ran out in) is met.
    /// Under `osticket` the resolution due instant is osTicket's est_duedate and the verdict is
    /// osTicket's own overdue check: stopped (or still open) strictly after that instant.
    private func judge(metric: SLAMetric, target: Int64, calendar: BusinessCalendar, running: [Interval],
                       elapsed: Int64, countFrom: Instant, end: Instant, schedule: String)
        -> (due: Instant?, breached: Bool) {
        if policy.dueDateRule == .osticket && metric == .resolution {
            // osTicket's est_duedate: from the cycle start (creation or reopen), no pauses.
            let due = osTicketSchedules[schedule]!.dueDate(base: countFrom, grace: target)
            return (due, due < end)
        }
        // The due instant: where the running business time reaches the target; if it has not
        // yet, where it would if the clock ran on from the end of the last running stretch
        // (or from the end, when paused there).
        var accumulated: Int64 = 0
        for interval in running {
            let available = calendar.workingTime(from: interval.start, to: interval.end)
            if accumulated + available >= target {
                return (calendar.addWorkingTime(target - accumulated, to: interval.start), elapsed > target)
            }
            accumulated += available
        }
        // Not yet reached: the remaining target counted from the end (the as-of instant, or
        // the stop), as if the clock ran on from there.
        return (calendar.addWorkingTime(target - accumulated, to: max(end, countFrom)), false)
    }

    /// The first plan period of a clock, other than the last, whose plan's target for `metric` was
    /// already breached when the ticket left it: the plan's name, its due instant and when it was left.
    private func earlierPlanBreach(_ clock: Clock, metric: SLAMetric, end: Instant) -> (plan: String, due: Instant, left: Instant)? {
        guard clock.planPeriods.count > 1 else { return nil }
        for index in 0..<(clock.planPeriods.count - 1) {
            let period = clock.planPeriods[index]
            let left = min(clock.planPeriods[index + 1].start, end)
            guard let plan = lookup.plan(ticketPlan: period.plan, priority: period.priority),
                  let target = metric == .resolution ? plan.resolutionTarget : plan.firstResponseTarget else { continue }
            let box = rules.calendars[plan.calendar]!
            let countFrom = policy.planChangeRule == .fromChange ? period.start : clock.startedAt
            let running = clock.running(until: left).compactMap { interval -> Interval? in
                let start = max(interval.start, countFrom)
                return start < interval.end ? Interval(start: start, end: interval.end) : nil
            }
            let elapsed = running.reduce(0) { $0 + box.calendar.workingTime(from: $1.start, to: $1.end) }
            let verdict = judge(metric: metric, target: target, calendar: box.calendar, running: running,
                                elapsed: elapsed, countFrom: countFrom, end: left, schedule: plan.calendar)
            if verdict.breached, let due = verdict.due { return (plan.name, due, left) }
        }
        return nil
    }
}
