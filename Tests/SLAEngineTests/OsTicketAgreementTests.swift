import Testing
import SLAModel
import SLAEngine

/// The rules that make a replay agree with what osTicket itself did to a ticket (issue 8,
/// "The same SLA truth as osTicket, where osTicket is right"). Each was seen on a real osTicket.
@Suite struct OsTicketAgreementTests {
    typealias E = Fixture

    func osTicketPolicy() -> SLAPolicy {
        var policy = Fixture.bankPolicy()
        policy.dueDateRule = .osticket
        return policy
    }

    func resolution(_ replay: TicketReplay, cycle: Int = 1) -> SLACycle {
        replay.cycles.first { $0.metric == .resolution && $0.cycle == cycle }!
    }

    func replay(_ ticket: Ticket, _ events: [LifecycleEvent], policy: SLAPolicy,
                asOf: Instant = Fixture.ny(2026, 1, 1)) throws -> TicketReplay {
        try LifecycleReplayer(policy: policy).replay(ticket: ticket, events: events, asOf: asOf)
    }

    // MARK: Clock start

    @Test func resolutionClockStartsAtTheTicketsCreationNotAtALateCreatedEvent() throws {
        // osTicket stamped the `created` event a second after `ost_ticket.created`; est_duedate
        // counts from `created`: Mon 09:15:22 + 18 h -> Wed 09:15:22.
        let ticket = Ticket(number: "T", createdAt: E.ny(2023, 10, 2, 9, 15, 22), slaPlan: "Default SLA")
        let events = [E.event(.created, E.ny(2023, 10, 2, 9, 15, 23))]
        for policy in [osTicketPolicy(), Fixture.bankPolicy()] {
            let cycle = resolution(try replay(ticket, events, policy: policy))
            #expect(cycle.startedAt == E.ny(2023, 10, 2, 9, 15, 22))
        }
        #expect(resolution(try replay(ticket, events, policy: osTicketPolicy())).dueAt == E.ny(2023, 10, 4, 9, 15, 22))
        #expect(resolution(try replay(ticket, events, policy: Fixture.bankPolicy())).dueAt == E.ny(2023, 10, 4, 9, 15, 22))
    }

    // MARK: The breach rule

    @Test func usingExactlyTheTargetIsMetEvenWhenResolvedAfterTheDueWindowEnds() throws {
        // Mon 08:00 + 18 h on office hours: the target is used up exactly at Tue 17:00. Resolved
        // in off-hours at Tue 18:00, the clock shows 18 h of 18 h: met.
        let ticket = Ticket(number: "T", createdAt: E.ny(2023, 10, 2, 8), slaPlan: "Default SLA")
        let offHours = resolution(try replay(ticket, [E.event(.created, E.ny(2023, 10, 2, 8)),
                                                      E.event(.resolved, E.ny(2023, 10, 3, 18))],
                                             policy: Fixture.bankPolicy()))
        #expect(offHours.elapsedSeconds == 18 * 3600)
        #expect(offHours.status == .met)
        #expect(offHours.secondsLate == nil && offHours.breachedAt == nil)
        // One working second more is a breach, late from the due instant.
        let late = resolution(try replay(ticket, [E.event(.created, E.ny(2023, 10, 2, 8)),
                                                  E.event(.resolved, E.ny(2023, 10, 4, 8, 0, 1))],
                                         policy: Fixture.bankPolicy()))
        #expect(late.elapsedSeconds == 18 * 3600 + 1)
        #expect(late.status == .breached)
        #expect(late.breachedAt == E.ny(2023, 10, 3, 17))
        // Still open at as-of in off-hours, target used exactly: running, not running_breached.
        let open = resolution(try replay(ticket, [E.event(.created, E.ny(2023, 10, 2, 8))],
                                         policy: Fixture.bankPolicy(), asOf: E.ny(2023, 10, 3, 20)))
        #expect(open.status == .running)
    }

    // MARK: One holiday set per calendar

