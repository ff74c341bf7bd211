import Testing
import SLAModel
import SLAEngine

@Suite struct LifecycleReplayerTests {
    typealias E = Fixture

    func replay(_ events: [LifecycleEvent], policy: SLAPolicy = Fixture.bankPolicy(), plan: String? = "Default SLA",
                priority: String? = "Normal", asOf: Instant = Fixture.ny(2026, 1, 1)) throws -> TicketReplay {
        let ticket = Ticket(number: "T", createdAt: events[0].time, priority: priority, slaPlan: plan)
        return try LifecycleReplayer(policy: policy).replay(ticket: ticket, events: events, asOf: asOf)
    }

    func resolution(_ replay: TicketReplay, cycle: Int = 1) -> SLACycle {
        replay.cycles.first { $0.metric == .resolution && $0.cycle == cycle }!
    }

    func firstResponse(_ replay: TicketReplay) -> SLACycle {
        replay.cycles.first { $0.metric == .firstResponse }!
    }

    /// The seed's ticket 711979, New York wall clock on 2025-08-05.
    var ticket711979: [LifecycleEvent] {
        [
            E.event(.created, E.ny(2025, 8, 5, 15, 58, 40), team: "Level 1 Support"),
            E.event(.message, E.ny(2025, 8, 5, 15, 58, 40)),
            E.event(.slaChanged, E.ny(2025, 8, 5, 16, 2, 13), value: "Severity A", previous: "Default SLA"),
            E.event(.priorityChanged, E.ny(2025, 8, 5, 16, 2, 30), value: "Emergency", previous: "Normal"),
            E.event(.assigned, E.ny(2025, 8, 5, 16, 3, 5), team: "Online Banking"),
            E.event(.claimed, E.ny(2025, 8, 5, 16, 10, 47), team: "Online Banking", agent: "Agent One"),
            E.event(.response, E.ny(2025, 8, 5, 16, 12, 30), team: "Online Banking", agent: "Agent One"),
            E.event(.overdue, E.ny(2025, 8, 5, 16, 58, 41), team: "Online Banking", agent: "Agent One"),
            E.event(.resolved, E.ny(2025, 8, 5, 17, 26, 52), team: "Online Banking", agent: "Agent One", status: "Resolved"),
        ]
    }

    @Test func seedTicket711979BreachesSeverityAWhileOnlineBankingHoldsIt() throws {
        let result = try replay(ticket711979, plan: "Severity A", priority: "Emergency")
        let cycle = resolution(result)
        // Severity A is 1 h on 24x7, measured from creation (plan change from the cycle start):
        // due 15:58:40 + 1 h = 16:58:40 EDT = 20:58:40Z; resolved 17:26:52, 28 min 12 s late.
        #expect(cycle.plan == "Severity A")
        #expect(cycle.dueAt == E.ny(2025, 8, 5, 16, 58, 40))
        #expect(cycle.dueAt?.iso8601 == "2025-08-05T20:58:40Z")
        #expect(cycle.status == .breached)
        #expect(cycle.breachedAt == cycle.dueAt)
        #expect(cycle.secondsLate == Int64(28 * 60 + 12))
        #expect(cycle.breachTeam == "Online Banking")
        #expect(cycle.breachAgent == "Agent One")
        #expect(cycle.elapsedSeconds == 3600 + 28 * 60 + 12)
        // First response 16:12:30, 13 min 50 s after creation: within Severity A's 15 minutes.
        let response = firstResponse(result)
        #expect(response.status == .met)
        #expect(response.elapsedSeconds == 13 * 60 + 50)
        #expect(result.handoffs == 1)
        #expect(result.finalTeam == "Online Banking")
        #expect(result.resolvedAt == E.ny(2025, 8, 5, 17, 26, 52))
    }

