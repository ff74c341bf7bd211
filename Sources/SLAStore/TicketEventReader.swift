import GRDB
import SLAModel

/// Reads tickets with their events in ticket order, one ticket per `next()`, by merging a
/// tickets cursor and an events cursor (both by ticket id) in one pass over each table,
/// through SQLite's C API (columns by index, no row objects): recompute reads every event this way.
final class TicketEventReader {
    /// Which columns a reader fills in.
    enum Columns {
        /// Every column of tickets and events.
        case all
        /// Only what the replay and recompute's summary use: no subject, requester, e-mail, help
        /// topic, source or custom fields on tickets; no actor and an empty identity on events.
        case replayed
    }

    private let tickets: SQLiteStatement
    private let events: SQLiteStatement
    private let columns: Columns
    private var hasEvent: Bool
    private var exhausted = false
    // Repeated values are made once per distinct text (see `InternedText`), one table per column
    // so that a column with many values (due dates in `value`) does not crowd out the others.
    private let kinds = InternedText { EventKind(rawValue: $0) ?? .note }
    private let teams = InternedText { $0 }
    private let agents = InternedText { $0 }
    private let departments = InternedText { $0 }
    private let statuses = InternedText { $0 }
    private let values = InternedText { $0 }
    private let previousValues = InternedText { $0 }
    private let ticketTexts = InternedText { $0 }

    /// - Parameter onlyChanged: only the tickets marked for replay (`needs_replay = 1`).
    init(_ db: Database, onlyChanged: Bool, columns: Columns) throws {
        self.columns = columns
        func column(_ name: String) -> String { columns == .all ? name : "NULL" }
        let notReplayed: Set = ["subject", "requester", "requester_email", "help_topic", "source", "custom_fields"]
        let ticketColumns = TicketStore.ticketColumnNames.map { notReplayed.contains($0) ? column($0) : $0 }
        tickets = try SQLiteStatement(db, """
            SELECT \(ticketColumns.joined(separator: ", "))
            FROM tickets \(onlyChanged ? "WHERE needs_replay = 1" : "") ORDER BY id
            """)
        events = try SQLiteStatement(db, """
            SELECT e.ticket_id, e.occurred_at, e.kind, \(column("e.actor")), e.team, e.agent, e.department, e.status,
                   e.value, e.previous_value, \(column("e.identity")), e.annulled
            FROM events e \(onlyChanged ? "WHERE e.ticket_id IN (SELECT id FROM tickets WHERE needs_replay = 1)" : "")
            ORDER BY e.ticket_id, e.occurred_at, e.id
            """)
        hasEvent = try events.step()
    }

    /// The next ticket (its row id, the ticket, its events in stored order), or nil after the last.
    func next() throws -> (id: Int64, ticket: Ticket, events: [LifecycleEvent])? {
        guard !exhausted else { return nil }
        guard try tickets.step() else {
            exhausted = true
            return nil
        }
        let id = tickets.int64(0)
        let ticket = TicketStore.ticket(from: tickets, customFields: columns == .all, repeatedTexts: ticketTexts)
        var ticketEvents: [LifecycleEvent] = []
        // About nine events a ticket: growing 1, 2, 4, 8, 16 reallocated the array four times.
        ticketEvents.reserveCapacity(16)
        // A local copy of the cursor's state: a class property would be checked for exclusive access on every event.
        var hasEvent = self.hasEvent
        defer { self.hasEvent = hasEvent }
        while hasEvent, events.int64(0) <= id {
            if events.int64(0) == id {
                ticketEvents.append(LifecycleEvent(
                    ticketNumber: ticket.number, time: Instant(secondsSinceEpoch: events.int64(1)),
                    kind: events.text(2, kinds) ?? .note, actor: events.text(3),
                    team: events.text(4, teams), agent: events.text(5, agents),
                    department: events.text(6, departments), status: events.text(7, statuses),
                    value: events.text(8, values), previousValue: events.text(9, previousValues),
                    identity: events.text(10) ?? "", annulled: events.int64(11) != 0))
            }
            hasEvent = try events.step()
        }
        return (id, ticket, ticketEvents)
    }

    /// The next `size` tickets (fewer after the last one; none when done).
    func nextBatch(size: Int) throws -> ReplayBatch {
        var batch = ReplayBatch()
        batch.ids.reserveCapacity(size)
        batch.tickets.reserveCapacity(size)
        batch.events.reserveCapacity(size)
        while batch.ids.count < size, let (id, ticket, events) = try next() {
            batch.ids.append(id)
            batch.tickets.append(ticket)
            batch.events.append(events)
        }
        return batch
    }
}
