import GRDB
import SLAModel

/// Reads tickets with their events in ticket order, one ticket per `next()`, by merging a
/// tickets cursor and an events cursor (both by ticket id; a ticket's events then put in time
/// order here) in one pass over each table,
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
        // The columns a replay does not use come last, and only when read: a `NULL` in their
        // place still cost two column calls per event.
        events = try SQLiteStatement(db, """
            SELECT e.ticket_id, e.occurred_at, e.kind, e.team, e.agent, e.department, e.status,
                   e.value, e.previous_value, e.annulled, e.id\(columns == .all ? ", e.actor, e.identity" : "")
            FROM events e \(onlyChanged ? "WHERE e.ticket_id IN (SELECT id FROM tickets WHERE needs_replay = 1)" : "")
            ORDER BY e.ticket_id
            """)
        hasEvent = try events.step()
    }

    /// Each event's `(occurred_at, id)` as read, beside the ticket's events; kept between tickets.
    private var eventOrder: [(time: Int64, id: Int64)] = []

    /// The next ticket (its row id, the ticket, its events in stored order: by time, then by the
    /// order they were stored in), or nil after the last.
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
        // Taken out of the property while it is filled, so that it stays uniquely referenced and its
        // storage is reused from ticket to ticket.
        var order = self.eventOrder
        self.eventOrder = []
        order.removeAll(keepingCapacity: true)
        defer { self.eventOrder = order }
        let number = ticket.number
        while hasEvent, events.int64(0) <= id {
            if events.int64(0) == id {
                order.append((events.int64(1), events.int64(10)))
                ticketEvents.append(LifecycleEvent(
                    ticketNumber: number, time: Instant(secondsSinceEpoch: events.int64(1)),
                    kind: events.text(2, kinds) ?? .note, actor: columns == .all ? events.text(11) : nil,
                    team: events.text(3, teams), agent: events.text(4, agents),
                    department: events.text(5, departments), status: events.text(6, statuses),
                    value: events.text(7, values), previousValue: events.text(8, previousValues),
                    identity: columns == .all ? events.text(12) ?? "" : "", annulled: events.int64(9) != 0))
            }
            hasEvent = try events.step()
        }
        Self.sortByTimeThenID(&ticketEvents, order: &order)
        return (id, ticket, ticketEvents)
    }

    /// Puts a ticket's events in stored order. They come from the unique index `(ticket_id,
    /// identity)` (`v12`), so in identity order. An insertion sort that moves events in memory:
    /// a ticket has about nine, and `Array.swapAt` copied an event (nine strings retained and
    /// released) at every step (`perf`, full recompute at a million tickets, one run each: the
    /// reading thread 16.3 s of CPU with it, 12.3 s with this).
    static func sortByTimeThenID(_ events: inout [LifecycleEvent], order: inout [(time: Int64, id: Int64)]) {
        let count = order.count
        guard count > 1 else { return }
        order.withUnsafeMutableBufferPointer { keys in
            events.withUnsafeMutableBufferPointer { values in
                guard let key = keys.baseAddress, let value = values.baseAddress else { return }
                for index in 1..<count {
                    let moving = key[index]
                    var position = index
                    while position > 0, key[position - 1] > moving { position -= 1 }
                    guard position < index else { continue }
                    // Shift the sorted run right by one and drop the element into its place, by moves
                    // (overlapping ranges are allowed): no event is copied, nothing retained.
                    let event = (value + index).move()
                    (value + position + 1).moveInitialize(from: value + position, count: index - position)
                    (value + position).initialize(to: event)
                    (key + position + 1).moveInitialize(from: key + position, count: index - position)
                    key[position] = moving
                }
            }
        }
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
