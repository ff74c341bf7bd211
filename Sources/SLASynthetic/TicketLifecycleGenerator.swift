import SLAModel
import SLAEngine

/// Makes up one ticket's life at the bank's help desk and records it the way osTicket would:
/// intake by Level 1 Support, sometimes a move to "Severity A" with the priority raised to
/// Emergency, a claim (or an assignment, or an auto-claim by replying), responses, notes and
/// user replies, sometimes a spell "On Hold", an escalation to the Online Banking team for
/// about 30 %, a close that mostly meets the due date, and now and then a reopen and a
/// second close. Each ticket draws from its own random stream, so any ticket can be made
/// on its own.
struct TicketLifecycleGenerator: Sendable {
    let configuration: SyntheticHelpDeskConfiguration
    let directory: HelpDeskDirectory
    let zone: ZoneRules
    let exportedAt: Instant
    private let businessHours: WorkingClock
    private let roundTheClock: WorkingClock
    private let level1: [HelpDeskDirectory.Agent]
    private let banking: [HelpDeskDirectory.Agent]

    /// Rows per ticket are numbered from `1000 + index * rowIdStride`.
    static let rowIdStride = 100
    static let firstRowId = 1000

    init(configuration: SyntheticHelpDeskConfiguration, directory: HelpDeskDirectory, zone: ZoneRules,
         exportedAt: Instant) {
        self.configuration = configuration
        self.directory = directory
        self.zone = zone
        self.exportedAt = exportedAt
        businessHours = WorkingClock(schedule: directory.defaultSLA.schedule, zone: zone)
        roundTheClock = WorkingClock(schedule: .allDay, zone: zone)
        level1 = directory.agents(in: directory.level1Support)
        banking = directory.agents(in: directory.onlineBanking)
    }

    /// What happens between the intake and the close of one SLA cycle.
    private enum Step {
        case claim(HelpDeskDirectory.Agent)
        case assign(HelpDeskDirectory.Agent, by: HelpDeskDirectory.Agent)
        case assignTeam(HelpDeskDirectory.Team, by: HelpDeskDirectory.Agent)
        case release(by: HelpDeskDirectory.Agent)
        case transfer(HelpDeskDirectory.Department, by: HelpDeskDirectory.Agent)
        case response(HelpDeskDirectory.Agent)
        case note(HelpDeskDirectory.Agent)
        case message
        case status(HelpDeskDirectory.Status, by: HelpDeskDirectory.Agent)
    }

