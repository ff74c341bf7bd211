/// A set of a ticket's descriptive fields: those an export can leave out by having no column
/// for them (an osTicket agent unticks columns in the export dialog). The number, the creation
/// instant and the custom fields are always described.
public struct TicketFields: OptionSet, Hashable, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let subject = TicketFields(rawValue: 1 << 0)
    public static let requester = TicketFields(rawValue: 1 << 1)
    public static let requesterEmail = TicketFields(rawValue: 1 << 2)
    public static let priority = TicketFields(rawValue: 1 << 3)
    public static let department = TicketFields(rawValue: 1 << 4)
    public static let helpTopic = TicketFields(rawValue: 1 << 5)
    public static let source = TicketFields(rawValue: 1 << 6)
    public static let status = TicketFields(rawValue: 1 << 7)
    public static let slaPlan = TicketFields(rawValue: 1 << 8)
    public static let team = TicketFields(rawValue: 1 << 9)
    public static let agent = TicketFields(rawValue: 1 << 10)
    public static let lastUpdatedAt = TicketFields(rawValue: 1 << 11)
    public static let closedAt = TicketFields(rawValue: 1 << 12)
    public static let sourceDueAt = TicketFields(rawValue: 1 << 13)
    public static let sourceOverdue = TicketFields(rawValue: 1 << 14)
    public static let sourceReopenCount = TicketFields(rawValue: 1 << 15)
    public static let threadCount = TicketFields(rawValue: 1 << 16)
    public static let manualDueAt = TicketFields(rawValue: 1 << 17)

    /// Each field with the `tickets` column that stores it, in the columns' order.
    public static let storedColumns: [(field: TicketFields, column: String)] = [
        (.subject, "subject"), (.requester, "requester"), (.requesterEmail, "requester_email"),
        (.priority, "priority"), (.department, "department"), (.helpTopic, "help_topic"), (.source, "source"),
        (.status, "status"), (.slaPlan, "sla_plan"), (.team, "team"), (.agent, "agent"),
        (.lastUpdatedAt, "last_updated_at"), (.closedAt, "closed_at"), (.sourceDueAt, "source_due_at"),
        (.sourceOverdue, "source_overdue"), (.sourceReopenCount, "source_reopen_count"),
        (.threadCount, "thread_count"), (.manualDueAt, "manual_due_at"),
    ]
}