    @Test func underTheOsTicketRuleBusinessTimeUsesOsTicketsHolidayDates() throws {
        // osTicket takes Labor Day 2025 as Mon Sep 8 (the real one is Sep 1). Fri Aug 29 09:00 + 18 h:
        // Fri 8 h + Mon Sep 1 9 h + Tue 1 h -> Tue Sep 2 09:00. Resolved Tue 12:00: 21 h of 18 h, 3 h late.
        let ticket = Ticket(number: "T", createdAt: E.ny(2025, 8, 29, 9), slaPlan: "Default SLA")
        let breached = resolution(try replay(ticket, [E.event(.created, E.ny(2025, 8, 29, 9)),
                                                      E.event(.resolved, E.ny(2025, 9, 2, 12))],
                                             policy: osTicketPolicy()))
        #expect(breached.dueAt == E.ny(2025, 9, 2, 9))
        #expect(breached.status == .breached)
        #expect(breached.elapsedSeconds == 21 * 3600)
        #expect(breached.secondsLate == Int64(3 * 3600))
        // Fri Sep 5 09:00: Fri 8 h, Mon Sep 8 off (osTicket's Labor Day), Tue 9 h, Wed 1 h -> Wed 09:00.
        // Resolved Tue Sep 9 10:00: 10 h of 18 h, met.
        let later = Ticket(number: "U", createdAt: E.ny(2025, 9, 5, 9), slaPlan: "Default SLA")
        let met = resolution(try replay(later, [E.event(.created, E.ny(2025, 9, 5, 9)),
                                                E.event(.resolved, E.ny(2025, 9, 9, 10))],
                                        policy: osTicketPolicy()))
        #expect(met.dueAt == E.ny(2025, 9, 10, 9))
        #expect(met.status == .met)
        #expect(met.elapsedSeconds == 10 * 3600)
        // Under the exact rule the real dates stay: Sep 1 is off, Sep 8 is a workday.
        let exact = resolution(try replay(ticket, [E.event(.created, E.ny(2025, 8, 29, 9)),
                                                   E.event(.resolved, E.ny(2025, 9, 2, 12))],
                                          policy: Fixture.bankPolicy()))
        #expect(exact.elapsedSeconds == 12 * 3600)
    }

    // MARK: osTicket's 24/7 schedule

    func roundTheClockPolicy(_ calendar: CalendarDefinition) -> SLAPolicy {
        SLAPolicy(name: "24/7", calendars: [calendar],
                  plans: [SLAPlanDefinition(name: "Day", firstResponseTarget: nil, resolutionTarget: 24 * 3600,
                                            calendar: calendar.name)],
                  defaultPlan: "Day", resolutionPausedIn: [], dueDateRule: .osticket)
    }

    @Test func builtIn24x7UnderTheOsTicketRuleLosesASecondPerMidnight() throws {
        // osTicket's "24/7" schedule (00:00:00-23:59:59 daily): Wed 00:00 + 24 h -> Thu 00:00:01.
        let policy = roundTheClockPolicy(.alwaysOpen)
        let start = Instant(secondsSinceEpoch: 1_696_377_600)   // 2023-10-04T00:00:00Z
        let ticket = Ticket(number: "T", createdAt: start, slaPlan: "Day")
        let due = resolution(try replay(ticket, [E.event(.created, start)], policy: policy)).dueAt
        #expect(due?.iso8601 == "2023-10-05T00:00:01Z")
        // Resolved at 24 h 0 m 1 s: osTicket's due has not passed (its overdue check is strict).
        let resolved = resolution(try replay(ticket, [E.event(.created, start),
                                                      E.event(.resolved, start.adding(seconds: 24 * 3600 + 1))],
                                             policy: policy))
        #expect(resolved.status == .met)
    }

    @Test func a24x7CalendarInAZoneFollowsWallClockDaysAcrossDST() throws {
        // Sat 2023-03-11 10:00 EST + 24 h -> Sun 10:00:01 EDT (23 h of real time, + 1 s).
        let calendar = CalendarDefinition(name: "24x7", timeZone: "America/New_York", windows: [], isAlwaysOpen: true)
        let ticket = Ticket(number: "T", createdAt: E.ny(2023, 3, 11, 10), slaPlan: "Day")
        let cycle = resolution(try replay(ticket, [E.event(.created, E.ny(2023, 3, 11, 10)),
                                                   E.event(.resolved, E.ny(2023, 3, 12, 10, 0, 2))],
                                          policy: roundTheClockPolicy(calendar)))
        #expect(cycle.dueAt == E.ny(2023, 3, 12, 10, 0, 1))
        #expect(cycle.status == .breached)
        #expect(cycle.secondsLate == 1)
    }

    // MARK: A breach under an earlier plan is kept

