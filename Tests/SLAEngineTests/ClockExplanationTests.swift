import Testing
import SLAModel
import SLAEngine

@Suite struct ClockExplanationTests {
    typealias E = Fixture

    /// The explanation's steps of a ticket on the Default SLA with these events.
    static func steps(_ events: [LifecycleEvent], asOf: Instant) throws -> [ClockExplanation.Step] {
        let ticket = Ticket(number: "T", createdAt: events[0].time, slaPlan: "Default SLA")
        return try LifecycleReplayer(policy: E.bankPolicy()).explain(ticket: ticket, events: events, asOf: asOf).steps
    }

    @Test func seedTicketTimeline() throws {
        let events = [
            E.event(.created, E.ny(2025, 8, 5, 15, 58, 40), team: "Level 1 Support"),
            E.event(.message, E.ny(2025, 8, 5, 15, 58, 40)),
            E.event(.slaChanged, E.ny(2025, 8, 5, 16, 2, 13), value: "Severity A", previous: "Default SLA"),
            E.event(.claimed, E.ny(2025, 8, 5, 16, 10, 47), team: "Online Banking", agent: "Agent One"),
            E.event(.response, E.ny(2025, 8, 5, 16, 12, 30)),
            E.event(.resolved, E.ny(2025, 8, 5, 17, 26, 52), status: "Resolved"),
        ]
        let ticket = Ticket(number: "711979", createdAt: events[0].time, slaPlan: "Severity A")
        let explanation = try LifecycleReplayer(policy: E.bankPolicy()).explain(ticket: ticket, events: events,
                                                                                 asOf: E.ny(2025, 9, 1))
        let steps = explanation.steps
        // At creation the plan was Default SLA: 18 business hours from Tue 15:58:40 -> Thu 15:58:40.
        #expect(steps[0].dueMovedTo == E.ny(2025, 8, 7, 15, 58, 40))
        #expect(steps[0].effects.contains { $0.hasPrefix("resolution cycle 1 started under \"Default SLA\"") })
        // The plan change to Severity A moves the due instant to creation + 1 h.
        let change = try #require(steps.first { $0.what.hasPrefix("sla_changed") })
        #expect(change.dueMovedTo == E.ny(2025, 8, 5, 16, 58, 40))
        #expect(change.effects.contains { $0.contains("measured from the cycle start") })
        #expect(steps.first { $0.what == "response" }?.effects == ["first response given: first-response clock stopped"])
        // The breach milestone sits between the response and the resolve, attributed to the holder.
        let breach = try #require(steps.firstIndex { $0.what == "resolution due passed" })
        #expect(steps[breach].time == E.ny(2025, 8, 5, 16, 58, 40))
        #expect(steps[breach].team == "Online Banking" && steps[breach].agent == "Agent One")
        #expect(steps[breach + 1].what == "resolved (Resolved)")
        #expect(steps[breach + 1].effects == ["resolution clock stopped"])
        #expect(steps[breach + 1].resolutionElapsed == Int64(3600 + 28 * 60 + 12))
    }

    /// A plan without a first-response target still measures time to first response; the line says
    /// so, as a stranger read "first-response clock started" as a target that could breach.
    @Test func aPlanWithoutAFirstResponseTargetSaysItOnlyMeasures() throws {
        var policy = E.bankPolicy()
        policy.plans[0].firstResponseTarget = nil
        let events = [E.event(.created, E.ny(2025, 8, 5, 9)), E.event(.response, E.ny(2025, 8, 5, 15))]
        let ticket = Ticket(number: "T", createdAt: events[0].time, slaPlan: "Default SLA")
        let steps = try LifecycleReplayer(policy: policy).explain(ticket: ticket, events: events, asOf: E.ny(2025, 8, 6)).steps
        #expect(steps[0].effects.contains("first-response clock started (measured only: \"Default SLA\" sets no first-response target)"))
        #expect(!steps.contains { $0.what == "first response due passed" })
        let targeted = try Self.steps(events, asOf: E.ny(2025, 8, 6))
        #expect(targeted[0].effects.contains("first-response clock started"))
        #expect(targeted.contains { $0.what == "first response due passed" })
    }

    @Test func pauseAndResumeAreExplained() throws {
        let events = [
            E.event(.created, E.ny(2025, 8, 5, 9)),
            E.event(.statusChanged, E.ny(2025, 8, 5, 10), status: "On Hold"),
            E.event(.statusChanged, E.ny(2025, 8, 6, 10), status: "Open"),
        ]
        let steps = try Self.steps(events, asOf: E.ny(2025, 8, 6, 12))
        #expect(steps[1].effects == ["resolution clock paused (paused)"])
        #expect(steps[2].effects.first == "resolution clock resumed")
        // Running 1 h before the hold; resumed Wed 10:00 with 17 h left: Wed 7 h + Thu 9 h + Fri 1 h -> Fri 09:00.
        #expect(steps[2].dueMovedTo == E.ny(2025, 8, 8, 9))
    }

    /// A close and a reopen at one instant (a ticket list's reopened ticket): the close's line
    /// shows the cycle it stopped, not the next one. It showed "clock 0s" and the next cycle's
    /// due instant, as the standing was taken after every event of the instant.
    @Test func aCloseAndAReopenAtOneInstantEachShowTheirOwnCycle() throws {
        let events = [
            E.event(.created, E.ny(2025, 8, 5, 9)),
            E.event(.closed, E.ny(2025, 8, 5, 12), status: "Closed"),
            E.event(.reopened, E.ny(2025, 8, 5, 12), status: "Open"),
        ]
        let steps = try Self.steps(events, asOf: E.ny(2025, 8, 5, 13))
        let close = try #require(steps.first { $0.what.hasPrefix("closed") })
        #expect(close.resolutionElapsed == 3 * 3600 && close.dueMovedTo == nil)
        #expect(close.effects.first == "resolution clock stopped")
        let reopen = try #require(steps.first { $0.what.hasPrefix("reopened") })
        #expect(reopen.resolutionElapsed == 0 && reopen.dueMovedTo != nil)
    }

    /// Created on hold: the first step says the clock started paused, so the later "resumed" reads
    /// right (it followed a bare "started"); a second `created` event changes nothing.
    @Test func aTicketCreatedOnHoldIsExplainedAsPausedFromTheStart() throws {
        let events = [
            E.event(.created, E.ny(2025, 8, 5, 9), status: "On Hold"),
            E.event(.statusChanged, E.ny(2025, 8, 5, 10), status: "Open"),
            E.event(.created, E.ny(2025, 8, 5, 11), status: "On Hold"),
        ]
        let ticket = Ticket(number: "H", createdAt: events[0].time, slaPlan: "Default SLA")
        let explanation = try LifecycleReplayer(policy: E.bankPolicy()).explain(ticket: ticket, events: events,
                                                                                 asOf: E.ny(2025, 8, 5, 12))
        #expect(explanation.steps[0].effects.contains("resolution clock paused (paused)"))
        #expect(explanation.steps[1].effects.first == "resolution clock resumed")
        #expect(explanation.steps[2].effects.isEmpty)
        let resolution = try #require(explanation.replay.cycles.first { $0.metric == .resolution })
        #expect(resolution.elapsedSeconds == 2 * 3600 && resolution.pausedSeconds == 3600)
    }
}
