import SLAModel

/// What a lifecycle-history row records: an `ost_event` name for thread events, or a
/// thread entry's type for thread entries.
public enum OsTicketHistoryKind: String, Hashable, Sendable, CaseIterable {
    case created, closed, reopened, assigned, released, transferred, overdue, edited
    /// A message from the user (`ost_thread_entry.type` M).
    case message = "M"
    /// A public response from an agent (R).
    case response = "R"
    /// An internal note (N).
    case note = "N"

    /// The table the row comes from.
    public var source: OsTicketHistorySource {
        switch self {
        case .message, .response, .note: return .entry
        default: return .event
        }
    }
}

/// The osTicket table a history row was read from.
public enum OsTicketHistorySource: String, Hashable, Sendable {
    /// A row of `ost_thread_event`.
    case event
    /// A row of `ost_thread_entry`.
    case entry
}

/// One row of the lifecycle history export (the shipped SQL query's output): one thread
/// event or thread entry of one ticket, with the holders of the ticket after it.
public struct OsTicketHistoryRow: Hashable, Sendable {
    public var ticketNumber: String
    public var kind: OsTicketHistoryKind
    /// The row's id in its table; unique per source across an export and stable across re-exports.
    public var sourceId: Int
    public var time: Instant
    /// osTicket's `annulled` flag (set on every earlier `closed` event by a reopen or a later close).
    public var annulled: Bool
    /// Who acted: an agent's name, the user's name, or `SYSTEM`.
    public var username: String
    /// The agent holding the ticket after the row (full name), if any.
    public var agent: String?
    /// The team holding the ticket after the row, if any.
    public var team: String?
    /// The ticket's department after the row.
    public var department: String?
    /// For `closed`, the closing status; for status edits, the new status.
    public var status: String?
    /// For SLA edits, the new plan.
    public var slaPlan: String?
    /// For priority edits, the new priority.
    public var priority: String?
    /// The raw `ost_thread_event.data` JSON (nil = SQL NULL).
    public var data: String?

    public var source: OsTicketHistorySource { kind.source }

    public init(ticketNumber: String, kind: OsTicketHistoryKind, sourceId: Int, time: Instant,
                annulled: Bool = false, username: String, agent: String? = nil, team: String? = nil,
                department: String? = nil, status: String? = nil, slaPlan: String? = nil,
                priority: String? = nil, data: String? = nil) {
        self.ticketNumber = ticketNumber
        self.kind = kind
        self.sourceId = sourceId
        self.time = time
        self.annulled = annulled
        self.username = username
        self.agent = agent
        self.team = team
        self.department = department
        self.status = status
        self.slaPlan = slaPlan
        self.priority = priority
        self.data = data
    }
}
