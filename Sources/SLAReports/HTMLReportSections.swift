import SLAEngine
import SLAModel

/// The chart, list and data-quality sections of the HTML report.
extension HTMLPage {
    // MARK: - Trend

    mutating func trend() {
        let trend = report.trend
        let count = trend.periods.count
        line("<section id=\"trend\" aria-labelledby=\"trend-heading\">")
        line("<h2 id=\"trend-heading\">Resolution SLA compliance, last \(count) \(noun)s</h2>")
        guard trend.hasData, let first = trend.periods.first else {
            line("<p>No tickets were judged against a resolution target in the last \(count) \(noun)s, so there is no trend to show.</p>")
            line("</section>")
            return
        }
        let labels = trend.periods.map(\.shortLabel)
        let drawn = trend.chartedSeries.map { trend.series[$0] }
        var chartSeries: [SVGLineChart.Series] = []
        for (index, series) in drawn.enumerated() {
            let cssClass = series.team == .total
                ? "series-total" : "series-\(index % 8)" + (index >= 8 ? " dash-\(min(index / 8, 2))" : "")
            chartSeries.append(SVGLineChart.Series(
                name: series.team.displayName, values: series.points.map(\.ratio),
                pointNotes: series.points.map { $0.judged == 0 ? nil : "\(ReportText.percent($0)) (\($0.met) of \($0.judged) met)" },
                cssClass: cssClass))
        }
        let total = trend.series.last!
        let totalNow = total.points.last.map(ReportText.percent) ?? "—"
        let firstWithData = total.points.firstIndex { $0.judged > 0 }
        var summary = "Line chart of resolution SLA compliance per team for each \(noun) from \(first.label) to \(period.label). "
        summary += "All teams: \(totalNow) in \(period.label)"
        if let i = firstWithData, i < count - 1 {
            summary += ", \(ReportText.percent(total.points[i])) in \(trend.periods[i].label)"
        }
        summary += ". Target \(target)%. The table below the chart lists every value."
        var chart = SVGLineChart(id: "trend-chart", title: "Resolution SLA compliance per team, \(first.label) to \(period.label)",
                                 summary: summary, xLabels: labels, series: chartSeries)
        chart.targetPercent = target
        line("<figure>")
        line(chart.render())
        line("<figcaption><ul class=\"legend\">")
        for series in chartSeries {
            line("<li><svg class=\"swatch\" viewBox=\"0 0 28 10\" aria-hidden=\"true\"><line x1=\"1\" y1=\"5\" x2=\"27\" y2=\"5\" class=\"\(esc(series.cssClass))\"/></svg>\(esc(series.name))</li>")
        }
        line("<li><svg class=\"swatch\" viewBox=\"0 0 28 10\" aria-hidden=\"true\"><line x1=\"1\" y1=\"5\" x2=\"27\" y2=\"5\" class=\"target\"/></svg>Target \(target)%</li>")
        line("</ul></figcaption>")
        line("</figure>")
        if !report.isComplete {
            // Drawn like the others, it read as a full period (a manager's trial).
            line("<p class=\"note\">The last point, \(esc(period.label)), is of a \(noun) that had not ended at the as-of instant.</p>")
        }
        if drawn.count < trend.series.count {
            line("<p class=\"note\">The chart draws the \(ComplianceTrend.chartTeams) teams with the most tickets judged in these \(noun)s, "
                 + "of \(ReportText.grouped(trend.series.count - 1)), and all teams; the table below lists every team.</p>")
        }
        line("<details><summary id=\"trend-table-heading\">Compliance by \(noun) (data behind the chart)</summary>")
        line("<div class=\"table-wrap\"><table class=\"trend-table\" aria-labelledby=\"trend-table-heading\">")
        line("<thead><tr><th scope=\"col\">Team</th>" + trend.periods.map {
            "<th scope=\"col\" class=\"num\" title=\"\(esc($0.dateRange))\">\(esc($0.shortLabel))</th>"
        }.joined() + "</tr></thead>")
        line("<tbody>")
        for series in trend.series {
            line("<tr><th scope=\"row\">\(esc(series.team.displayName))</th>" + series.points.map {
                "<td class=\"num\" title=\"\($0.met) of \($0.judged) met\">\(esc(ReportText.percent($0)))</td>"
            }.joined() + "</tr>")
        }
        line("</tbody></table></div></details>")
        line("</section>")
    }