    /// A ticket counts under what it had when it was resolved (the README, the reports'
    /// definitions): rows after the resolution, such as an administrative close by a system
    /// account and a plan changed weeks later (a stranger's trial on the BPIC and Italian logs:
    /// almost every resolved ticket was credited to the account that closed it), change neither.
    /// Reopened and still open, it counts under what it has at as-of.
    @Test func aResolvedTicketCountsUnderWhatItHadWhenResolved() throws {
        let resolved = ticket711979 + [
            E.event(.assigned, E.ny(2025, 8, 20, 9), team: "Administration", agent: "Siebel"),
            E.event(.slaChanged, E.ny(2025, 8, 20, 9), value: "Default SLA", previous: "Severity A"),
            E.event(.priorityChanged, E.ny(2025, 8, 20, 9), value: "Low", previous: "Emergency"),
            E.event(.closed, E.ny(2025, 8, 20, 9), team: "Administration", agent: "Siebel", status: "Closed"),
        ]
        let result = try replay(resolved, plan: "Severity A", priority: "Emergency")
        #expect(result.finalTeam == "Online Banking")
        #expect(result.finalAgent == "Agent One")
        #expect(result.finalPlan == "Severity A")
        #expect(result.finalPriority == "Emergency")
        #expect(result.finalState == .closed)
        #expect(result.resolvedAt == E.ny(2025, 8, 5, 17, 26, 52))

        let reopened = resolved + [
            E.event(.reopened, E.ny(2025, 8, 21, 9), team: "Level 1 Support", agent: "Agent Two", status: "Open"),
        ]
        let open = try replay(reopened, plan: "Severity A", priority: "Emergency")
        #expect(open.resolvedAt == nil)
        #expect(open.finalTeam == "Level 1 Support")
        #expect(open.finalAgent == "Agent Two")
        #expect(open.finalPlan == "Default SLA")
        #expect(open.finalPriority == "Low")
    }

    @Test func seedTicketUnderFromChangeRuleIsMeasuredFromThePlanChange() throws {
        // The effective plan changed at 16:02:13 (the priority change at 16:02:30 keeps it),
        // so 1 h counts from there: due 17:02:13, resolved 17:26:52, 24 min 39 s late.
        let result = try replay(ticket711979, policy: E.bankPolicy(planChange: .fromChange), plan: "Severity A",
                                priority: "Emergency")
        let cycle = resolution(result)
        #expect(cycle.dueAt == E.ny(2025, 8, 5, 17, 2, 13))
        #expect(cycle.status == .breached)
        #expect(cycle.secondsLate == Int64(24 * 60 + 39))
    }

    @Test func runningAndRunningBreachedAtAsOf() throws {
        let events = [E.event(.created, E.ny(2025, 8, 5, 9)), E.event(.response, E.ny(2025, 8, 5, 9, 30))]
        // Default SLA 18 h from Tue 09:00: Tue 8 h + Wed 9 h + Thu 1 h -> Thu 2025-08-07 09:00.
        let before = resolution(try replay(events, asOf: E.ny(2025, 8, 6, 12)))
        #expect(before.status == .running)
        #expect(before.dueAt == E.ny(2025, 8, 7, 9))
        let after = resolution(try replay(events, asOf: E.ny(2025, 8, 7, 10)))
        #expect(after.status == .runningBreached)
        #expect(after.secondsLate == 3600)
    }

    @Test func onHoldPausesTheResolutionClock() throws {
        // Created Tue 09:00, On Hold Tue 10:00 - Wed 10:00 (7 h Tue + 2 h Wed = 9 business hours paused), resolved Thu 16:00.
        let events = [
            E.event(.created, E.ny(2025, 8, 5, 9)),
            E.event(.response, E.ny(2025, 8, 5, 9, 5)),
            E.event(.statusChanged, E.ny(2025, 8, 5, 10), status: "On Hold"),
            E.event(.statusChanged, E.ny(2025, 8, 6, 10), status: "Open"),
            E.event(.resolved, E.ny(2025, 8, 7, 16), status: "Resolved"),
        ]
        let paused = resolution(try replay(events))
        // Running: Tue 1 h + Wed 7 h + Thu 8 h = 16 h < 18 h -> met; due = Thu 16:00 + 2 h = Fri 09:00.
        #expect(paused.elapsedSeconds == 16 * 3600)
        #expect(paused.pausedSeconds == 9 * 3600)
        #expect(paused.status == .met)
        #expect(paused.dueAt == E.ny(2025, 8, 8, 9))
        // Without pauses the same ticket ran 24 h and breached at Thu 09:00 (18 h after Tue 09:00).
        let unpaused = resolution(try replay(events, policy: E.bankPolicy(pausedIn: [])))
        #expect(unpaused.status == .breached)
        #expect(unpaused.breachedAt == E.ny(2025, 8, 7, 9))
    }

