import SLAModel

/// The tickets one period's report counts, each held once: the period's own tickets as the
/// report lists them (`WeeklyReport.tickets`, in its order) and the others it counts (the
/// period before's, those only handed off in the period). A collection of their metrics, the
/// period's tickets first.
///
/// Read from the store, a report's tickets were held twice while it was counted: as the metrics
/// read and as the rows of its ticket list, each row a copy of its ticket (14 MB of a
/// million-ticket week's 64 MB heap).
public struct ReportTickets: RandomAccessCollection, Sendable {
    /// The period's tickets: created, resolved or breached in it, or open at its end, by
    /// creation then number (`ReportAggregator.periodTickets(_:in:)`).
    public let periodTickets: [PeriodTicket]
    /// Every other ticket given, in the order given.
    public let others: [TicketMetrics]

    /// Sorts `metrics` into the period's tickets and the others. Pass the array with `consume`:
    /// it is let go once both are built.
    public init(_ metrics: consuming [TicketMetrics], in period: ReportPeriod) {
        let entries = ReportAggregator.periodTicketEntries(metrics, in: period)
        var listed = [Bool](repeating: false, count: metrics.count)
        for entry in entries { listed[entry.index] = true }
        periodTickets = entries.map { ReportAggregator.periodTicket(metrics[$0.index], entry: $0) }
        var others: [TicketMetrics] = []
        others.reserveCapacity(metrics.count - entries.count)
        for index in metrics.indices where !listed[index] { others.append(metrics[index]) }
        self.others = others
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { periodTickets.count + others.count }

    public subscript(position: Int) -> TicketMetrics {
        position < periodTickets.count ? periodTickets[position].metrics : others[position - periodTickets.count]
    }
}