    // MARK: - Distribution

    mutating func distribution() {
        let distribution = report.distribution
        line("<section id=\"distribution\" aria-labelledby=\"distribution-heading\">")
        line("<h2 id=\"distribution-heading\">Time to resolution, distribution</h2>")
        guard let stats = distribution.stats else {
            line("<p>No ticket with a measured business time was resolved in this \(noun), so there is no distribution to show.</p>")
            line("</section>")
            return
        }
        let buckets = distribution.buckets
        let late = buckets.reduce(0) { $0 + $1.late }
        var summary = "Histogram of business time to resolution for the \(stats.count) tickets resolved in \(period.label): "
        summary += buckets.filter { $0.total > 0 }.map { "\($0.label): \($0.total) (\($0.late) late)" }.joined(separator: "; ")
        summary += ". Median \(ReportText.duration(stats.median)), p90 \(ReportText.duration(stats.p90)), p95 \(ReportText.duration(stats.p95))."
        let chart = SVGBarChart(
            id: "distribution-chart", title: "Business time to resolution, tickets resolved in \(period.label)",
            summary: summary, categories: buckets.map(\.label),
            series: [SVGBarChart.Series(name: "met", values: buckets.map(\.met), cssClass: "fill-met"),
                     SVGBarChart.Series(name: "resolved late", values: buckets.map(\.late), cssClass: "fill-late"),
                     SVGBarChart.Series(name: "not measurable", values: buckets.map(\.other), cssClass: "fill-other")],
            stacked: true, xAxisLabel: "business hours to resolution")
        line("<p class=\"stats\">\(ReportText.grouped(stats.count)) tickets · median <strong>\(esc(ReportText.duration(stats.median)))</strong>"
             + " · p90 <strong>\(esc(ReportText.duration(stats.p90)))</strong> · p95 \(esc(ReportText.duration(stats.p95)))"
             + " · mean \(esc(ReportText.duration(stats.mean))) · longest \(esc(ReportText.duration(stats.max)))"
             + " · \(late) resolved late</p>")
        line("<figure>")
        line(chart.render())
        line("<figcaption><ul class=\"legend\"><li><span class=\"box fill-met\"></span>met</li>"
             + "<li><span class=\"box fill-late\"></span>resolved late</li>"
             + (buckets.contains { $0.other > 0 } ? "<li><span class=\"box fill-other\"></span>not measurable</li>" : "")
             + "</ul></figcaption>")
        line("</figure>")
        if distribution.withoutBusinessTime > 0 {
            line("<p class=\"note\">\(distribution.withoutBusinessTime) resolved ticket\(distribution.withoutBusinessTime == 1 ? " has" : "s have") no business time (not measurable) and \(distribution.withoutBusinessTime == 1 ? "is" : "are") not in the chart.</p>")
        }
        line("<details><summary>Counts by bucket (data behind the chart)</summary>")
        line("<table class=\"compact\"><thead><tr><th scope=\"col\">Business time</th><th scope=\"col\" class=\"num\">Met</th>"
             + "<th scope=\"col\" class=\"num\">Late</th><th scope=\"col\" class=\"num\">Not measurable</th><th scope=\"col\" class=\"num\">Total</th></tr></thead><tbody>")
        for bucket in buckets {
            line("<tr><th scope=\"row\">\(esc(bucket.label))</th>" + count(bucket.met) + count(bucket.late)
                 + count(bucket.other) + count(bucket.total) + "</tr>")
        }
        line("</tbody></table></details>")
        line("</section>")
    }

    // MARK: - Backlog

