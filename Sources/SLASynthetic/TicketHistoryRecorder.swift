import SLAModel
import SLAEngine

/// Records one ticket's lifecycle the way osTicket would log it: each action appends the
/// thread event or entry osTicket writes (with its `data` JSON and the holders after it),
/// keeps the ticket's columns up to date (status, due date, overdue flag, counts), annuls
/// earlier `closed` events on reopen and close, and plays osTicket's cron, which logs
/// `overdue` once an open ticket passes its due date.
///
/// Rows after the export instant are not recorded: from the first such action on, every
/// action returns false and the ticket stays as it was when the export was taken.
struct TicketHistoryRecorder {
    typealias Directory = HelpDeskDirectory

    let directory: Directory
    let zone: ZoneRules
    let index: Int
    let number: String
    /// The instant the export was taken.
    let cutoff: Instant
    private var nextId: Int
    private var cronDelays: SplitMix64
    private let cronDelayRange: ClosedRange<Int64>

    private(set) var status: Directory.Status
    private(set) var plan: Directory.SLAPlan
    private(set) var priority: Directory.Priority
    private(set) var department: Directory.Department
    private(set) var team: Directory.Team?
    private(set) var agent: Directory.Agent?
    private(set) var created: Instant?
    private(set) var cycleStart: Instant?
    private(set) var due: Instant?
    private(set) var closedAt: Instant?
    private(set) var isOverdue = false
    private(set) var isAnswered = false
    private(set) var reopenCount = 0
    private(set) var threadCount = 0
    private(set) var lastUpdated: Instant?
    private(set) var rows: [OsTicketHistoryRow] = []
    /// True once an action fell after the export instant.
    private(set) var isCutOff = false
    private var overdueCheckAt: Instant?

    /// - Parameters:
    ///   - firstId: the id of the ticket's first row; later rows count up from it.
    ///   - cronDelays: where the wait between a due date and the cron run that notices it comes from.
    init(directory: Directory, zone: ZoneRules, index: Int, number: String, cutoff: Instant, firstId: Int,
         priority: Directory.Priority, department: Directory.Department, team: Directory.Team?,
         cronDelays: SplitMix64, cronDelayRange: ClosedRange<Int64> = 1...299) {
        self.directory = directory
        self.zone = zone
        self.index = index
        self.number = number
        self.cutoff = cutoff
        self.nextId = firstId
        self.cronDelays = cronDelays
        self.cronDelayRange = cronDelayRange
        self.status = directory.open
        self.plan = directory.defaultSLA
        self.priority = priority
        self.department = department
        self.team = team
    }

    var isClosed: Bool { status.isClosed }
    /// The time of the last recorded row.
    var lastTime: Instant? { rows.last?.time }

    // MARK: Actions

    /// The ticket is created (the `created` event; the opening message is a separate `message`).
    @discardableResult
    mutating func create(at time: Instant, by username: String) -> Bool {
        precondition(rows.isEmpty, "created must come first")
        guard record(.created, at: time, by: username) else { return false }
        created = time
        startCycle(at: time)
        return true
    }

    /// A message from the user.
    @discardableResult
    mutating func message(at time: Instant, by username: String) -> Bool {
        guard record(.message, at: time, by: username) else { return false }
        threadCount += 1
        isAnswered = false
        lastUpdated = time
        return true
    }

    /// A public response. An unassigned ticket is auto-claimed by the responder, with no
    /// `assigned` event (osTicket's `auto_claim_tickets`).
    @discardableResult
    mutating func response(at time: Instant, by responder: Directory.Agent) -> Bool {
        guard record(.response, at: time, by: responder.fullName, apply: { recorder in
            if recorder.agent == nil { recorder.agent = responder }
        }) else { return false }
        threadCount += 1
        isAnswered = true
        lastUpdated = time
        return true
    }

    /// An internal note.
    @discardableResult
    mutating func note(at time: Instant, by author: Directory.Agent) -> Bool {
        guard record(.note, at: time, by: author.fullName) else { return false }
        threadCount += 1
        lastUpdated = time
        return true
    }