    /// Raised to Severity A (1 h, 24x7) at 09:05, overdue at 10:00, lowered back to Default SLA
    /// (18 h on office hours) at 11:00 and resolved at 15:00 the same day.
    var raisedAndLowered: [LifecycleEvent] {
        [
            E.event(.created, E.ny(2025, 8, 5, 9), team: "Level 1 Support"),
            E.event(.slaChanged, E.ny(2025, 8, 5, 9, 5), value: "Severity A", previous: "Default SLA"),
            E.event(.assigned, E.ny(2025, 8, 5, 9, 30), team: "Online Banking", agent: "Agent One"),
            E.event(.overdue, E.ny(2025, 8, 5, 10, 0, 1)),
            E.event(.slaChanged, E.ny(2025, 8, 5, 11), value: "Default SLA", previous: "Severity A"),
            E.event(.resolved, E.ny(2025, 8, 5, 15), status: "Resolved"),
        ]
    }

    @Test func aBreachUnderAnEarlierPlanIsKeptByDefault() throws {
        let ticket = Ticket(number: "T", createdAt: E.ny(2025, 8, 5, 9), slaPlan: "Default SLA")
        for policy in [Fixture.bankPolicy(), osTicketPolicy()] {
            let cycle = resolution(try replay(ticket, raisedAndLowered, policy: policy))
            #expect(cycle.plan == "Default SLA")
            #expect(cycle.status == .breached)
            #expect(cycle.breachedAt == E.ny(2025, 8, 5, 10))
            // The cycle's due is the plan in force's (Default SLA's, the next day); the breach's is breachedAt.
            #expect(cycle.dueAt.map { $0 > E.ny(2025, 8, 5, 15) } == true)
            #expect(cycle.secondsLate == 3600)        // overdue from 10:00 until the plan changed at 11:00
            #expect(cycle.breachTeam == "Online Banking" && cycle.breachAgent == "Agent One")
            #expect(cycle.reason?.contains("Severity A") == true)
        }
        var forget = Fixture.bankPolicy()
        forget.planChangeBreaches = .forget
        #expect(resolution(try replay(ticket, raisedAndLowered, policy: forget)).status == .met)
    }

    /// A stranger's trial: first response due in 2 h under "Fast", unanswered for a day, the plan
    /// lowered to "Slow" (8 h), answered 1.5 h later. Under `from_change` the first response read
    /// met ("1h 30m of 8h") while the resolution's breach under Fast was kept; now both are kept.
    @Test func aFirstResponseBreachUnderAnEarlierPlanIsKeptToo() throws {
        let calendar = CalendarDefinition(name: "Mumbai office", timeZone: "Asia/Kolkata",
                                          windows: (1...5).map { WorkingWindow(weekday: $0, start: 34_200, end: 64_800) })
        var policy = SLAPolicy(
            name: "FR keep", calendars: [calendar],
            plans: [SLAPlanDefinition(name: "Fast", firstResponseTarget: 2 * 3600, resolutionTarget: 8 * 3600, calendar: calendar.name),
                    SLAPlanDefinition(name: "Slow", firstResponseTarget: 8 * 3600, resolutionTarget: 40 * 3600, calendar: calendar.name)],
            defaultPlan: "Fast", planChangeRule: .fromChange)
        // Monday 2025-10-06 09:30 in Kolkata is 04:00Z.
        let monday = Instant(secondsSinceEpoch: 1_759_723_200)
        func at(_ hours: Double) -> Instant { Instant(secondsSinceEpoch: monday.secondsSinceEpoch + Int64(hours * 3600)) }
        let ticket = Ticket(number: "FK1", createdAt: monday, slaPlan: "Fast")
        let events = [E.event(.created, monday), E.event(.message, monday),
                      E.event(.slaChanged, at(24), value: "Slow", previous: "Fast"),
                      E.event(.response, at(25.5)), E.event(.resolved, at(26.5), status: "Resolved")]
        let firstResponse = try replay(ticket, events, policy: policy).cycles.first { $0.metric == .firstResponse }!
        #expect(firstResponse.plan == "Slow")
        #expect(firstResponse.elapsedSeconds == 5400)          // 1.5 h counted from the change
        #expect(firstResponse.status == .breached)
        #expect(firstResponse.breachedAt == at(2))            // Fast's due, Monday 11:30
        #expect(firstResponse.secondsLate == Int64(22 * 3600))    // until the plan changed, Tuesday 09:30
        #expect(firstResponse.reason?.hasPrefix(SLACycle.keptBreachReasonPrefix + "\"Fast\"") == true)
        #expect(resolution(try replay(ticket, events, policy: policy)).status == .breached)
        policy.planChangeBreaches = .forget
        #expect(try replay(ticket, events, policy: policy).cycles.first { $0.metric == .firstResponse }!.status == .met)
    }