    mutating func backlog() {
        let backlog = report.backlog
        line("<section id=\"backlog\" aria-labelledby=\"backlog-heading\">")
        line("<h2 id=\"backlog-heading\">Backlog aging: open at the end of the \(noun)</h2>")
        guard backlog.total.total > 0 else {
            line("<p>No ticket was open at the end of this \(noun): the backlog was empty.</p>")
            line("</section>")
            return
        }
        let measured = esc(ReportText.localMinute(backlog.measuredAt, in: zone))
        let older = backlog.total.counts[3] + backlog.total.counts[4]
        var summary = "Stacked bars of open tickets per team by age at \(ReportText.localMinute(backlog.measuredAt, in: zone)). "
        summary += (backlog.rows + [backlog.total]).map { row in
            "\(row.key.displayName): \(row.total) open (" + zip(BacklogAging.labels, row.counts).filter { $0.1 > 0 }
                .map { "\($0.1) \($0.0)" }.joined(separator: ", ") + ")"
        }.joined(separator: "; ") + "."
        let chart = SVGStackedRows(
            id: "backlog-chart", title: "Open tickets by age and team at \(ReportText.localMinute(backlog.measuredAt, in: zone))",
            summary: summary, segmentNames: BacklogAging.labels, segmentClasses: (0 ..< 5).map { "age-\($0)" },
            rows: backlog.rows.map { .init(label: $0.key.displayName, values: $0.counts) }
                + [.init(label: "All teams", values: backlog.total.counts, emphasized: true)])
        line("<p class=\"stats\">\(ReportText.grouped(backlog.total.total)) open at \(measured) · \(older) older than 7 days"
             + " · oldest \(esc(ReportText.age(backlog.total.oldestSeconds))) (wall clock)</p>")
        line("<figure>")
        line(chart.render())
        line("<figcaption><ul class=\"legend\">" + BacklogAging.labels.enumerated().map {
            "<li><span class=\"box age-\($0.offset)\"></span>\(esc($0.element))</li>"
        }.joined() + "</ul></figcaption>")
        line("</figure>")
        line("<div class=\"table-wrap\"><table class=\"compact\"><thead><tr><th scope=\"col\">Team</th>"
             + BacklogAging.labels.map { "<th scope=\"col\" class=\"num\">\(esc($0))</th>" }.joined()
             + "<th scope=\"col\" class=\"num\">Open</th><th scope=\"col\" class=\"num\">Oldest</th></tr></thead><tbody>")
        for row in backlog.rows {
            line("<tr>" + nameCell(row.key, .team) + row.counts.map(count).joined() + count(row.total)
                 + num(esc(ReportText.age(row.oldestSeconds))) + "</tr>")
        }
        line("</tbody><tfoot><tr>" + nameCell(.total, .team) + backlog.total.counts.map(count).joined()
             + count(backlog.total.total) + num(esc(ReportText.age(backlog.total.oldestSeconds))) + "</tr></tfoot></table></div>")
        line("</section>")
    }

    // MARK: - Breaches by priority

    mutating func breachesByPriority() {
        let table = report.breakdown(.priority)
        line("<section id=\"priority-breaches\" aria-labelledby=\"priority-breaches-heading\">")
        line("<h2 id=\"priority-breaches-heading\">Breaches by priority</h2>")
        let rows = table.rows.filter { $0.breaches > 0 || $0.firstResponseBreaches > 0 }
        guard !rows.isEmpty else {
            line("<p>No resolution or first-response SLA was breached in this \(noun), at any priority.</p>")
            line("</section>")
            return
        }
        let names = rows.map { $0.key.displayName(in: .priority) }
        let summary = "Bar chart of breaches per priority in \(period.label): " + rows.map {
            "\($0.key.displayName(in: .priority)): \($0.breaches) resolution, \($0.firstResponseBreaches) first-response"
        }.joined(separator: "; ") + "."
        let chart = SVGBarChart(
            id: "priority-chart", title: "Breaches by priority, \(period.label)", summary: summary, categories: names,
            series: [SVGBarChart.Series(name: "resolution breaches", values: rows.map(\.breaches), cssClass: "fill-late"),
                     SVGBarChart.Series(name: "first-response breaches", values: rows.map(\.firstResponseBreaches),
                                        cssClass: "fill-fr")],
            stacked: false, width: 560, height: 280)
        line("<div class=\"split\">")
        line("<figure>")
        line(chart.render())
        line("<figcaption><ul class=\"legend\"><li><span class=\"box fill-late\"></span>resolution breaches</li>"
             + "<li><span class=\"box fill-fr\"></span>first-response breaches</li></ul></figcaption>")
        line("</figure>")
        line("<div class=\"table-wrap\"><table class=\"compact\"><thead><tr><th scope=\"col\">Priority</th>"
             + "<th scope=\"col\" class=\"num\">Resolution<br>breaches</th><th scope=\"col\" class=\"num\">Late<br>median</th>"
             + "<th scope=\"col\" class=\"num\">Late<br>max</th><th scope=\"col\" class=\"num\">First-response<br>breaches</th>"
             + "<th scope=\"col\" class=\"num\">Resolution<br>compliance</th></tr></thead><tbody>")
        for row in table.rows {
            line("<tr>" + nameCell(row.key, .priority) + count(row.breaches) + durationCell(row.late?.median)
                 + durationCell(row.late?.max) + count(row.firstResponseBreaches)
                 + complianceCell(row.complianceCount, before: nil) + "</tr>")
        }
        line("</tbody></table></div>")
        line("</div>")
        line("</section>")
    }

