/// The report's definitions section: which tickets each number counts, in words. Every
/// renderer prints these, so the rules live in one place beside `ReportAggregator`.
public enum ReportDefinitions {
    /// The definitions for a report on `period`.
    public static func all(for period: ReportPeriod, options: ReportOptions = .standard) -> [ReportDefinition] {
        let p = period.noun
        let target = options.complianceTargetPercent
        return [
            ReportDefinition(term: "Period", text:
                "\(period.title): \(period.dateRange), from local midnight starting the first day to local midnight after the last day in \(period.zone.identifier)\(period.noun == "week" ? " (an ISO week, Monday to Sunday)" : ""). All dates and times in this report are wall-clock times in that zone."),
            ReportDefinition(term: "As of", text:
                "The instant the SLA clocks were replayed up to. Tickets still open then are judged at that instant; a rerun with the same data and as-of instant gives the same numbers."),
            ReportDefinition(term: "Team, agent, department, priority, plan", text:
                "Created, resolved, open, met and breached tickets count under the team (agent, department, priority, SLA plan) the ticket had when it was resolved, or at the as-of instant while it is still open. Tickets without one count under “(no team)” and the like."),
            ReportDefinition(term: "Created", text: "Tickets created in the \(p)."),
            ReportDefinition(term: "Resolved", text:
                "Tickets whose last resolution (resolved or closed) falls in the \(p)."),
            ReportDefinition(term: "Open at end (backlog)", text:
                "Tickets created before the end of the \(p) and not resolved by then (judged by their last resolution), including tickets still open at the as-of instant."),
            ReportDefinition(term: "Resolution SLA compliance", text:
                "Met ÷ (met + breached + ongoing breaches). Met and breached count tickets resolved in the \(p), by the verdict of their last resolution cycle; ongoing breaches count tickets still open at the as-of instant whose resolution due instant passed in the \(p) — like Jira Service Management, a ticket that is already late counts against compliance before it is resolved. Tickets with no resolution target, or whose clock is still running within target, are left out. Shown as “—” when no ticket qualifies."),
            ReportDefinition(term: "First-response SLA compliance", text:
                "The same rule for the first-response clock, which runs from creation to the first public agent response (or to the resolution when no response came) and is measured once per ticket: met and breached count clocks that stopped in the \(p); ongoing breaches count clocks still running at as-of whose due instant passed in the \(p)."),
            ReportDefinition(term: "Target", text:
                "Compliance below \(target)% is marked in red in this report and by a conditional format in the workbook. The target is a reporting threshold (slareport report --target), not part of the SLA policy."),
            ReportDefinition(term: "Breaches", text:
                "Tickets whose resolution due instant passed in the \(p), whether they were resolved later or are still open, counted under the team (and agent) that held the ticket at that moment. A team can therefore have breaches on tickets another team resolved. First-response breaches count the same way for the first-response due instant."),
            ReportDefinition(term: "Minutes late", text:
                "For the \(p)’s resolution breaches: from the due instant to the resolution, or to the as-of instant while the ticket is still open (wall clock). The breached-ticket list rounds up to whole minutes; tables show the median and the maximum."),
            ReportDefinition(term: "Time to resolution", text:
                "Over tickets resolved in the \(p): business time (the SLA plan’s working hours, pauses excluded, last resolution cycle) and wall-clock time (creation to last resolution)."),
            ReportDefinition(term: "Time to first response", text:
                "Over tickets whose first public agent response came in the \(p): business time on the first-response clock and wall-clock time from creation to that response. Tickets closed without a response are left out."),
            ReportDefinition(term: "Median, p90, p95, mean", text:
                Percentile.methodDescription + " The mean is the arithmetic mean rounded to the second. With one ticket, every statistic is that ticket’s own value."),
            ReportDefinition(term: "Reopen rate", text:
                "Of the tickets resolved in the \(p), the share that had been reopened at least once."),
            ReportDefinition(term: "Hand-offs per ticket", text:
                "Of the tickets resolved in the \(p), the average number of times the holding team changed from one team to another."),
            ReportDefinition(term: "Share of breached clock", text:
                "For the tickets whose resolution breached in the \(p): the business time each team held them (over their whole open life, from creation to resolution or as-of, pauses excluded) as a share of all business time on those tickets. It says who had the clock running on late tickets, not only who held them at the breach. Time when no team held the ticket (before its first assignment, say) counts under “(no team)”, which can therefore show a share on a row of zeros."),
            ReportDefinition(term: "Backlog aging", text:
                "Tickets open at the end of the \(p) (at the as-of instant if the \(p) had not ended), by wall-clock age since creation: under 1 day, 1–3, 3–7, 7–14 and over 14 days; under the team of the team table."),
            ReportDefinition(term: "Flow between teams", text:
                "A hand-off is a change of holding team (stretches with no team are skipped); it counts in the \(p) in which the receiving team took the ticket. Team paths list the teams that held each ticket resolved in the \(p), in order."),
            ReportDefinition(term: "Change", text:
                "Arrows compare with the previous \(p), \(period.previous.label), computed by the same rules and the same as-of instant."),
            ReportDefinition(term: "Policy hash", text:
                "Identifies the SLA policy the clocks were replayed under; reports with the same hash used the same rules."),
            ReportDefinition(term: "Data freshness", text:
                "When the last import into the database finished. Tickets changed in the help desk after that are not in this report."),
        ]
    }
}
