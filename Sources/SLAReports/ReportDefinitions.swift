/// The report's definitions section: which tickets each number counts, in words. Every
/// renderer prints these, so the rules live in one place beside `ReportAggregator`.
public enum ReportDefinitions {
    /// The definitions for a report on `period`.
    public static func all(for period: ReportPeriod) -> [ReportDefinition] {
        let p = period.noun
        return [
            ReportDefinition(term: "Period", text:
                "\(period.title): \(period.dateRange), from local midnight starting the first day to local midnight after the last day in \(period.zone.identifier)\(period.noun == "week" ? " (an ISO week, Monday to Sunday)" : ""). All dates and times in this report are wall-clock times in that zone."),
            ReportDefinition(term: "Team", text:
                "Created, resolved, open, met and breached tickets count under the team holding the ticket when it was resolved, or at the as-of instant while it is still open. Tickets no team held count under “(no team)”."),
            ReportDefinition(term: "Created", text: "Tickets created in the \(p)."),
            ReportDefinition(term: "Resolved", text:
                "Tickets whose last resolution (resolved or closed) falls in the \(p)."),
            ReportDefinition(term: "Open at end", text:
                "Tickets created before the end of the \(p) and not resolved by then (judged by their last resolution), including tickets still open at the as-of instant."),
            ReportDefinition(term: "Resolution SLA compliance", text:
                "Met ÷ (met + breached + ongoing breaches). Met and breached count tickets resolved in the \(p), by the verdict of their last resolution cycle; ongoing breaches count tickets still open at the as-of instant whose resolution due instant passed in the \(p). Tickets with no resolution target, or whose clock is still running within target, are left out. Shown as “—” when no ticket qualifies."),
            ReportDefinition(term: "Breaches", text:
                "Tickets whose resolution due instant passed in the \(p), whether they were resolved later or are still open, counted under the team that held the ticket at that moment. A team can therefore have breaches on tickets another team resolved."),
            ReportDefinition(term: "Time to resolution", text:
                "Over tickets resolved in the \(p): business time (the SLA plan’s working hours, pauses excluded, last resolution cycle) and wall-clock time (creation to resolution). " + Percentile.methodDescription),
            ReportDefinition(term: "Minutes late", text:
                "From the resolution due instant to the resolution, or to the as-of instant while the ticket is still open, rounded up to whole minutes."),
            ReportDefinition(term: "Change", text:
                "Arrows compare with the previous \(p), \(period.previous.label), computed by the same rules and the same as-of instant."),
            ReportDefinition(term: "Policy hash", text:
                "Identifies the SLA policy the clocks were replayed under; reports with the same hash used the same rules."),
        ]
    }
}
