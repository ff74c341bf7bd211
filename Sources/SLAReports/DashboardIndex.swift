import Foundation
import SLAEngine
import SLAModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `index.html` of a report folder: every generated period with its headline numbers,
/// newest first, with links to each of its files. Built only from the folder's
/// `sla-report-*.json` summaries, so cron can regenerate it after every run without the
/// database; the same folder always gives the same bytes.
public enum DashboardIndex {
    public static let fileName = "index.html"

    /// Scans `directory`, renders the index and replaces `index.html` atomically. Runs
    /// under an exclusive lock on `directory/.index.lock`, so two overlapping `report`
    /// runs write the index one after the other and the later one sees both runs' files.
    @discardableResult
    public static func regenerate(in directory: URL) throws(ReportWriteError) -> URL {
        // Whole, as a commit: a stop's cleanup waits for it rather than finding its lock held by a
        // thread the stop has parked (it then left the index unrebuilt).
        try InterruptCleanup.committing { () throws(ReportWriteError) -> URL in try regenerateLocked(in: directory) }
    }

    private static func regenerateLocked(in directory: URL) throws(ReportWriteError) -> URL {
        let lockPath = directory.appendingPathComponent(".index.lock").path
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .cannotWrite(path: lockPath, reason: AtomicFile.errnoText()) }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw .cannotWrite(path: lockPath, reason: AtomicFile.errnoText()) }
        }
        defer { flock(fd, LOCK_UN) }
        let scan = try self.scan(directory)
        let url = directory.appendingPathComponent(fileName)
        try AtomicFile.write(render(scan.summaries, present: scan.files, unreadable: scan.unreadable), to: url)
        return url
    }

    /// As `regenerate`, from the cleanup of a report stopped by a signal after it had written some
    /// periods (`--all-weeks` stopped half-way left an index of the earlier run's figures, linking
    /// files its new periods had removed: a stranger's trial). No commit runs then, so the folder's
    /// periods are whole; the cleanup may register nothing, so the file is written and renamed
    /// here without `AtomicFile`, and an index lock held by another writer (or by this process's
    /// own `regenerate`, stopped inside it) leaves the index to that writer or the next run.
    /// Returns whether the index was rebuilt.
    public static func regenerateWhileStopping(in directory: URL) -> Bool {
        let fd = open(directory.appendingPathComponent(".index.lock").path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { return false }
        defer { flock(fd, LOCK_UN) }
        guard let scan = try? self.scan(directory) else { return false }
        let bytes = Array(render(scan.summaries, present: scan.files, unreadable: scan.unreadable).utf8)
        let url = directory.appendingPathComponent(fileName)
        let temporary = AtomicFile.temporaryURL(for: url)
        let out = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o666)
        guard out >= 0 else { return false }
        let whole = bytes.withUnsafeBytes { AtomicFile.writeWhole(out, $0) }
        close(out)
        guard whole, rename(temporary.path, url.path) == 0 else {
            unlink(temporary.path)
            return false
        }
        return true
    }

    /// The summaries in `directory` (newest first), the names of all its files, and the
    /// summary files that could not be read.
    static func scan(_ directory: URL) throws(ReportWriteError)
        -> (summaries: [PeriodSummary], files: Set<String>, unreadable: [String]) {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory.path) } catch {
            throw .cannotWrite(path: directory.path, reason: ReportWriter.describe(error))
        }
        var summaries: [PeriodSummary] = []
        var unreadable: [String] = []
        for name in names.sorted() where name.hasPrefix("sla-report-") && name.hasSuffix(".json") {
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path),
                  let summary = PeriodSummary.parse(data) else {
                unreadable.append(name)
                continue
            }
            summaries.append(summary)
        }
        return (sorted(summaries), Set(names), unreadable)
    }

    /// Newest first: by period start, then weeks before months before custom periods, then label.
    public static func sorted(_ summaries: [PeriodSummary]) -> [PeriodSummary] {
        func rank(_ kind: String) -> Int { kind == "week" ? 0 : (kind == "month" ? 1 : 2) }
        return summaries.sorted { a, b in
            if a.periodStartEpoch != b.periodStartEpoch { return a.periodStartEpoch > b.periodStartEpoch }
            if rank(a.kind) != rank(b.kind) { return rank(a.kind) < rank(b.kind) }
            return a.period > b.period
        }
    }

    /// The index page for `summaries` (newest first); links only to files in `present`.
    public static func render(_ summaries: [PeriodSummary], present: Set<String>, unreadable: [String] = []) -> String {
        let esc = HTMLEscaping.escape
        var out = ""
        func line(_ text: String) { out += text + "\n" }
        line("<!DOCTYPE html>")
        line("<html lang=\"en\">")
        line("<head>")
        line("<meta charset=\"utf-8\">")
        line("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        line("<meta name=\"color-scheme\" content=\"light dark\">")
        line("<title>SLA reports</title>")
        line("<style>\n\(HTMLStyles.css)\n</style>")
        line("</head>")
        line("<body>")
        line("<header>")
        line("<p class=\"eyebrow\">slareport</p>")
        line("<h1>SLA reports</h1>")
        if let newest = summaries.first {
            let asOfs = Set(summaries.map(\.asOf))
            line("<p class=\"range\">\(summaries.count) report\(summaries.count == 1 ? "" : "s"), newest first"
                 + (asOfs.count == 1 ? ", all as of the same instant" : "; hover a period for its as-of instant") + ". "
                 // A link only to a page that exists (a CSV-only report writes none).
                 + "Newest: " + (newest.files["html"].flatMap { present.contains($0) ? $0 : nil }
                    .map { "<a href=\"\(esc($0))\">\(esc(newest.title))</a>" } ?? esc(newest.title))
                 + (newest.complete ? "" : " (partial)")
                 + ", as of \(esc(ReportText.readableInstant(iso8601: newest.asOf)))"
                 + (newest.lastImport.map { "; data imported \(esc(ReportText.readableInstant(iso8601: $0)))" } ?? "") + "."
                 // A Monday reader wants the last whole week, not the one under way (a manager's trial).
                 + (newest.kind == "week" && !newest.complete
                    ? summaries.first { $0.kind == "week" && $0.complete }.map { week in
                        " Last complete week: " + (week.files["html"].flatMap { present.contains($0) ? $0 : nil }
                            .map { "<a href=\"\(esc($0))\">\(esc(week.title))</a>" } ?? esc(week.title)) + "."
                    } ?? "" : "")
                 + "</p>")
        }
        line("</header>")
        line("<main>")
        if summaries.isEmpty {
            line("<p class=\"notice empty\">No reports in this folder yet. Run <code>slareport report</code> to write one.</p>")
        }
        let weeks = summaries.filter { $0.kind == "week" }
        if weeks.count >= 2 { trendChart(Array(weeks.prefix(26).reversed()), into: &out) }
        for (kind, heading) in [("week", "Weeks"), ("month", "Months"), ("period", "Custom periods")] {
            let rows = summaries.filter { $0.kind == kind }
            guard !rows.isEmpty else { continue }
            line("<section aria-labelledby=\"\(kind)-heading\">")
            line("<h2 id=\"\(kind)-heading\">\(heading)</h2>")
            line("<div class=\"table-wrap\"><table class=\"wide\"><thead><tr><th scope=\"col\">Period</th><th scope=\"col\">Dates</th>"
                 + "<th scope=\"col\" class=\"num\">Created</th><th scope=\"col\" class=\"num\">Resolved</th>"
                 + "<th scope=\"col\" class=\"num\">Open<br>at end</th><th scope=\"col\" class=\"num\">Resolution<br>compliance</th>"
                 + "<th scope=\"col\" class=\"num\">First-response<br>compliance</th><th scope=\"col\" class=\"num\">Breaches</th>"
                 + "<th scope=\"col\" class=\"num\">Median time<br>to resolve</th><th scope=\"col\">Files</th></tr></thead><tbody>")
            for summary in rows {
                let target = summary.complianceTargetPercent
                func pct(_ count: ComplianceCount) -> String {
                    guard count.judged > 0 else { return "<span class=\"muted\">—</span>" }
                    // On a few tickets a percentage says little: 100.0% of 1 beside 363 breaches read as a
                    // perfect month (a manager's trial), so under ten judged the count shows too.
                    return "<span class=\"pct\(count.isBelow(targetPercent: target) ? " below" : "")\" title=\"\(count.met) of \(count.judged) met; target \(target)%\">"
                        + esc(ReportText.percent(count)) + "</span>"
                        + (count.judged < 10 ? "<br><span class=\"muted\">\(count.met) of \(count.judged)</span>" : "")
                }
                func link(_ role: String, _ label: String) -> String? {
                    guard let name = summary.files[role], present.contains(name) else { return nil }
                    return "<a href=\"\(esc(name))\">\(label)</a>"
                }
                var links = [link("html", "HTML"), link("xlsx", "XLSX")].compactMap { $0 }
                let csvs = [link("team_summary_csv", "teams"), link("tickets_csv", "tickets"),
                            link("breakdowns_csv", "breakdowns"), link("breaches_csv", "breaches")].compactMap { $0 }
                links = links.map { "<span class=\"nowrap\">\($0)</span>" }
                // The CSV links may wrap between them: on one line they pushed the column past a 1280 px window.
                if !csvs.isEmpty { links.append("CSV: " + csvs.map { "<span class=\"nowrap\">\($0)</span>" }.joined(separator: ", ")) }
                // A custom period's label (`2025-08-04..2025-08-17`) may break after its `..`, so
                // that its row fits a 1280 px window instead of pushing the file links out of view.
                let label = summary.period.components(separatedBy: "..")
                    .map { "<span class=\"nowrap\">\(esc($0))</span>" }.joined(separator: "..<wbr>")
                let title = summary.files["html"].flatMap { present.contains($0) ? $0 : nil }
                    .map { "<a href=\"\(esc($0))\" title=\"as of \(esc(summary.asOf))\">\(label)</a>" }
                    ?? label
                line("<tr><th scope=\"row\"\(summary.kind == "period" ? " class=\"wraps\"" : "")>\(title)\(summary.complete ? "" : " <span class=\"muted\">(partial)</span>")</th>"
                     + "<td class=\"nowrap\">\(esc(Self.shortRange(summary.dateRange)))</td>"
                     + "<td class=\"num\">\(ReportText.grouped(summary.created))</td>"
                     + "<td class=\"num\">\(ReportText.grouped(summary.resolved))</td>"
                     + "<td class=\"num\">\(ReportText.grouped(summary.openAtEnd))</td>"
                     + "<td class=\"num\">\(pct(summary.resolutionCompliance))</td>"
                     + "<td class=\"num\">\(pct(summary.firstResponseCompliance))</td>"
                     + "<td class=\"num\">\(ReportText.grouped(summary.breaches))</td>"
                     + "<td class=\"num\">\(summary.ttrBusinessMedianSeconds.map { esc(ReportText.compactDuration($0)) } ?? "<span class=\"muted\">—</span>")</td>"
                     + "<td>\(links.isEmpty ? "<span class=\"muted\">no files</span>" : links.joined(separator: " · "))</td></tr>")
            }
            line("</tbody></table></div>")
            line("</section>")
        }
        if !unreadable.isEmpty {
            line("<p class=\"note\">Skipped \(unreadable.count) summary file\(unreadable.count == 1 ? "" : "s") that could not be read: "
                 + unreadable.map { "<code>\(esc($0))</code>" }.joined(separator: ", ") + ".</p>")
        }
        line("</main>")
        line("<footer>Generated by slareport from the <code>sla-report-*.json</code> summaries in this folder. "
             + "Compliance: met ÷ (met + breached + ongoing breaches); breaches count under the team holding the ticket when it became late. "
             + "Each report states its own period, time zone, as-of instant and policy.</footer>")
        line("</body>")
        line("</html>")
        return out
    }

    /// "Mon 4 Aug 2025 – Sun 10 Aug 2025" without the weekdays and the first year when
    /// both days are in the same year: "4 Aug – 10 Aug 2025".
    static func shortRange(_ range: String) -> String {
        let parts = range.components(separatedBy: " – ")
        guard parts.count == 2 else { return range }
        func strip(_ day: String) -> [Substring] {
            let words = day.split(separator: " ")
            return words.count == 4 ? Array(words.dropFirst()) : words
        }
        let first = strip(parts[0]), last = strip(parts[1])
        guard first.count == 3, last.count == 3 else { return range }
        let head = first[2] == last[2] ? "\(first[0]) \(first[1])" : first.joined(separator: " ")
        return head + " – " + last.joined(separator: " ")
    }

    /// The chart's weeks, oldest first: every ISO week from the first of `weeks` to the last, nil
    /// where the folder has none (the line breaks there), so that weeks apart are not drawn side
    /// by side (the index put 2025-W40 right after W36); the listed weeks alone when they span
    /// more than 52 weeks.
    static func timeline(_ weeks: [PeriodSummary]) -> [(label: String, summary: PeriodSummary?)] {
        let parsed = weeks.compactMap { week in (try? ISOWeek(parsing: week.period)).map { ($0, week) } }
        guard parsed.count == weeks.count, let first = parsed.first?.0, let last = parsed.last?.0 else {
            return weeks.map { ($0.period, $0) }
        }
        var byWeek: [ISOWeek: PeriodSummary] = [:]
        for (week, summary) in parsed { byWeek[week] = summary }
        var timeline: [(String, PeriodSummary?)] = []
        var week = first
        while week <= last, timeline.count <= 52 {
            timeline.append((week.description, byWeek[week]))
            week = week.next
        }
        return week > last ? timeline : weeks.map { ($0.period, $0) }
    }

    /// A line chart of weekly compliance (all teams), oldest first. A partial week (its end after
    /// the as-of instant) is left out of the line: drawn like the others, two tickets judged read
    /// as a collapse (the table marks it partial).
    static func trendChart(_ weeks: [PeriodSummary], into out: inout String) {
        let target = weeks.last?.complianceTargetPercent ?? 90
        let timeline = timeline(weeks)
        let shown = timeline.map { $0.summary.flatMap { $0.complete ? $0 : nil } }
        let points = shown.map { $0?.resolutionCompliance }
        let fr = shown.map { $0?.firstResponseCompliance }
        let summary = "Resolution and first-response SLA compliance, all teams, by week: "
            + timeline.enumerated().compactMap { i, week in
                guard let resolution = points[i], let response = fr[i] else { return nil }
                return "\(week.label) \(ReportText.percent(resolution)) / \(ReportText.percent(response))"
            }.joined(separator: "; ") + "."
        // A label for about every other week when there are many; the year where it starts or changes.
        let step = max(1, (timeline.count + 25) / 26)
        var chart = SVGLineChart(
            id: "index-trend", title: "Weekly SLA compliance, all teams", summary: summary,
            xLabels: timeline.enumerated().map { i, week in
                guard i % step == 0 || i == timeline.count - 1 else { return "" }
                let parts = week.label.split(separator: "-")
                let newYear = i == 0 || timeline[i - 1].label.prefix(4) != week.label.prefix(4)
                return newYear || parts.count != 2 ? week.label : String(parts[1])
            },
            series: [
                SVGLineChart.Series(name: "Resolution", values: points.map { $0?.ratio }, pointNotes: points.map { count in
                    count.flatMap { $0.judged == 0 ? nil : "\(ReportText.percent($0)) (\($0.met) of \($0.judged) met)" }
                }, cssClass: "series-0"),
                SVGLineChart.Series(name: "First response", values: fr.map { $0?.ratio }, pointNotes: fr.map { count in
                    count.flatMap { $0.judged == 0 ? nil : "\(ReportText.percent($0)) (\($0.met) of \($0.judged) met)" }
                }, cssClass: "series-1"),
            ])
        chart.targetPercent = target
        chart.height = 240
        out += "<section aria-labelledby=\"index-trend-heading\"><h2 id=\"index-trend-heading\">Weekly compliance, all teams</h2>\n"
        out += "<figure>\n" + chart.render() + "\n"
        out += "<figcaption><ul class=\"legend\">"
        out += "<li><svg class=\"swatch\" viewBox=\"0 0 28 10\" aria-hidden=\"true\"><line x1=\"1\" y1=\"5\" x2=\"27\" y2=\"5\" class=\"series-0\"/></svg>Resolution</li>"
        out += "<li><svg class=\"swatch\" viewBox=\"0 0 28 10\" aria-hidden=\"true\"><line x1=\"1\" y1=\"5\" x2=\"27\" y2=\"5\" class=\"series-1\"/></svg>First response</li>"
        out += "<li><svg class=\"swatch\" viewBox=\"0 0 28 10\" aria-hidden=\"true\"><line x1=\"1\" y1=\"5\" x2=\"27\" y2=\"5\" class=\"target\"/></svg>Target \(target)%</li>"
        out += "</ul>"
        if timeline.contains(where: { $0.summary?.complete != true }) {
            out += "<p class=\"muted\">Partial weeks (marked in the table) and weeks without a report are left out; the line breaks there.</p>"
        }
        out += "</figcaption>\n</figure></section>\n"
    }
}
