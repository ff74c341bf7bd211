import SLAModel

/// What to generate: how many tickets over how long, from when, in which zone, from which
/// seed, and how the desk behaves. The same configuration always gives the same help desk.
public struct SyntheticHelpDeskConfiguration: Hashable, Sendable {
    /// New tickets per week when only one of `tickets` and `weeks` is given.
    public static let defaultTicketsPerWeek = 40
    /// Weeks generated when neither is given.
    public static let defaultWeeks = 10
    /// The longest span chosen automatically from a ticket count (larger counts get busier weeks).
    public static let longestAutomaticSpanWeeks = 52
    /// The first Monday of the sample data's span.
    public static let defaultStartDate = CivilDate(year: 2025, month: 6, day: 23)

    /// How many tickets are created.
    public var ticketCount: Int
    /// How many weeks (7-day spans from `startDate`) the tickets are created over; the
    /// export is taken at midnight after the last day, in the source zone.
    public var weeks: Int
    /// The first day tickets are created on.
    public var startDate: CivilDate
    public var seed: UInt64
    /// The zone of osTicket's database clock (the wall clock every exported time is written in).
    public var sourceTimeZone: String
    public var agentCount = 8
    public var requesterCount = 200
    /// Share of tickets Level 1 Support escalates to the Online Banking team.
    public var escalationRate = 0.30
    /// Share of closes a reopen follows (a second reopen is a quarter as likely).
    public var reopenRate = 0.08
    /// Share of SLA cycles closed after their due date (escalated tickets breach more often).
    public var breachRate = 0.12
    /// Share of tickets an agent moves to the "Severity A" plan (1 h, round the clock).
    public var severityRate = 0.07
    /// Share of tickets put "On Hold" for a while.
    public var holdRate = 0.12
    /// Share of tickets left waiting for weeks (most of them still open, overdue, at the end).
    public var staleRate = 0.02
    /// Ticket numbers count up from here (osTicket's `######` format, in creation order).
    public var firstTicketNumber = 100_000
    /// Numbers never handed out (the seed's tickets).
    public var reservedTicketNumbers: Set<Int> = Set(SeedStory.ticketNumbers)

    /// - Parameters:
    ///   - tickets: the ticket count; without `weeks` the span is as many weeks as it takes at
    ///     `defaultTicketsPerWeek`, at most `longestAutomaticSpanWeeks`.
    ///   - weeks: the span; without `tickets`, `defaultTicketsPerWeek` tickets a week.
    ///   With neither: `defaultWeeks` weeks at `defaultTicketsPerWeek`.
    public init(tickets: Int? = nil, weeks: Int? = nil, startDate: CivilDate = defaultStartDate,
                seed: UInt64 = 1, sourceTimeZone: String = "America/New_York") {
        let perWeek = SyntheticHelpDeskConfiguration.defaultTicketsPerWeek
        switch (tickets, weeks) {
        case let (count?, span?):
            ticketCount = count
            self.weeks = span
        case let (count?, nil):
            ticketCount = count
            self.weeks = min(SyntheticHelpDeskConfiguration.longestAutomaticSpanWeeks,
                             max(1, (count + perWeek - 1) / perWeek))
        case let (nil, span?):
            ticketCount = span * perWeek
            self.weeks = span
        case (nil, nil):
            self.weeks = SyntheticHelpDeskConfiguration.defaultWeeks
            ticketCount = SyntheticHelpDeskConfiguration.defaultWeeks * perWeek
        }
        self.startDate = startDate
        self.seed = seed
        self.sourceTimeZone = sourceTimeZone
    }

    /// The number of days tickets are created on.
    public var days: Int { weeks * 7 }
    /// The wall-clock date whose midnight is the export instant.
    public var exportDate: CivilDate { startDate.adding(days: days) }
}
