import SLAModel
import SLAEngine

/// A deterministic synthetic osTicket help desk: the seed's bank, with as many tickets as
/// configured. Tickets are made one at a time as a sequence is iterated, so a run of any
/// size needs memory for one day's tickets at most.
public struct SyntheticHelpDesk: Sendable {
    /// Thrown when the configuration cannot be used.
    public enum ConfigurationError: Error, Equatable, CustomStringConvertible {
        case unknownTimeZone(String)
        case invalid(String)

        public var description: String {
            switch self {
            case .unknownTimeZone(let name): return "unknown time zone \"\(name)\""
            case .invalid(let reason): return reason
            }
        }
    }

    public let configuration: SyntheticHelpDeskConfiguration
    public let directory: HelpDeskDirectory
    /// The source zone's rules: every exported time is this zone's wall clock.
    public let zone: ZoneRules
    /// The instant the export is taken: midnight after the span's last day, source zone.
    /// Nothing later appears in the export; tickets still open then stay open.
    public let exportedAt: Instant
    private let arrivals: ArrivalSchedule
    private let lifecycles: TicketLifecycleGenerator

    public init(configuration: SyntheticHelpDeskConfiguration) throws {
        guard let zone = ZoneRules.named(configuration.sourceTimeZone) else {
            throw ConfigurationError.unknownTimeZone(configuration.sourceTimeZone)
        }
        guard configuration.ticketCount >= 0, configuration.weeks >= 1 else {
            throw ConfigurationError.invalid("need at least one week and a non-negative ticket count")
        }
        guard configuration.agentCount >= 2, configuration.requesterCount >= 1 else {
            throw ConfigurationError.invalid("need at least two agents and one requester")
        }
        guard configuration.startDate.isValid else {
            throw ConfigurationError.invalid("invalid start date \(configuration.startDate)")
        }
        self.configuration = configuration
        self.zone = zone
        directory = .bank(agentCount: configuration.agentCount, requesterCount: configuration.requesterCount)
        exportedAt = zone.instant(of: LocalDateTime(date: configuration.exportDate, secondOfDay: 0))
        arrivals = ArrivalSchedule(configuration: configuration, zone: zone, workdays: directory.defaultSLA.schedule)
        lifecycles = TicketLifecycleGenerator(configuration: configuration, directory: directory, zone: zone,
                                              exportedAt: exportedAt)
    }

    /// Convenience for `init(configuration:)`.
    public init(tickets: Int? = nil, weeks: Int? = nil,
                startDate: CivilDate = SyntheticHelpDeskConfiguration.defaultStartDate,
                seed: UInt64 = 1, sourceTimeZone: String = "America/New_York") throws {
        try self.init(configuration: SyntheticHelpDeskConfiguration(
            tickets: tickets, weeks: weeks, startDate: startDate, seed: seed, sourceTimeZone: sourceTimeZone))
    }

    /// The tickets in creation order (oldest first), or newest first as osTicket's queue export
    /// sorts them by default (`-created`).
    public func tickets(newestFirst: Bool = false) -> SyntheticTicketSequence {
        SyntheticTicketSequence(desk: self, newestFirst: newestFirst)
    }

    /// All tickets created on day `day` (0 = the start date), oldest first.
    func tickets(onDay day: Int) -> [SyntheticTicket] {
        let times = arrivals.creationTimes(onDay: day)
        return zip(arrivals.indices(onDay: day), times).map { index, created in
            lifecycles.ticket(index: index, number: arrivals.ticketNumber(ofIndex: index), created: created)
        }
    }

    var dayCount: Int { arrivals.dayCount }

    /// The span's last working day (Monday to Friday, not a holiday) as an instant range in the
    /// source zone: the "one more day" a nightly run adds.
    public var lastWorkingDay: Range<Instant> {
        let schedule = directory.defaultSLA.schedule
        var day = dayCount - 1
        while day > 0 {
            let date = configuration.startDate.adding(days: day)
            if date.isoWeekday <= 5 && !schedule.isHoliday(date) { break }
            day -= 1
        }
        let date = configuration.startDate.adding(days: max(day, 0))
        return zone.instant(of: LocalDateTime(date: date, secondOfDay: 0))
            ..< zone.instant(of: LocalDateTime(date: date.adding(days: 1), secondOfDay: 0))
    }
}

/// The tickets of a synthetic help desk, made day by day as the sequence is iterated.
public struct SyntheticTicketSequence: Sequence, Sendable {
    let desk: SyntheticHelpDesk
    let newestFirst: Bool

    public struct Iterator: IteratorProtocol {
        let desk: SyntheticHelpDesk
        let newestFirst: Bool
        var nextDay: Int
        var pending: [SyntheticTicket] = []

        public mutating func next() -> SyntheticTicket? {
            while pending.isEmpty {
                guard nextDay >= 0, nextDay < desk.dayCount else { return nil }
                let day = desk.tickets(onDay: nextDay)
                // Kept reversed so that popLast() hands them out in order.
                pending = newestFirst ? day : day.reversed()
                nextDay += newestFirst ? -1 : 1
            }
            return pending.popLast()
        }
    }

    public func makeIterator() -> Iterator {
        Iterator(desk: desk, newestFirst: newestFirst, nextDay: newestFirst ? desk.dayCount - 1 : 0)
    }
}