    // MARK: - Flow

    mutating func flow() {
        let flow = report.flow
        line("<section id=\"flow\" aria-labelledby=\"flow-heading\">")
        line("<h2 id=\"flow-heading\">Flow between teams</h2>")
        if flow.edges.isEmpty {
            line("<p>No ticket moved from one team to another in this \(noun).</p>")
        } else {
            let summary = "Flow diagram of \(flow.handoffCount) hand-offs between teams in \(period.label): "
                + flow.edges.map { "\($0.from) to \($0.to): \($0.count)" }.joined(separator: "; ") + "."
            let chart = SVGFlowChart(id: "flow-chart", title: "Hand-offs between teams, \(period.label)",
                                     summary: summary, edges: flow.edges)
            line("<p class=\"stats\">\(ReportText.grouped(flow.handoffCount)) hand-off\(flow.handoffCount == 1 ? "" : "s") in this \(noun); sending teams on the left, receiving teams on the right.</p>")
            line("<figure>")
            line(chart.render())
            line("</figure>")
            line("<div class=\"split\">")
            line("<div class=\"table-wrap\"><table class=\"compact\"><caption>Hand-offs in the \(noun)</caption><thead><tr>"
                 + "<th scope=\"col\">From</th><th scope=\"col\">To</th><th scope=\"col\" class=\"num\">Tickets</th></tr></thead><tbody>")
            for edge in flow.edges {
                line("<tr><td>\(esc(edge.from))</td><td>→ \(esc(edge.to))</td>" + count(edge.count) + "</tr>")
            }
            line("</tbody></table></div>")
            pathTable(flow)
            line("</div>")
        }
        if flow.edges.isEmpty, !flow.paths.isEmpty {
            pathTable(flow)
        }
        line("</section>")
    }

    mutating func pathTable(_ flow: TeamFlow) {
        let resolved = report.total.resolved
        line("<div class=\"table-wrap\"><table class=\"compact\"><caption>Team paths of tickets resolved in the \(noun)</caption>"
             + "<thead><tr><th scope=\"col\">Path</th><th scope=\"col\" class=\"num\">Tickets</th></tr></thead><tbody>")
        for path in flow.paths.prefix(10) {
            line("<tr><td>\(path.teams.map(esc).joined(separator: " → "))</td>" + count(path.count) + "</tr>")
        }
        if flow.paths.count > 10 {
            let rest = flow.paths.dropFirst(10).reduce(0) { $0 + $1.count }
            line("<tr><td class=\"muted\">\(flow.paths.count - 10) other paths</td>" + count(rest) + "</tr>")
        }
        line("<tr><td class=\"muted\">one team only (or none)</td>" + count(flow.singleTeamResolved) + "</tr>")
        line("</tbody></table>")
        if resolved == 0 { line("<p class=\"note\">No ticket was resolved in this \(noun).</p>") }
        line("</div>")
    }

    // MARK: - Breached tickets