    /// An agent claims the (unassigned) ticket.
    @discardableResult
    mutating func claim(at time: Instant, by claimer: Directory.Agent) -> Bool {
        record(.assigned, at: time, by: claimer.fullName, data: #"{"claim":true}"#) { $0.agent = claimer }
    }

    /// `actor` assigns the ticket to `assignee`.
    @discardableResult
    mutating func assign(_ assignee: Directory.Agent, at time: Instant, by actor: Directory.Agent) -> Bool {
        record(.assigned, at: time, by: actor.fullName,
               data: #"{"staff":["# + String(assignee.staffId) + "," + PHPJSON.string(assignee.fullName) + "]}") {
            $0.agent = assignee
        }
    }

    /// `actor` assigns the ticket to a team (the agent, if any, keeps it).
    @discardableResult
    mutating func assign(_ newTeam: Directory.Team, at time: Instant, by actor: String) -> Bool {
        record(.assigned, at: time, by: actor, data: #"{"team":"# + String(newTeam.id) + "}") { $0.team = newTeam }
    }

    /// `actor` releases the agent assignment.
    @discardableResult
    mutating func releaseAgent(at time: Instant, by actor: Directory.Agent) -> Bool {
        guard let held = agent else { return true }
        return record(.released, at: time, by: actor.fullName,
                      data: #"{"staff":["# + String(held.staffId) + "," + PHPJSON.string(held.fullName) + "]}") {
            $0.agent = nil
        }
    }

    /// `actor` transfers the ticket to another department.
    @discardableResult
    mutating func transfer(to newDepartment: Directory.Department, at time: Instant, by actor: Directory.Agent) -> Bool {
        record(.transferred, at: time, by: actor.fullName,
               data: #"{"dept":"# + PHPJSON.string(newDepartment.name) + "}") { $0.department = newDepartment }
    }

    /// `actor` changes the SLA plan; osTicket recomputes the due date from the cycle's start
    /// (clearing the overdue flag first).
    @discardableResult
    mutating func changePlan(to newPlan: Directory.SLAPlan, at time: Instant, by actor: Directory.Agent) -> Bool {
        let old = plan
        guard record(.edited, at: time, by: actor.fullName, slaPlan: newPlan.name,
                     data: #"{"sla_id":["# + String(old.id) + "," + String(newPlan.id) + "]}", apply: {
                         $0.plan = newPlan
                     }) else { return false }
        isOverdue = false
        scheduleDue(eligibleFrom: time)
        return true
    }

    /// `actor` changes the priority.
    @discardableResult
    mutating func changePriority(to newPriority: Directory.Priority, at time: Instant, by actor: Directory.Agent) -> Bool {
        let data = #"{"fields":{"priority":["# + PHPJSON.string(priority.name) + "," + PHPJSON.string(newPriority.name) + "]}}"
        return record(.edited, at: time, by: actor.fullName, priority: newPriority.name, data: data) {
            $0.priority = newPriority
        }
    }

    /// `actor` moves the open ticket to another open-state status (On Hold, back to Open).
    @discardableResult
    mutating func changeStatus(to newStatus: Directory.Status, at time: Instant, by actor: Directory.Agent) -> Bool {
        precondition(!newStatus.isClosed && !status.isClosed, "status edits stay within the open state")
        guard record(.edited, at: time, by: actor.fullName, status: newStatus.name,
                     data: #"{"status":"# + String(newStatus.id) + "}", apply: { $0.status = newStatus })
        else { return false }
        lastUpdated = time
        return true
    }

    /// `closer` closes the ticket with a closed-state status: the closer becomes the assignee,
    /// the overdue flag is cleared and a due date already past is erased.
    @discardableResult
    mutating func close(with closedStatus: Directory.Status, at time: Instant, by closer: Directory.Agent) -> Bool {
        precondition(closedStatus.isClosed)
        guard record(.closed, at: time, by: closer.fullName, status: closedStatus.name,
                     data: #"{"status":["# + String(closedStatus.id) + "," + PHPJSON.string(closedStatus.name) + "]}",
                     annulClosed: true, apply: {
                         $0.status = closedStatus
                         $0.agent = closer
                     }) else { return false }
        closedAt = time
        lastUpdated = time
        isOverdue = false
        if let current = due, current <= time { due = nil }
        overdueCheckAt = nil
        return true
    }

    /// The ticket is reopened (by the user's message or an agent): a new SLA cycle starts,
    /// the closing agent keeps it.
    @discardableResult
    mutating func reopen(at time: Instant, by username: String) -> Bool {
        precondition(status.isClosed)
        guard record(.reopened, at: time, by: username, annulClosed: true, apply: { $0.status = $0.directory.open })
        else { return false }
        closedAt = nil
        isAnswered = false
        reopenCount += 1
        lastUpdated = time
        startCycle(at: time)
        return true
    }

    /// The ticket as the export shows it: the cron catches up to the export instant first.
    mutating func finish(subject: String, requester: Directory.Requester, helpTopic: String, source: String,
                         attachmentCount: Int) -> SyntheticTicket {
        if !isCutOff { catchUpCron(before: cutoff.adding(seconds: 1)) }
        guard let created else { preconditionFailure("a ticket needs its created event") }
        return SyntheticTicket(
            index: index, number: number, created: created, subject: subject, requesterName: requester.name,
            requesterEmail: requester.email, priority: priority.name, department: department.name,
            helpTopic: helpTopic, source: source, status: status.name, lastUpdated: lastUpdated ?? created,
            slaDueDate: due, slaPlan: plan.name, closed: closedAt, isOverdue: isOverdue, isAnswered: isAnswered,
            agent: agent?.fullName, team: team?.name, threadCount: threadCount, reopenCount: reopenCount,
            attachmentCount: attachmentCount, history: rows)
    }

    // MARK: Bookkeeping

    private mutating func startCycle(at time: Instant) {
        cycleStart = time
        isOverdue = false
        scheduleDue(eligibleFrom: time)
    }

    /// osTicket's `updateEstDueDate`: the due date from the cycle's start under the current
    /// plan, and the first cron run that would find the ticket past it.
    private mutating func scheduleDue(eligibleFrom time: Instant) {
        guard let start = cycleStart else { return }
        let newDue = plan.schedule.osTicketDueDate(addingHours: plan.graceHours, to: start, in: zone)
        due = newDue
        let delay = cronDelays.int64(in: cronDelayRange)
        overdueCheckAt = max(newDue, time).adding(seconds: delay)
    }

    /// Logs `overdue` if a cron run before `time` found the open ticket past its due date.
    private mutating func catchUpCron(before time: Instant) {
        guard !status.isClosed, !isOverdue, let check = overdueCheckAt, check < time, check <= cutoff else { return }
        isOverdue = true
        overdueCheckAt = nil
        append(.overdue, at: check, by: "SYSTEM")
    }

    private mutating func record(_ kind: OsTicketHistoryKind, at requested: Instant, by username: String,
                                 status: String? = nil, slaPlan: String? = nil, priority: String? = nil,
                                 data: String? = nil, annulClosed: Bool = false,
                                 apply: (inout TicketHistoryRecorder) -> Void = { _ in }) -> Bool {
        guard !isCutOff else { return false }
        // Times never run backwards within a ticket.
        let time = max(requested, lastTime ?? requested)
        guard time <= cutoff else {
            catchUpCron(before: cutoff.adding(seconds: 1))
            isCutOff = true
            return false
        }
        catchUpCron(before: time)
        if annulClosed {
            for i in rows.indices where rows[i].kind == .closed { rows[i].annulled = true }
        }
        apply(&self)
        append(kind, at: time, by: username, status: status, slaPlan: slaPlan, priority: priority, data: data)
        return true
    }

    private mutating func append(_ kind: OsTicketHistoryKind, at time: Instant, by username: String,
                                 status: String? = nil, slaPlan: String? = nil, priority: String? = nil,
                                 data: String? = nil) {
        precondition(rows.count < TicketLifecycleGenerator.rowIdStride, "a ticket's rows would reach the next ticket's ids")
        rows.append(OsTicketHistoryRow(
            ticketNumber: number, kind: kind, sourceId: nextId, time: time, username: username,
            agent: agent?.fullName, team: team?.name, department: department.name, status: status,
            slaPlan: slaPlan, priority: priority, data: data))
        nextId += 1
    }
}