    func ticket(index: Int, number: Int, created: Instant) -> SyntheticTicket {
        var rng = SplitMix64(seed: configuration.seed, stream: 2, index: UInt64(index))
        let d = directory
        let topic = rng.pick(d.helpTopics, weights: d.helpTopics.map(\.weight))
        let subject = rng.pick(topic.subjects)
        let requester = rng.pick(d.requesters)
        let source = rng.pick(d.sources.map(\.name), weights: d.sources.map(\.weight))
        let priority = rng.pick([d.low, d.normal, d.high, d.emergency], weights: [15, 60, 22, 3])
        let routedByTopic = rng.chance(0.85)
        let escalates = rng.chance(configuration.escalationRate * Double(topic.escalationWeight) / 100)
        let severe = rng.chance(configuration.severityRate * (escalates ? 2.2 : 0.5))
        let stale = !severe && rng.chance(configuration.staleRate)
        let attachments = rng.pick([0, 1, 2], weights: [80, 15, 5])
        let triage = rng.pick(level1)
        let specialist = rng.pick(banking)

        var recorder = TicketHistoryRecorder(
            directory: d, zone: zone, index: index, number: String(number), cutoff: exportedAt,
            firstId: Self.firstRowId + index * Self.rowIdStride, priority: priority, department: d.support,
            team: routedByTopic ? d.level1Support : nil, cronDelays: SplitMix64(seed: rng.next()))
        let finish = { (recorder: inout TicketHistoryRecorder) in
            recorder.finish(subject: subject, requester: requester, helpTopic: topic.fullName, source: source,
                            attachmentCount: attachments)
        }

        // Intake: the user's ticket (or the agent who took the call) and its opening message.
        recorder.create(at: created, by: source == "Phone" ? triage.fullName : requester.name)
        recorder.message(at: created, by: requester.name)

        // Triage: a Level 1 agent picks it up; emergencies get the 1-hour plan at once.
        let clock = severe ? roundTheClock : businessHours
        var now = clock.adding(severe ? rng.int64(in: 60...600) : rng.int64(in: 120...5400), to: created)
        if !routedByTopic {
            guard recorder.assign(d.level1Support, at: now, by: triage.fullName) else { return finish(&recorder) }
        }
        if severe {
            now = now.adding(seconds: rng.int64(in: 20...120))
            guard recorder.changePlan(to: d.severityA, at: now, by: triage) else { return finish(&recorder) }
            if recorder.priority != d.emergency {
                now = now.adding(seconds: rng.int64(in: 5...60))
                guard recorder.changePriority(to: d.emergency, at: now, by: triage) else { return finish(&recorder) }
            }
        }

        // The first cycle's work, planned, then spread between now and the close.
        var steps: [Step] = []
        var holder: HelpDeskDirectory.Agent
        if severe && escalates {
            // The seed's outage: straight to Online Banking, where a specialist claims it.
            steps.append(.assignTeam(d.onlineBanking, by: triage))
            steps.append(.claim(specialist))
            holder = specialist
        } else {
            holder = triage
            appendTake(by: triage, to: &steps, rng: &rng)
            if escalates {
                if rng.chance(0.5) { steps.append(.response(triage)) }
                if rng.chance(0.5) { steps.append(.note(triage)) }
                if rng.chance(0.6) {
                    steps.append(.release(by: triage))
                    steps.append(.assignTeam(d.onlineBanking, by: triage))
                    if rng.chance(0.35) { steps.append(.transfer(d.onlineBankingServices, by: triage)) }
                    steps.append(.claim(specialist))
                } else {
                    steps.append(.assignTeam(d.onlineBanking, by: triage))
                    if rng.chance(0.35) { steps.append(.transfer(d.onlineBankingServices, by: triage)) }
                    let lead = banking.count > 1 ? rng.pick(banking.filter { $0 != specialist }) : specialist
                    steps.append(lead == specialist ? .claim(specialist) : .assign(specialist, by: lead))
                }
                holder = specialist
            }
        }
        steps.append(.response(holder))
        appendConversation(with: holder, hold: !severe && (stale || rng.chance(configuration.holdRate)),
                           to: &steps, rng: &rng)

        var lastCloser = holder
        var cycle = 1
        while true {
            let close = plannedClose(from: now, recorder: recorder, clock: clock, escalated: escalates,
                                     stale: stale && cycle == 1, rng: &rng)
            guard play(steps, from: now, until: close, clock: clock, recorder: &recorder, requester: requester,
                       rng: &rng) else { return finish(&recorder) }
            let closer = holder
            let closedStatus = rng.chance(0.75) ? d.resolved : d.closed
            guard recorder.close(with: closedStatus, at: close, by: closer) else { return finish(&recorder) }
            lastCloser = closer

            // Now and then the user comes back, or an agent reopens it.
            guard cycle < 3, rng.chance(cycle == 1 ? configuration.reopenRate : configuration.reopenRate / 4)
            else { break }
            cycle += 1
            if rng.chance(0.65) {
                now = close.adding(seconds: rng.int64(in: 3600...4 * 86_400))
                guard recorder.message(at: now, by: requester.name),
                      recorder.reopen(at: now, by: requester.name) else { return finish(&recorder) }
            } else {
                now = businessHours.adding(rng.int64(in: 1800...64_800), to: close)
                guard recorder.reopen(at: now, by: lastCloser.fullName) else { return finish(&recorder) }
            }
            holder = lastCloser
            steps = [.response(holder)]
            appendConversation(with: holder, hold: false, to: &steps, rng: &rng)
        }
        return finish(&recorder)
    }