    mutating func breachedTickets() {
        let tickets = report.breachedTickets
        line("<section id=\"breaches\" aria-labelledby=\"breaches-heading\">")
        line("<h2 id=\"breaches-heading\">Breached tickets (\(ReportText.grouped(tickets.count)))</h2>")
        guard !tickets.isEmpty else {
            line("<p>No ticket breached its resolution SLA in this \(noun).</p>")
            line("</section>")
            return
        }
        line("<p class=\"note\">Resolution due instants that passed in this \(noun), in order, with the team and agent holding the ticket at that moment.</p>")
        line("<div class=\"table-wrap\"><table>")
        line("<thead><tr>" + ["Ticket", "Subject", "Team at breach", "Agent at breach", "Team path", "Plan", "Priority",
                               "Due", "Late", "Final status"].enumerated().map { i, title in
            "<th scope=\"col\"\(i == 8 ? " class=\"num\"" : "")>\(title)</th>"
        }.joined() + "</tr></thead>")
        line("<tbody>")
        let shown = 250
        for ticket in tickets.prefix(shown) {
            let late = ticket.minutesLate.map { minutes in
                "<td class=\"num\" title=\"\(minutes) minutes\">\(esc(ReportText.compactDuration(minutes * 60)))</td>"
            } ?? "<td class=\"num\">—</td>"
            // A ticket that stayed with one team shows that team, as the CSV and the workbook do.
            let path = ticket.teamPath.isEmpty ? "<span class=\"muted\">—</span>" : ticket.teamPath.map(esc).joined(separator: " → ")
            line("<tr><td class=\"nowrap\">\(esc(ticket.number))</td>"
                 + "<td class=\"subject\">\(esc(ticket.subject ?? ""))</td>"
                 + "<td>\(esc(ticket.teamAtBreach.displayName))</td>"
                 + "<td>\(esc(ticket.agentAtBreach ?? "—"))</td>"
                 + "<td class=\"path\">\(path)</td>"
                 + "<td class=\"nowrap\">\(esc(ticket.plan ?? "—"))</td>"
                 + "<td class=\"nowrap\">\(esc(ticket.priority ?? "—"))</td>"
                 + "<td class=\"nowrap\">\(ticket.dueAt.map { esc(ReportText.localMinute($0, in: zone)) } ?? "—")</td>"
                 + late
                 + "<td>\(esc(ticket.finalStatusText))</td></tr>")
        }
        line("</tbody></table></div>")
        if tickets.count > shown {
            let onSheet = XLSXReportWriter.breachedRowsListed(tickets.count)
            let sheet = onSheet == tickets.count ? "all of them are on the workbook’s “Breached tickets” sheet and"
                : "the first \(ReportText.grouped(onSheet)) are on the workbook’s “Breached tickets” sheet (a sheet holds \(ReportText.grouped(XLSXReportWriter.rowsPerSheet)) rows); all of them are"
            line("<p class=\"note\">The first \(shown) of \(ReportText.grouped(tickets.count)) are listed; \(sheet) in <code>breaches-\(esc(period.fileStem)).csv</code>.</p>")
        }
        line("</section>")
    }

    // MARK: - Breakdowns

    mutating func breakdownTable(_ dimension: Dimension) {
        let table = report.breakdown(dimension)
        let id = "by-\(dimension.rawValue)"
        line("<section id=\"\(id)\" aria-labelledby=\"\(id)-heading\">")
        line("<h2 id=\"\(id)-heading\">By \(dimension.noun)</h2>")
        guard !table.rows.isEmpty else {
            line("<p>No tickets in this \(noun), so there is nothing to break down by \(dimension.noun).</p>")
            line("</section>")
            return
        }
        if dimension == .agent {
            line("<p class=\"note\">Tickets count under the agent assigned at resolution (or at as-of); breaches under the agent holding the ticket at the breach.</p>")
        }
        let heads: [(String, String)] = [
            ("Created", ""), ("Resolved", ""), ("Open<br>at end", ""), ("Resolution<br>compliance", ""),
            ("First-response<br>compliance", ""), ("Breaches", "Resolution breaches"),
            ("FR<br>breaches", "First-response breaches"),
            ("Resolve<br>median", "Median business time to resolution"),
            ("First response<br>median", "Median business time to first response"), ("Reopen<br>rate", ""),
        ] + (dimension.hasSegments ? [("Share of<br>breached clock", "")] : [])
        line("<div class=\"table-wrap\"><table class=\"wide\"><thead><tr><th scope=\"col\">\(esc(dimension.title))</th>"
             + heads.map { "<th scope=\"col\" class=\"num\"\($0.1.isEmpty ? "" : " title=\"\(esc($0.1))\"")>\($0.0)</th>" }.joined()
             + "</tr></thead><tbody>")
        func row(_ r: GroupSummary) -> String {
            nameCell(r.key, dimension) + count(r.created) + count(r.resolved) + count(r.openAtEnd)
                + complianceCell(r.complianceCount, before: nil) + complianceCell(r.firstResponseComplianceCount, before: nil)
                + count(r.breaches) + count(r.firstResponseBreaches)
                + durationCell(r.resolutionBusiness?.median) + durationCell(r.firstResponseBusiness?.median) + ratioCell(Int64(r.reopened), r.resolved)
                + (dimension.hasSegments ? shareCell(r) : "")
        }
        for r in table.rows { line("<tr>" + row(r) + "</tr>") }
        line("</tbody><tfoot><tr>" + row(table.total) + "</tr></tfoot></table></div>")
        smallSampleNotes(table)
        line("<p class=\"note\">Times are business time. Minutes late, p90, p95, means and wall-clock times for every \(esc(dimension.noun)) are in the workbook and in <code>breakdowns-\(esc(period.fileStem)).csv</code>.</p>")
        line("</section>")
    }

    // MARK: - Data quality

    mutating func dataQuality() {
        let quality = report.dataQuality
        let provenance = quality.provenance
        line("<section id=\"quality\" aria-labelledby=\"quality-heading\">")
        line("<h2 id=\"quality-heading\">Data quality</h2>")
        line("<h3>Imports</h3>")
        if provenance.importRuns == 0 {
            line("<p>No import runs are recorded with this data, so rows read and rejected are unknown.</p>")
        } else {
            let rejected = provenance.rowsRejected
            // Each run counts the rows it read, so a nightly job re-reading its whole export counts them again.
            line("<p>\(ReportText.grouped(provenance.importRuns)) import run\(provenance.importRuns == 1 ? "" : "s") read "
                 + "\(ReportText.grouped(provenance.rowsRead)) rows\(provenance.importRuns > 1 ? " (a file read again counts again)" : "") and rejected "
                 + (rejected == 0 ? "none" : "<strong class=\"bad\">\(ReportText.grouped(rejected))</strong> (see the database’s <code>*.rejects.csv</code> and <code>import_runs</code>)")
                 + "; the last finished \(provenance.lastImportAt.map { esc(ReportText.localMinute($0, in: zone)) } ?? "at an unknown time").</p>")
            let skipped = provenance.skippedByKind.values.reduce(0, +)
            if skipped > 0 {
                let kinds = provenance.skippedByKind.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
                    .map { "\(esc($0.key)) \(ReportText.grouped($0.value))" }.joined(separator: ", ")
                line("<p>\(ReportText.grouped(skipped)) valid row\(skipped == 1 ? "" : "s") carried no lifecycle event and "
                     + "\(skipped == 1 ? "was" : "were") counted, not imported (<code>import_runs.skipped_kinds</code>): \(kinds).</p>")
            }
            if !provenance.recentFiles.isEmpty {
                line("<details><summary>Most recent files</summary><table class=\"compact\"><thead><tr><th scope=\"col\">File</th>"
                     + "<th scope=\"col\">Format</th><th scope=\"col\" class=\"num\">Rows read</th><th scope=\"col\" class=\"num\">Rejected</th>"
                     + "<th scope=\"col\">Finished</th></tr></thead><tbody>")
                for file in provenance.recentFiles {
                    line("<tr><td class=\"path\">\(esc(file.file))</td><td>\(esc(file.format))</td>" + count(file.rowsRead)
                         + count(file.rowsRejected) + "<td class=\"nowrap\">\(esc(ReportText.localMinute(file.finishedAt, in: zone)))</td></tr>")
                }
                line("</tbody></table></details>")
            }
        }
        if quality.manualDueOverrides > 0 {
            let count = quality.manualDueOverrides
            line("<p>\(ReportText.grouped(count)) ticket\(count == 1 ? " was" : "s were") judged against a due date an agent set "
                 + "(osTicket’s “Due Date”) instead of the plan’s (<code>manual_due_dates: honor</code>): "
                 + quality.manualDueExamples.map(esc).joined(separator: ", ") + (count > quality.manualDueExamples.count ? ", …" : "")
                 + ".</p>")
        }
        line("<h3>Tickets that could not be measured</h3>")
        if quality.notMeasurable.isEmpty {
            line("<p>None: every clock of this \(noun)’s tickets could be judged.</p>")
        } else {
            line("<table class=\"compact\"><thead><tr><th scope=\"col\">Clock</th><th scope=\"col\">Why</th>"
                 + "<th scope=\"col\" class=\"num\">Tickets</th><th scope=\"col\">For example</th></tr></thead><tbody>")
            for group in quality.notMeasurable {
                line("<tr><td class=\"nowrap\">\(group.metric == .resolution ? "resolution" : "first response")</td>"
                     + "<td>\(esc(group.reason))</td>" + count(group.count)
                     + "<td>\(group.examples.map(esc).joined(separator: ", "))\(group.count > group.examples.count ? ", …" : "")</td></tr>")
            }
            line("</tbody></table>")
            line("<p class=\"note\">These tickets are left out of compliance and times, never guessed.</p>")
        }
        if quality.ticketsWithoutTeam > 0 {
            line("<p>\(ReportText.grouped(quality.ticketsWithoutTeam)) of this \(noun)’s tickets had no team at resolution or as-of; they count under “(no team)”.</p>")
        }
        line("<h3>Due dates against the source system</h3>")
        let checked = quality.dueDatesChecked, disagreements = quality.dueDateDisagreements
        if checked == 0 {
            line("<p>No ticket open at the as-of instant carried a due date from the source system (osTicket’s “SLA Due Date” is cleared on close), so there is nothing to compare.</p>")
        } else {
            line("<p>Of the \(ReportText.grouped(checked)) ticket\(checked == 1 ? "" : "s") open at the as-of instant whose export carried a due date, "
                 + (disagreements.isEmpty ? "all agree with the recomputed resolution due instant to the minute."
                    : "<strong>\(ReportText.grouped(disagreements.count))</strong> disagree with the recomputed resolution due instant by a minute or more"
                    + " and \(ReportText.grouped(checked - disagreements.count)) agree.")
                 + (quality.openWithoutSourceDue > 0 ? " \(ReportText.grouped(quality.openWithoutSourceDue)) open ticket\(quality.openWithoutSourceDue == 1 ? " has" : "s have") no source due date." : "")
                 + " This check covers every open ticket, not only this \(noun)’s.</p>")
            if !disagreements.isEmpty {
                line("<p class=\"note\">Expected differences: the policy pauses clocks the source cannot pause, uses another plan or calendar, or computes due dates exactly (<code>due_date_rule: exact</code>) where osTicket’s own arithmetic has quirks (<code>due_date_rule: osticket</code> reproduces them).</p>")
                line("<div class=\"table-wrap\"><table class=\"compact\"><thead><tr><th scope=\"col\">Ticket</th><th scope=\"col\">Team</th>"
                     + "<th scope=\"col\">Plan</th><th scope=\"col\">Source due</th><th scope=\"col\">Recomputed due</th>"
                     + "<th scope=\"col\" class=\"num\">Recomputed − source</th></tr></thead><tbody>")
                for item in disagreements.prefix(DataQuality.listedDisagreements) {
                    let difference = item.differenceSeconds.map { seconds in
                        (seconds > 0 ? "+" : "") + ReportText.compactDuration(seconds)
                    } ?? "no recomputed due"
                    line("<tr><td class=\"nowrap\">\(esc(item.number))</td><td>\(esc(item.team.displayName))</td>"
                         + "<td>\(esc(item.plan ?? "—"))</td>"
                         + "<td class=\"nowrap\">\(esc(ReportText.localMinute(item.sourceDueAt, in: zone)))</td>"
                         + "<td class=\"nowrap\">\(item.recomputedDueAt.map { esc(ReportText.localMinute($0, in: zone)) } ?? "—")</td>"
                         + num(esc(difference)) + "</tr>")
                }
                line("</tbody></table></div>")
                if disagreements.count > DataQuality.listedDisagreements {
                    line("<p class=\"note\">\(disagreements.count - DataQuality.listedDisagreements) more not listed; the largest differences are shown.</p>")
                }
            }
        }
        line("</section>")
    }

    // MARK: - Definitions

    mutating func definitions() {
        line("<section id=\"definitions\" aria-labelledby=\"definitions-heading\">")
        line("<h2 id=\"definitions-heading\">Definitions</h2>")
        line("<dl class=\"definitions\">")
        for definition in report.definitions {
            line("<dt>\(esc(definition.term))</dt><dd>\(esc(definition.text))</dd>")
        }
        line("</dl>")
        line("</section>")
    }
}