    /// A ticket created in a waiting status starts paused: its `created` event's status counts
    /// (it ran from creation, and its first response read 9000 s and breached, in a stranger's trial).
    @Test func aTicketCreatedOnHoldStartsPaused() throws {
        // Created On Hold Tue 09:00, Open at 11:00, answered 11:30, resolved 12:00.
        let events = [
            E.event(.created, E.ny(2025, 8, 5, 9), status: "On Hold"),
            E.event(.statusChanged, E.ny(2025, 8, 5, 11), status: "Open"),
            E.event(.response, E.ny(2025, 8, 5, 11, 30)),
            E.event(.resolved, E.ny(2025, 8, 5, 12), status: "Resolved"),
        ]
        let resolved = resolution(try replay(events))
        #expect(resolved.elapsedSeconds == 3600)
        #expect(resolved.pausedSeconds == 2 * 3600)
        // A status the policy does not list leaves the ticket open from its creation.
        var unlisted = events
        unlisted[0].status = "Triage"
        #expect(resolution(try replay(unlisted)).elapsedSeconds == 3 * 3600)
    }

    var reopenedTicket: [LifecycleEvent] {
        [
            E.event(.created, E.ny(2025, 8, 4, 9)),
            E.event(.response, E.ny(2025, 8, 4, 9, 10)),
            E.event(.resolved, E.ny(2025, 8, 4, 17), status: "Resolved"),     // 8 h
            E.event(.reopened, E.ny(2025, 8, 5, 9), status: "Open"),
            E.event(.closed, E.ny(2025, 8, 6, 14), status: "Closed"),         // Tue 8 h + Wed 6 h after the reopen
        ]
    }

    @Test func reopenStartsANewCycle() throws {
        let result = try replay(reopenedTicket, policy: E.bankPolicy(reopen: .newCycle))
        #expect(resolution(result, cycle: 1).status == .met)
        #expect(resolution(result, cycle: 1).elapsedSeconds == 8 * 3600)
        let second = resolution(result, cycle: 2)
        #expect(second.startedAt == E.ny(2025, 8, 5, 9))
        #expect(second.elapsedSeconds == 14 * 3600)
        #expect(second.status == .met)
        #expect(result.reopens == 1)
    }

    @Test func reopenContinuesTheClock() throws {
        let result = try replay(reopenedTicket, policy: E.bankPolicy(reopen: .continueClock))
        #expect(result.cycles.filter { $0.metric == .resolution }.count == 1)
        let cycle = resolution(result)
        // 8 h before the resolve + 14 h after the reopen = 22 h > 18 h: the clock reached 18 h
        // 10 business hours after the reopen (Tue 8 h + Wed 2 h), i.e. Wed 2025-08-06 10:00.
        #expect(cycle.elapsedSeconds == 22 * 3600)
        #expect(cycle.status == .breached)
        #expect(cycle.breachedAt == E.ny(2025, 8, 6, 10))
        #expect(cycle.stoppedAt == E.ny(2025, 8, 6, 14))
    }

    @Test func reopenIgnoredUnderFirstCycleOnly() throws {
        let result = try replay(reopenedTicket, policy: E.bankPolicy(reopen: .firstCycleOnly))
        #expect(result.cycles.filter { $0.metric == .resolution }.count == 1)
        #expect(resolution(result).stoppedAt == E.ny(2025, 8, 4, 17))
        #expect(resolution(result).status == .met)
        #expect(result.reopens == 1)
    }

