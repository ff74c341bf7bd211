import SLAModel
import SLAEngine

/// How many recomputed resolution due dates agree with the due date the source exported
/// (osTicket's "SLA Due Date", kept only while a ticket is open).
public struct DueDateAgreement {
    public var compared = 0
    public var agreeing = 0

    public init() {}

    /// Counts one replayed ticket if it is open with an exported due date.
    public mutating func count(ticket: Ticket, replay: TicketReplay) {
        guard let exported = ticket.sourceDueAt, replay.resolvedAt == nil,
              let cycle = replay.cycles.last(where: { $0.metric == .resolution }), let due = cycle.dueAt,
              // An agent-set due date is not the SLA due date the export carries.
              cycle.reason?.hasPrefix(SLACycle.manualDueReasonPrefix) != true else { return }
        compared += 1
        if due == exported { agreeing += 1 }
    }
}
