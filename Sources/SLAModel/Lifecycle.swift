/// What happened to a ticket at one instant. The vocabulary is the product's, not any one
/// source system's: importers map osTicket thread events, normalized rows and profile
/// rows onto these kinds.
public enum EventKind: String, CaseIterable, Sendable, Codable {
    case created
    /// A message from the requester.
    case message
    /// A public reply from an agent; the first one stops the first-response clock.
    case response
    /// An internal note (never a response).
    case note
    /// Assigned to an agent and/or a team.
    case assigned
    /// An agent took the ticket for themselves.
    case claimed
    /// The agent and/or team let go of the ticket.
    case released
    /// Moved to another department.
    case transferred
    case priorityChanged = "priority_changed"
    case slaChanged = "sla_changed"
    /// An agent set (or cleared) the ticket's own due date (osTicket's "Due Date", `duedate`):
    /// `value` is the new due instant as ISO 8601 UTC (`2025-09-03T21:00:00Z`), nil when cleared;
    /// `previousValue` the old one.
    case dueDateChanged = "due_date_changed"
    /// The status changed without opening or closing the ticket (e.g. to "On Hold").
    case statusChanged = "status_changed"
    /// The source system flagged the ticket overdue (osTicket's only breach record after close).
    case overdue
    case resolved
    case closed
    case reopened
    case deleted
    case merged
}

/// The lifecycle state a status belongs to, which decides what the SLA clocks do.
public enum LifecycleState: String, Sendable, Codable, CaseIterable {
    case open, paused, resolved, closed
}

/// One lifecycle event of one ticket.
///
/// `team`, `agent` and `department` are the holders of the ticket *after* the event
/// took effect (osTicket's thread-event snapshot), so replay can attribute every
/// stretch of time between two events to whoever held the ticket.
public struct LifecycleEvent: Hashable, Sendable {
    /// The ticket's external number (osTicket's `number`, a case id, ...).
    public var ticketNumber: String
    public var time: Instant
    public var kind: EventKind
    /// Who did it (an agent, the requester, `SYSTEM`).
    public var actor: String?
    public var team: String?
    public var agent: String?
    public var department: String?
    /// The status name after the event, when the event sets one.
    public var status: String?
    /// The new priority for `priorityChanged`, the new plan for `slaChanged`.
    public var value: String?
    /// The value before the change, when the source records it (osTicket's `[old, new]`).
    public var previousValue: String?
    /// A key that identifies this event across re-exports of the same history
    /// (osTicket: `event:<id>` / `entry:<id>`; otherwise derived from its content).
    public var identity: String
    /// osTicket's `annulled` flag: the event happened but a later one of its type superseded it.
    public var annulled: Bool

    public init(ticketNumber: String, time: Instant, kind: EventKind, actor: String? = nil,
                team: String? = nil, agent: String? = nil, department: String? = nil,
                status: String? = nil, value: String? = nil, previousValue: String? = nil,
                identity: String? = nil, annulled: Bool = false) {
        self.ticketNumber = ticketNumber
        self.time = time
        self.kind = kind
        self.actor = actor
        self.team = team
        self.agent = agent
        self.department = department
        self.status = status
        self.value = value
        self.previousValue = previousValue
        self.annulled = annulled
        self.identity = identity ?? LifecycleEvent.contentIdentity(
            ticketNumber: ticketNumber, time: time, kind: kind, actor: actor, status: status, value: value)
    }

    /// An identity derived from what the event says, for sources without event ids.
    public static func contentIdentity(ticketNumber: String, time: Instant, kind: EventKind,
                                       actor: String?, status: String?, value: String?) -> String {
        "\(time.secondsSinceEpoch)|\(kind.rawValue)|\(actor ?? "")|\(status ?? "")|\(value ?? "")"
    }
}

/// A ticket as the source system last described it. Lifecycle detail lives in its events.
public struct Ticket: Hashable, Sendable {
    public var number: String
    public var subject: String?
    public var requester: String?
    public var requesterEmail: String?
    public var priority: String?
    public var department: String?
    public var helpTopic: String?
    public var source: String?
    /// The current status name (e.g. `Open`, `Closed`).
    public var status: String?
    public var createdAt: Instant
    public var lastUpdatedAt: Instant?
    public var closedAt: Instant?
    public var slaPlan: String?
    public var agent: String?
    public var team: String?
    /// The source system's own due date ("SLA Due Date"), kept beside what we recompute.
    public var sourceDueAt: Instant?
    /// The due date an agent set on the ticket (osTicket's "Due Date", `ost_ticket.duedate`),
    /// as the source last showed it. It is not the SLA's due date: see `SLAPolicy.manualDueDates`.
    public var manualDueAt: Instant?
    /// The source system's own overdue flag.
    public var sourceOverdue: Bool?
    public var sourceReopenCount: Int?
    public var threadCount: Int?
    /// Columns the source had beyond the known ones (osTicket custom fields), by heading.
    public var customFields: [String: String]
    /// Fields the source does not describe, its export having no column for them (they are nil
    /// here): a stored ticket keeps its own values of these when this description updates it.
    public var undescribedFields: TicketFields = []

    // Inlinable: the recompute's reader builds every ticket with it in one call (see
    // `TicketStore.ticket(from:customFields:repeatedTexts:)`).
    @inlinable
    public init(number: String, createdAt: Instant, subject: String? = nil, requester: String? = nil,
                requesterEmail: String? = nil, priority: String? = nil, department: String? = nil,
                helpTopic: String? = nil, source: String? = nil, status: String? = nil,
                lastUpdatedAt: Instant? = nil, closedAt: Instant? = nil, slaPlan: String? = nil,
                agent: String? = nil, team: String? = nil, sourceDueAt: Instant? = nil,
                sourceOverdue: Bool? = nil, sourceReopenCount: Int? = nil, threadCount: Int? = nil,
                customFields: [String: String] = [:], manualDueAt: Instant? = nil) {
        self.manualDueAt = manualDueAt
        self.number = number
        self.createdAt = createdAt
        self.subject = subject
        self.requester = requester
        self.requesterEmail = requesterEmail
        self.priority = priority
        self.department = department
        self.helpTopic = helpTopic
        self.source = source
        self.status = status
        self.lastUpdatedAt = lastUpdatedAt
        self.closedAt = closedAt
        self.slaPlan = slaPlan
        self.agent = agent
        self.team = team
        self.sourceDueAt = sourceDueAt
        self.sourceOverdue = sourceOverdue
        self.sourceReopenCount = sourceReopenCount
        self.threadCount = threadCount
        self.customFields = customFields
    }
}