    @Test func handOffAttributesTheBreachToTheTeamHoldingItAtDue() throws {
        // Severity A from creation at 10:00: due 11:00. Level 1 holds until 10:40, Online Banking after.
        let events = [
            E.event(.created, E.ny(2025, 8, 5, 10), team: "Level 1 Support"),
            E.event(.response, E.ny(2025, 8, 5, 10, 5), team: "Level 1 Support", agent: "Agent Two"),
            E.event(.assigned, E.ny(2025, 8, 5, 10, 40), team: "Online Banking", agent: "Agent One"),
            E.event(.resolved, E.ny(2025, 8, 5, 11, 30), status: "Resolved"),
        ]
        let result = try replay(events, plan: "Severity A")
        let cycle = resolution(result)
        #expect(cycle.breachedAt == E.ny(2025, 8, 5, 11))
        #expect(cycle.breachTeam == "Online Banking")
        #expect(cycle.breachAgent == "Agent One")
        // Segments: Level 1 10:00-10:40 (agent none then Agent Two from 10:05), Online Banking 10:40-11:30.
        let byTeam = Dictionary(grouping: result.segments, by: { $0.team ?? "" })
            .mapValues { $0.reduce(0) { $0 + $1.businessSeconds } }
        #expect(byTeam["Level 1 Support"] == Int64(40 * 60))
        #expect(byTeam["Online Banking"] == Int64(50 * 60))
        #expect(result.handoffs == 1)
    }

    @Test func firstResponseNotMeasurableWithoutThreadEntries() throws {
        let events = [E.event(.created, E.ny(2025, 8, 5, 10)), E.event(.closed, E.ny(2025, 8, 5, 12))]
        let result = try replay(events)
        #expect(firstResponse(result).status == .notMeasurable)
        #expect(resolution(result).status == .met)
    }

    @Test func queueExportAloneGivesCreatedAndClosed() throws {
        let ticket = Ticket(number: "Q", createdAt: E.ny(2025, 8, 5, 9), status: "Closed",
                            closedAt: E.ny(2025, 8, 8, 9), slaPlan: "Default SLA", team: "Level 1 Support")
        let result = try LifecycleReplayer(policy: E.bankPolicy()).replay(ticket: ticket, events: [], asOf: E.ny(2026, 1, 1))
        let cycle = resolution(result)
        // 18 h from Tue 09:00 -> Thu 09:00; closed Fri 09:00: breached 24 h late (wall clock).
        #expect(cycle.status == .breached)
        #expect(cycle.dueAt == E.ny(2025, 8, 7, 9))
        #expect(cycle.breachTeam == "Level 1 Support")
    }
}

@Suite struct OsTicketModeReplayTests {
    @Test func dueDateRuleOsTicketUsesEstDueDate() throws {
        var policy = Fixture.bankPolicy()
        policy.dueDateRule = .osticket
        let events = [Fixture.event(.created, Fixture.ny(2023, 10, 2, 8)), Fixture.event(.closed, Fixture.ny(2023, 10, 3, 18))]
        let ticket = Ticket(number: "T", createdAt: events[0].time, slaPlan: "Default SLA")
        let osTicket = try LifecycleReplayer(policy: policy).replay(ticket: ticket, events: events, asOf: Fixture.ny(2024, 1, 1))
        let exact = try LifecycleReplayer(policy: Fixture.bankPolicy()).replay(ticket: ticket, events: events, asOf: Fixture.ny(2024, 1, 1))
        // Mon 08:00 + 18 h: osTicket says Wed 08:00 (closed Tue 18:00: met); exact says Tue 17:00,
        // and closed in off-hours right after it the clock used exactly 18 h: met as well.
        #expect(osTicket.cycles.first { $0.metric == .resolution }?.dueAt == Fixture.ny(2023, 10, 4, 8))
        #expect(osTicket.cycles.first { $0.metric == .resolution }?.status == .met)
        #expect(exact.cycles.first { $0.metric == .resolution }?.dueAt == Fixture.ny(2023, 10, 3, 17))
        #expect(exact.cycles.first { $0.metric == .resolution }?.status == .met)
    }
}

@Suite struct ReplayEdgeCaseTests {
    typealias E = Fixture

