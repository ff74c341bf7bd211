import SLAModel

/// The tickets one period's report counts, each held once: the period's own tickets as the
/// report lists them (`WeeklyReport.tickets`, in its order) and the others it counts (the
/// period before's, those only handed off in the period). A collection of their metrics, the
/// period's tickets first.
///
/// Read from the store, a report's tickets were held twice while it was counted: as the metrics
/// read and as the rows of its ticket list, each row a copy of its ticket (14 MB of a
/// million-ticket week's 64 MB heap). Collected as read (`collect(in:capacity:_:)`), each
/// ticket goes straight to its group, and the list is put in order where it lies.
public struct ReportTickets: RandomAccessCollection, Sendable {
    /// The period's tickets: created, resolved or breached in it, or open at its end, by
    /// creation then number.
    public private(set) var periodTickets: [PeriodTicket]
    /// Every other ticket given, in the order given.
    public private(set) var others: [TicketMetrics]

    /// Sorts `metrics` into the period's tickets and the others.
    public init(_ metrics: [TicketMetrics], in period: ReportPeriod) {
        self = Self.collect(in: period, capacity: metrics.count) { add in metrics.forEach(add) }
    }

    /// The tickets `feed` gives to the function it is handed, sorted into the period's tickets
    /// and the others as they come. `capacity`: at most how many of them can be the period's
    /// (room reserved ahead is only address space until used: a list grown by doubling held its
    /// old and new storage at once, a million-ticket month's 47 MB twice).
    public static func collect<Failure: Error>(
        in period: ReportPeriod, capacity: Int,
        _ feed: (_ add: (TicketMetrics) -> Void) throws(Failure) -> Void
    ) throws(Failure) -> ReportTickets {
        var tickets = ReportTickets(periodTickets: [], others: [])
        tickets.periodTickets.reserveCapacity(capacity)
        try feed { ticket in
            if let listed = ReportAggregator.periodTicket(ticket, in: period) {
                tickets.periodTickets.append(listed)
            } else {
                tickets.others.append(ticket)
            }
        }
        tickets.putListInOrder()
        return tickets
    }

    private init(periodTickets: [PeriodTicket], others: [TicketMetrics]) {
        self.periodTickets = periodTickets
        self.others = others
    }

    /// Orders the list by creation then number, moving each row once (`sort` would need room
    /// for half the rows beside them).
    private mutating func putListInOrder() {
        // The order is found in a call of its own, so that no second reference to the list is
        // alive when it is rearranged (one would make the rearranging copy it whole).
        let order = Self.order(of: periodTickets)
        Self.permute(&periodTickets, into: order)
    }

    /// The positions of `list`'s rows by creation then number.
    private static func order(of list: [PeriodTicket]) -> [Int] {
        list.indices.sorted {
            (list[$0].metrics.createdAt, list[$0].metrics.number) < (list[$1].metrics.createdAt, list[$1].metrics.number)
        }
    }

    /// Rearranges `elements` in place so that position `p` holds the element that was at
    /// `order[p]` (a permutation of the indices), each element moved once, cycle by cycle.
    static func permute<Element>(_ elements: inout [Element], into order: [Int]) {
        precondition(order.count == elements.count, "the order is not one of these elements")
        var placed = [Bool](repeating: false, count: order.count)
        elements.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for start in order.indices where !placed[start] {
                let first = (base + start).move()
                var position = start
                while true {
                    placed[position] = true
                    let source = order[position]
                    if source == start {
                        (base + position).initialize(to: first)
                        break
                    }
                    precondition(!placed[source], "the order is not a permutation")
                    (base + position).initialize(to: (base + source).move())
                    position = source
                }
            }
        }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { periodTickets.count + others.count }

    public subscript(position: Int) -> TicketMetrics {
        position < periodTickets.count ? periodTickets[position].metrics : others[position - periodTickets.count]
    }
}
