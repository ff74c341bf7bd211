import SLAModel

/// A period's ticket list (`WeeklyReport.tickets`): its tickets created, resolved or breached
/// in it, or open at its end, by creation then number, collected as the tickets are read. Each
/// listed ticket is kept as its row (without its holding segments); the others are not kept.
public enum PeriodTicketList {
    /// The list of the tickets `feed` gives to the function it is handed, each kept or not as it
    /// comes, then put in order where it lies. `capacity`: at most how many of them can be
    /// listed (room reserved ahead is only address space until used: a list grown by doubling
    /// held its old and new storage at once, a million-ticket month's 47 MB twice).
    public static func collect<Failure: Error>(
        in period: ReportPeriod, capacity: Int,
        _ feed: (_ add: (TicketMetrics) -> Void) throws(Failure) -> Void
    ) throws(Failure) -> [PeriodTicket] {
        var list: [PeriodTicket] = []
        list.reserveCapacity(capacity)
        try feed { ticket in
            if let row = ReportAggregator.periodTicket(ticket, in: period) { list.append(row) }
        }
        putInOrder(&list)
        return list
    }

    /// Orders the list by creation then number, moving each row once (`sort` would need room
    /// for half the rows beside them).
    private static func putInOrder(_ list: inout [PeriodTicket]) {
        // The order is found in a call of its own, so that no second reference to the list is
        // alive when it is rearranged (one would make the rearranging copy it whole).
        let order = Self.order(of: list)
        Self.permute(&list, into: order)
    }

    /// Whether `row` comes before `other` in the list: by creation, then number.
    public static func precedes(_ row: PeriodTicket, _ other: PeriodTicket) -> Bool {
        (row.metrics.createdAt, row.metrics.number) < (other.metrics.createdAt, other.metrics.number)
    }

    /// The positions of `list`'s rows in the list's order.
    private static func order(of list: [PeriodTicket]) -> [Int] {
        list.indices.sorted { precedes(list[$0], list[$1]) }
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
}