    func replay(_ events: [LifecycleEvent], policy: SLAPolicy = Fixture.bankPolicy(), createdAt: Instant? = nil,
                asOf: Instant = Fixture.ny(2026, 1, 1)) throws -> TicketReplay {
        let ticket = Ticket(number: "T", createdAt: createdAt ?? events[0].time, slaPlan: "Default SLA")
        return try LifecycleReplayer(policy: policy).replay(ticket: ticket, events: events, asOf: asOf)
    }

    /// An event dated before the ticket's creation (a separate events file contradicting the
    /// tickets file) is applied at the creation instant: the clock starts at `createdAt`, so its
    /// business and wall time agree (the note moved the start back three days in a stranger's trial).
    @Test func anEventBeforeTheTicketsCreationDoesNotMoveTheClockStart() throws {
        let created = E.ny(2025, 8, 5, 9)
        let events = [E.event(.note, E.ny(2025, 8, 1, 16)), E.event(.created, created),
                      E.event(.response, E.ny(2025, 8, 5, 9, 20)), E.event(.resolved, E.ny(2025, 8, 5, 11), status: "Resolved")]
        let result = try replay(events, createdAt: created)
        let resolution = try #require(result.cycles.first { $0.metric == .resolution })
        #expect(resolution.startedAt == created)
        #expect(resolution.elapsedSeconds == 2 * 3600 && resolution.wallSeconds == 2 * 3600)
        let firstResponse = try #require(result.cycles.first { $0.metric == .firstResponse })
        #expect(firstResponse.elapsedSeconds == 20 * 60)
    }

    @Test func replyExportedAfterTheCloseInTheSameSecondIsTheFirstResponse() throws {
        // osTicket's export puts thread events before entries on a tie: closed, then R.
        let result = try replay([E.event(.created, E.ny(2025, 8, 5, 9)), E.event(.closed, E.ny(2025, 8, 5, 10)),
                                 E.event(.response, E.ny(2025, 8, 5, 10))])
        #expect(result.firstResponseAt == E.ny(2025, 8, 5, 10))
        let response = result.cycles.first { $0.metric == .firstResponse }!
        #expect(response.status == .met)
        #expect(response.elapsedSeconds == 3600)
    }

    @Test func firstCycleOnlyKeepsTheFirstStopAsTheResolution() throws {
        // Resolved Mon 17:00, reopened Tue 09:00 and still open: for the SLA it was resolved Monday.
        let result = try replay([E.event(.created, E.ny(2025, 8, 4, 9)), E.event(.resolved, E.ny(2025, 8, 4, 17)),
                                 E.event(.reopened, E.ny(2025, 8, 5, 9))],
                                policy: E.bankPolicy(reopen: .firstCycleOnly))
        #expect(result.resolvedAt == E.ny(2025, 8, 4, 17))
        #expect(result.finalState == .open)
        // Under new_cycle the reopened ticket is unresolved.
        let newCycle = try replay([E.event(.created, E.ny(2025, 8, 4, 9)), E.event(.resolved, E.ny(2025, 8, 4, 17)),
                                   E.event(.reopened, E.ny(2025, 8, 5, 9))])
        #expect(newCycle.resolvedAt == nil)
    }

    @Test func ticketCreatedAfterAsOfHasNoCycles() throws {
        let result = try replay([E.event(.created, E.ny(2025, 8, 5, 9))], asOf: E.ny(2025, 8, 1))
        #expect(result.cycles.isEmpty && result.segments.isEmpty)
    }

    @Test func holidaysBeyondTheExpandedYearsStillCount() throws {
        let calendar = try BusinessCalendar(Fixture.officeHours)
        // Christmas 2102 is a Monday; Thanksgiving 2150 is Thursday Nov 26.
        #expect(calendar.workingTime(from: E.ny(2102, 12, 25), to: E.ny(2102, 12, 26)) == 0)
        #expect(calendar.isHoliday(CivilDate(year: 2150, month: 11, day: 26)))
        #expect(calendar.workingTime(from: E.ny(2102, 12, 26), to: E.ny(2102, 12, 27)) == 9 * 3600)
    }
}
