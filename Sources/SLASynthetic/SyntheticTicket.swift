import SLAModel

/// One synthetic osTicket ticket: what the queue CSV export shows about it (its state when
/// the export was taken) and its lifecycle history up to then.
public struct SyntheticTicket: Hashable, Sendable {
    /// The ticket's position in the generated run (0 = the first created).
    public var index: Int
    public var number: String
    public var created: Instant
    public var subject: String
    public var requesterName: String
    public var requesterEmail: String
    public var priority: String
    public var department: String
    public var helpTopic: String
    /// `Web`, `Email` or `Phone`.
    public var source: String
    public var status: String
    public var lastUpdated: Instant
    /// `est_duedate` as osTicket holds it (nil once a close cleared a past due date).
    public var slaDueDate: Instant?
    public var slaPlan: String
    /// The manual due date (`duedate`); the synthetic desk never sets one.
    public var dueDate: Instant?
    public var closed: Instant?
    public var isOverdue: Bool
    public var isAnswered: Bool
    public var agent: String?
    public var team: String?
    /// Thread entries (M, R and N).
    public var threadCount: Int
    /// Non-annulled `reopened` events.
    public var reopenCount: Int
    public var attachmentCount: Int
    public var taskCount: Int
    /// The lifecycle rows, in time order (ties in id order).
    public var history: [OsTicketHistoryRow]

    public init(index: Int, number: String, created: Instant, subject: String, requesterName: String,
                requesterEmail: String, priority: String, department: String, helpTopic: String,
                source: String, status: String, lastUpdated: Instant, slaDueDate: Instant?,
                slaPlan: String, dueDate: Instant? = nil, closed: Instant?, isOverdue: Bool,
                isAnswered: Bool, agent: String?, team: String?, threadCount: Int, reopenCount: Int,
                attachmentCount: Int = 0, taskCount: Int = 0, history: [OsTicketHistoryRow]) {
        self.index = index
        self.number = number
        self.created = created
        self.subject = subject
        self.requesterName = requesterName
        self.requesterEmail = requesterEmail
        self.priority = priority
        self.department = department
        self.helpTopic = helpTopic
        self.source = source
        self.status = status
        self.lastUpdated = lastUpdated
        self.slaDueDate = slaDueDate
        self.slaPlan = slaPlan
        self.dueDate = dueDate
        self.closed = closed
        self.isOverdue = isOverdue
        self.isAnswered = isAnswered
        self.agent = agent
        self.team = team
        self.threadCount = threadCount
        self.reopenCount = reopenCount
        self.attachmentCount = attachmentCount
        self.taskCount = taskCount
        self.history = history
    }
}

extension SyntheticTicket {
    /// Whether the ticket was in a closed-state status (Resolved or Closed) at export.
    var isClosedState: Bool { closed != nil }
}
