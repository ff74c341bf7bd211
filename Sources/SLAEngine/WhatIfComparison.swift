import SLAModel

/// The difference between the stored SLA results and a replay of the same history under a
/// draft policy: compliance per team and ISO week, and the tickets whose verdict flips.
public struct WhatIfComparison: Sendable {
    /// Resolution compliance of one team in one week, now and under the draft.
    public struct Row: Sendable, Hashable {
        public var week: String
        public var team: String
        public var now: Compliance
        public var draft: Compliance
        /// Percentage points, draft minus now (nil when either side has no judged tickets).
        public var difference: Double? {
            guard let a = now.percent, let b = draft.percent else { return nil }
            return b - a
        }
    }

    /// Met / judged tickets; judged = met + breached + still-open-and-breached.
    public struct Compliance: Sendable, Hashable {
        public var met = 0
        public var judged = 0

        public init(met: Int = 0, judged: Int = 0) {
            self.met = met
            self.judged = judged
        }
        public var percent: Double? { judged == 0 ? nil : Double(met) * 100 / Double(judged) }
    }

    /// A ticket whose resolution verdict differs under the draft.
    public struct Flip: Sendable, Hashable {
        public var number: String
        public var team: String
        public var now: SLAStatus
        public var draft: SLAStatus
        public var dueNow: Instant?
        public var dueDraft: Instant?
    }

    public var rows: [Row]
    public var flips: [Flip]

    /// Compares per-ticket metrics (same tickets, any order). Weeks are ISO weeks of the
    /// instant that judged each ticket (its resolution, or its breach while still open) in `zone`.
    public init(now: [TicketMetrics], draft: [TicketMetrics], zone: ZoneRules) {
        var cells: [String: (week: String, team: String, now: Compliance, draft: Compliance)] = [:]
        func add(_ ticket: TicketMetrics, draft isDraft: Bool) {
            guard let (instant, met) = WhatIfComparison.judgement(ticket) else { return }
            let week = WhatIfComparison.isoWeek(of: zone.localTime(of: instant).date)
            let team = ticket.team ?? "(no team)"
            let key = week + "\u{1}" + team
            var cell = cells[key] ?? (week, team, Compliance(), Compliance())
            if isDraft {
                cell.draft.judged += 1
                if met { cell.draft.met += 1 }
            } else {
                cell.now.judged += 1
                if met { cell.now.met += 1 }
            }
            cells[key] = cell
        }
        for ticket in now { add(ticket, draft: false) }
        for ticket in draft { add(ticket, draft: true) }
        rows = cells.values.map { Row(week: $0.week, team: $0.team, now: $0.now, draft: $0.draft) }
            .sorted { ($0.week, $0.team) < ($1.week, $1.team) }
        let draftByNumber = Dictionary(draft.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
        flips = now.compactMap { current -> Flip? in
            guard let other = draftByNumber[current.number],
                  current.resolutionStatus.isBreach != other.resolutionStatus.isBreach
                    || (current.resolutionStatus == .notMeasurable) != (other.resolutionStatus == .notMeasurable) else { return nil }
            return Flip(number: current.number, team: current.team ?? "(no team)", now: current.resolutionStatus,
                        draft: other.resolutionStatus, dueNow: current.resolutionDueAt, dueDraft: other.resolutionDueAt)
        }.sorted { $0.number < $1.number }
    }

    /// When a ticket's resolution verdict was decided and whether it was met: resolved
    /// tickets at their resolution, open ones at their breach; running ones are not judged.
    static func judgement(_ ticket: TicketMetrics) -> (Instant, Bool)? {
        switch ticket.resolutionStatus {
        case .met: return ticket.resolvedAt.map { ($0, true) }
        case .breached: return ticket.resolvedAt.map { ($0, false) }
        case .runningBreached: return ticket.resolutionBreachedAt.map { ($0, false) }
        case .running, .notMeasurable: return nil
        }
    }

    /// `2025-W32` for a date.
    public static func isoWeek(of date: CivilDate) -> String {
        let (year, week) = date.isoWeek
        return "\(year)-W\(pad(week, 2))"
    }
}
