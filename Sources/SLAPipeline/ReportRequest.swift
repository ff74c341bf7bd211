import SLAReports

/// Which periods to report, in which formats, where.
public struct ReportRequest {
    /// The periods of a report.
    public enum Periods {
        /// The last complete ISO week before the recompute's as-of instant.
        case lastCompleteWeek
        /// An ISO week such as 2025-W32.
        case week(String)
        /// A calendar month such as 2025-08.
        case month(String)
        /// Days from the first through the last (YYYY-MM-DD); both are needed.
        case days(from: String?, through: String?)
        /// Every ISO week from the first ticket's to the as-of instant's (more than 520 only when `force`).
        case allWeeks(force: Bool)
    }

    public var periods: Periods = .lastCompleteWeek
    /// The report's time zone (periods start at its local midnight); nil: the zone of the last
    /// recompute's policy's first business calendar (`RecomputeRun.calendarZone`), else
    /// `fallbackZone`.
    public var zone: String?
    /// The zone of a report without one when the recompute recorded none (a policy of 24x7
    /// calendars only, or a run before `v18`).
    public static let fallbackZone = "America/New_York"
    /// The output folder.
    public var output: String = "reports"
    public var formats: Set<ReportFormat> = [.html, .csv, .xlsx]
    /// Compliance below this percentage (1 to 100) is highlighted.
    public var targetPercent: Int = 90
    /// Regenerate OUTPUT/index.html after the periods.
    public var writeIndex = true
    /// `requesters` to pseudonymize requesters, nil to keep them.
    public var redact: String?

    public init(periods: Periods = .lastCompleteWeek, zone: String? = nil, output: String = "reports",
                formats: Set<ReportFormat> = [.html, .csv, .xlsx], targetPercent: Int = 90, writeIndex: Bool = true,
                redact: String? = nil) {
        self.periods = periods
        self.zone = zone
        self.output = output
        self.formats = formats
        self.targetPercent = targetPercent
        self.writeIndex = writeIndex
        self.redact = redact
    }
}