    @Test func explainShowsTheBreachUnderTheEarlierPlan() throws {
        let ticket = Ticket(number: "T", createdAt: E.ny(2025, 8, 5, 9), slaPlan: "Default SLA")
        let explanation = try LifecycleReplayer(policy: Fixture.bankPolicy())
            .explain(ticket: ticket, events: raisedAndLowered, asOf: E.ny(2026, 1, 1))
        let breach = explanation.steps.first { $0.time == E.ny(2025, 8, 5, 10) }
        #expect(breach?.effects.joined().contains("Severity A") == true)
    }

    // MARK: Agent-set due dates

    @Test func anAgentSetDueDateOverridesThePlansDueDateUnderTheOsTicketRule() throws {
        // Default SLA says Wed 09:15:22; at Mon 10:00 an agent sets the due date to Tue 12:00.
        let ticket = Ticket(number: "T", createdAt: E.ny(2023, 10, 2, 9, 15, 22), slaPlan: "Default SLA")
        let setEarlier = LifecycleEvent(ticketNumber: "T", time: E.ny(2023, 10, 2, 10), kind: .dueDateChanged,
                                        value: E.ny(2023, 10, 3, 12).iso8601)
        let events = [E.event(.created, E.ny(2023, 10, 2, 9, 15, 22)), setEarlier,
                      E.event(.resolved, E.ny(2023, 10, 3, 15))]
        let honored = resolution(try replay(ticket, events, policy: osTicketPolicy()))
        #expect(honored.dueAt == E.ny(2023, 10, 3, 12))
        #expect(honored.status == .breached)
        #expect(honored.secondsLate == Int64(3 * 3600))
        #expect(honored.reason?.contains("set by an agent") == true)
        var ignoring = osTicketPolicy()
        ignoring.manualDueDates = .ignore
        let ignored = resolution(try replay(ticket, events, policy: ignoring))
        #expect(ignored.dueAt == E.ny(2023, 10, 4, 9, 15, 22) && ignored.status == .met)
        // The exact rule ignores manual due dates unless told to honor them.
        #expect(resolution(try replay(ticket, events, policy: Fixture.bankPolicy())).status == .met)
        // A later manual due date is the only one compared, even after the plan's has passed.
        let setLater = LifecycleEvent(ticketNumber: "T", time: E.ny(2023, 10, 2, 10), kind: .dueDateChanged,
                                      value: E.ny(2023, 10, 6, 17).iso8601)
        let later = resolution(try replay(ticket, [events[0], setLater, E.event(.resolved, E.ny(2023, 10, 5, 15))],
                                          policy: osTicketPolicy()))
        #expect(later.status == .met)
        #expect(later.dueAt == E.ny(2023, 10, 6, 17))
    }

    @Test func aQueueExportsDueDateAloneIsHonoredToo() throws {
        var ticket = Ticket(number: "T", createdAt: E.ny(2023, 10, 2, 9, 15, 22), slaPlan: "Default SLA")
        ticket.manualDueAt = E.ny(2023, 10, 2, 16)
        let cycle = resolution(try replay(ticket, [], policy: osTicketPolicy(), asOf: E.ny(2023, 10, 2, 18)))
        #expect(cycle.dueAt == E.ny(2023, 10, 2, 16))
        #expect(cycle.status == .runningBreached)
    }

    @Test func explainNamesTheAgentSetDueDate() throws {
        let ticket = Ticket(number: "T", createdAt: E.ny(2023, 10, 2, 9), slaPlan: "Default SLA")
        let set = LifecycleEvent(ticketNumber: "T", time: E.ny(2023, 10, 2, 10), kind: .dueDateChanged,
                                 value: E.ny(2023, 10, 3, 12).iso8601)
        let explanation = try LifecycleReplayer(policy: osTicketPolicy())
            .explain(ticket: ticket, events: [E.event(.created, E.ny(2023, 10, 2, 9)), set], asOf: E.ny(2023, 10, 2, 11))
        let step = explanation.steps.first { $0.time == E.ny(2023, 10, 2, 10) }
        #expect(step?.effects.contains { $0.contains("overrides the plan's due date") } == true)
        #expect(step?.dueMovedTo == E.ny(2023, 10, 3, 12))
    }
}