    /// The triage agent takes the ticket: a claim, an assignment by a colleague, or (nothing
    /// here) an auto-claim by being the first to reply.
    private func appendTake(by agent: HelpDeskDirectory.Agent, to steps: inout [Step], rng: inout SplitMix64) {
        switch rng.below(10) {
        case 0..<5:
            steps.append(.claim(agent))
        case 5..<7 where level1.count > 1:
            steps.append(.assign(agent, by: rng.pick(level1.filter { $0 != agent })))
        default:
            break
        }
    }

    /// Replies back and forth, notes, and a spell on hold waiting for the customer.
    private func appendConversation(with agent: HelpDeskDirectory.Agent, hold: Bool, to steps: inout [Step],
                                    rng: inout SplitMix64) {
        if rng.chance(0.3) { steps.append(.note(agent)) }
        if hold {
            steps.append(.status(directory.onHold, by: agent))
            steps.append(.message)
            steps.append(.status(directory.open, by: agent))
        }
        for _ in 0..<rng.pick([0, 1, 2, 3], weights: [40, 35, 18, 7]) {
            steps.append(.message)
            steps.append(rng.chance(0.8) ? .response(agent) : .note(agent))
        }
    }

    /// When this cycle closes: before the due date for most, after it for some (more often
    /// once escalated), weeks later for stale tickets.
    private func plannedClose(from start: Instant, recorder: TicketHistoryRecorder, clock: WorkingClock,
                              escalated: Bool, stale: Bool, rng: inout SplitMix64) -> Instant {
        let due = recorder.due ?? start
        let quick = clock.isAlwaysOpen
        if stale {
            return clock.adding(rng.int64(in: 5 * 32_400...25 * 32_400), to: max(due, start))
        }
        let available = clock.seconds(from: start, to: due)
        let breach = rng.chance(configuration.breachRate * (escalated ? 1.5 : 0.8))
        if breach || available < 900 {
            let late = quick ? rng.int64(in: 300...10_800) : rng.int64(in: 1800...2 * 32_400)
            return clock.adding(late, to: max(due, start))
        }
        let share = 0.15 + 0.8 * rng.unit() * rng.unit()
        return clock.adding(max(600, Int64(Double(available) * share)), to: start)
    }

    /// Records `steps` at increasing times between `start` and `end` on `clock` (random gaps
    /// scaled to fit). Returns false once the export instant cut the story off.
    private func play(_ steps: [Step], from start: Instant, until end: Instant, clock: WorkingClock,
                      recorder: inout TicketHistoryRecorder, requester: HelpDeskDirectory.Requester,
                      rng: inout SplitMix64) -> Bool {
        let span = clock.seconds(from: start, to: end)
        // Uneven gaps (a product of uniforms), no transcendental functions: the same on every platform.
        var weights = (0...steps.count).map { _ in 0.02 + rng.unit() * rng.unit() }
        let total = weights.reduce(0, +)
        weights = weights.map { $0 / total }
        var time = start
        var worked: Int64 = 0
        for (step, weight) in zip(steps, weights) {
            let gap = max(5, Int64(Double(span) * weight))
            worked += gap
            time = worked < span ? clock.adding(gap, to: time) : max(time, end.adding(seconds: -1))
            let recorded: Bool
            switch step {
            case .claim(let agent): recorded = recorder.claim(at: time, by: agent)
            case .assign(let agent, let actor): recorded = recorder.assign(agent, at: time, by: actor)
            case .assignTeam(let team, let actor): recorded = recorder.assign(team, at: time, by: actor.fullName)
            case .release(let actor): recorded = recorder.releaseAgent(at: time, by: actor)
            case .transfer(let department, let actor): recorded = recorder.transfer(to: department, at: time, by: actor)
            case .response(let agent): recorded = recorder.response(at: time, by: agent)
            case .note(let agent): recorded = recorder.note(at: time, by: agent)
            case .message: recorded = recorder.message(at: time, by: requester.name)
            case .status(let status, let actor): recorded = recorder.changeStatus(to: status, at: time, by: actor)
            }
            if !recorded { return false }
        }
        return true
    }
}
