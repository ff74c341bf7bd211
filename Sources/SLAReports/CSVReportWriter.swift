import SLAEngine
import SLAModel

/// The CSV files of a report, as text.
///
/// Format: RFC 4180 with CRLF line endings (also after the last record), a header row,
/// UTF-8 without a byte-order mark. A field is quoted when it contains `,` `"` CR or LF,
/// with `"` doubled inside quotes. Instants are ISO 8601 with the report zone's offset
/// (`2025-08-05T17:26:52-04:00`); durations are whole seconds plus hours with two
/// decimals; empty fields mean "no value". A text value from the data that starts with
/// `=` `+` `-` `@`, tab or CR gets a leading `'` so spreadsheets do not run it as a
/// formula; numbers the report computes itself are never altered.
public enum CSVReportWriter {
    /// The record separator (RFC 4180's CRLF).
    public static let lineEnding = "\r\n"

    /// The metric columns shared by `team-summary-*.csv` and `breakdowns-*.csv`, after the
    /// columns that say which row it is. The first seventeen are the first version's.
    public static let metricColumns = [
        "created", "resolved", "open_at_end",
        "resolution_met", "resolution_breached", "resolution_breached_ongoing", "resolution_judged",
        "resolution_compliance_percent", "breaches",
        "ttr_business_median_seconds", "ttr_business_median_hours",
        "ttr_business_p90_seconds", "ttr_business_p90_hours",
        "ttr_wall_median_seconds", "ttr_wall_median_hours",
        "ttr_wall_p90_seconds", "ttr_wall_p90_hours",
        "tickets",
        "first_response_met", "first_response_breached", "first_response_breached_ongoing", "first_response_judged",
        "first_response_compliance_percent", "first_response_breaches",
        "minutes_late_median", "minutes_late_max",
        "ttr_business_p95_seconds", "ttr_business_mean_seconds", "ttr_wall_p95_seconds", "ttr_wall_mean_seconds",
        "ttfr_business_median_seconds", "ttfr_business_p90_seconds", "ttfr_business_p95_seconds", "ttfr_business_mean_seconds",
        "ttfr_wall_median_seconds", "ttfr_wall_p90_seconds", "ttfr_wall_p95_seconds", "ttfr_wall_mean_seconds",
        "reopened", "reopen_rate_percent", "handoffs", "handoffs_per_ticket",
        "breached_clock_business_seconds", "breached_clock_share_percent",
        "compliance_target_percent", "resolution_below_target", "first_response_below_target",
    ]

    /// Columns after the metrics that say what the numbers were computed from (the same
    /// on every row): the as-of instant, the policy hash and when the data was last imported.
    public static let contextColumns = ["as_of", "policy_hash", "data_last_import"]

    static func contextFields(_ report: WeeklyReport) -> [String] {
        [ReportText.iso8601(report.asOf, in: report.zone), dataField(report.policyHash),
         report.dataQuality.provenance.lastImportAt.map { ReportText.iso8601($0, in: report.zone) } ?? ""]
    }

    /// The metric fields of one row, in `metricColumns` order.
    static func metricFields(_ row: GroupSummary, target: Int) -> [String] {
        let count = row.complianceCount, fr = row.firstResponseComplianceCount
        func percent(_ c: ComplianceCount) -> String {
            c.judged == 0 ? "" : ReportText.fixed(Int64(c.met) * 100, Int64(c.judged), decimals: 2)
        }
        func plain(_ value: Int64?) -> String { value.map(String.init) ?? "" }
        func minutes(_ seconds: Int64?) -> String { seconds.map { String($0 <= 0 ? 0 : ($0 + 59) / 60) } ?? "" }
        let rb = row.resolutionBusiness, rw = row.resolutionWall, fb = row.firstResponseBusiness, fw = row.firstResponseWall
        var fields = [
            String(row.created), String(row.resolved), String(row.openAtEnd),
            String(row.met), String(row.breachedResolved), String(row.breachedOngoing), String(count.judged),
            percent(count), String(row.breaches),
        ]
        fields += seconds(rb?.median) + seconds(rb?.p90) + seconds(rw?.median) + seconds(rw?.p90)
        fields += [
            String(row.tickets),
            String(row.firstResponseMet), String(row.firstResponseBreached), String(row.firstResponseBreachedOngoing),
            String(fr.judged), percent(fr), String(row.firstResponseBreaches),
            minutes(row.late?.median), minutes(row.late?.max),
            plain(rb?.p95), plain(rb?.mean), plain(rw?.p95), plain(rw?.mean),
            plain(fb?.median), plain(fb?.p90), plain(fb?.p95), plain(fb?.mean),
            plain(fw?.median), plain(fw?.p90), plain(fw?.p95), plain(fw?.mean),
            String(row.reopened),
            row.resolved == 0 ? "" : ReportText.fixed(Int64(row.reopened) * 100, Int64(row.resolved), decimals: 2),
            String(row.handoffs),
            row.resolved == 0 ? "" : ReportText.fixed(Int64(row.handoffs), Int64(row.resolved), decimals: 2),
            plain(row.breachedClockSeconds),
            row.breachedClockTotalSeconds.flatMap { total in
                total > 0 ? ReportText.fixed((row.breachedClockSeconds ?? 0) * 100, total, decimals: 2) : nil
            } ?? "",
            String(target),
            count.judged == 0 ? "" : flag(count.isBelow(targetPercent: target)),
            fr.judged == 0 ? "" : flag(fr.isBelow(targetPercent: target)),
        ]
        return fields
    }

    /// `team-summary-<period>.csv`: one row per team, then the "All teams" row.
    public static func teamSummary(_ report: WeeklyReport) -> String {
        var out = record(["period", "period_start", "period_end", "row", "team"] + metricColumns + contextColumns)
        let zone = report.zone
        for row in report.teams + [report.total] {
            let kind: String, name: String
            switch row.key {
            case .named(let team): (kind, name) = ("team", dataField(team))
            case .unassigned: (kind, name) = ("no_team", "")
            case .total: (kind, name) = ("total", "")
            }
            out += record([
                report.period.label, ReportText.iso8601(report.period.start, in: zone),
                ReportText.iso8601(report.period.end, in: zone), kind, name,
            ] + metricFields(row, target: report.options.complianceTargetPercent) + contextFields(report))
        }
        return out
    }

    /// `breakdowns-<period>.csv`: every breakdown table (team, priority, plan, agent,
    /// department) in one file, a `dimension` column saying which.
    public static func breakdowns(_ report: WeeklyReport) -> String {
        var out = record(["period", "period_start", "period_end", "dimension", "row", "value"] + metricColumns
                         + contextColumns)
        let zone = report.zone
        for table in report.breakdowns {
            for row in table.rows + [table.total] {
                let kind: String, name: String
                switch row.key {
                case .named(let value): (kind, name) = ("value", dataField(value))
                case .unassigned: (kind, name) = ("none", "")
                case .total: (kind, name) = ("total", "")
                }
                out += record([
                    report.period.label, ReportText.iso8601(report.period.start, in: zone),
                    ReportText.iso8601(report.period.end, in: zone), table.dimension.rawValue, kind, name,
                ] + metricFields(row, target: report.options.complianceTargetPercent) + contextFields(report))
            }
        }
        return out
    }

    /// The columns of `breaches-<period>.csv`, in order.
    public static let breachColumns = [
        "number", "subject", "team_at_breach", "agent_at_breach", "team_path", "plan", "priority",
        "due_at", "breached_at", "seconds_late", "minutes_late", "final_status", "ticket_status", "state", "reopened_since",
    ]

    /// `breaches-<period>.csv`: one row per resolution breach of the period (a due instant that
    /// passed in it), as the HTML and the workbook list them, under the team and agent holding the
    /// ticket then; the team summary's `breaches` count these rows. (The per-ticket CSV carries
    /// only each ticket's last resolution cycle: a breach of an earlier cycle, reopened since, left
    /// its row's breach columns empty or about another period.)
    public static func breaches(_ report: WeeklyReport) -> String {
        let zone = report.zone
        func instant(_ value: Instant?) -> String { value.map { ReportText.iso8601($0, in: zone) } ?? "" }
        var out = record(breachColumns)
        for t in report.breachedTickets {
            out += record([
                dataField(t.number), dataField(t.subject), dataField(t.teamAtBreach.name), dataField(t.agentAtBreach),
                dataField(t.teamPath.isEmpty ? nil : t.teamPath.joined(separator: " > ")), dataField(t.plan),
                dataField(t.priority), instant(t.dueAt), instant(t.breachedAt), t.secondsLate.map { String($0) } ?? "",
                t.minutesLate.map { String($0) } ?? "", t.finalStatus.rawValue, dataField(t.ticketStatus), t.state.rawValue,
                flag(t.reopenedSince),
            ])
        }
        return out
    }

    /// The per-ticket columns, in order.
    public static let ticketColumns = [
        "number", "subject", "team", "agent", "department", "priority", "plan", "status", "state",
        "created_at", "first_response_at", "resolved_at",
        "created_in_period", "resolved_in_period", "breached_in_period", "open_at_period_end",
        "resolution_status", "resolution_due_at", "resolution_target_seconds",
        "resolution_business_seconds", "resolution_business_hours",
        "resolution_wall_seconds", "resolution_wall_hours",
        "resolution_breached_at", "resolution_seconds_late", "breach_team", "breach_agent", "ever_breached",
        "first_response_status", "first_response_due_at",
        "first_response_business_seconds", "first_response_business_hours",
        "first_response_wall_seconds", "first_response_wall_hours",
        "reopens", "handoffs",
        "first_response_target_seconds", "first_response_breached_at", "first_response_seconds_late",
        "first_response_breach_team", "resolution_not_measurable_reason", "first_response_not_measurable_reason",
        "source_due_at", "team_path",
    ]

    /// `tickets-<period>.csv`: one row per ticket created, resolved or breached in the
    /// period, or open at its end, with flags saying which.
    public static func tickets(_ report: WeeklyReport) -> String {
        precondition(report.tickets.count == report.ticketListCount, "the report's list went to its files as it was read")
        return tickets(report.tickets, zone: report.zone)
    }

    /// The per-ticket CSV of a period's tickets (`WeeklyReport.tickets`), instants in `zone`:
    /// it needs nothing else of the report, so it can be written while the report is assembled.
    public static func tickets(_ tickets: [PeriodTicket], zone: ZoneRules) -> String {
        var whole = ""
        _ = Self.tickets(tickets, zone: zone, inPiecesOf: .max) { text in
            whole = text
            return true
        }
        return whole
    }

    /// The same CSV given to `write` in pieces of about `pieceSize` UTF-8 bytes (whole lines), so
    /// that it can go to a file without being held whole: a month at a million tickets is about
    /// 35 MB of it. Stops when `write` returns false; returns whether every piece was written.
    static func tickets(_ tickets: [PeriodTicket], zone: ZoneRules, inPiecesOf pieceSize: Int,
                        write: (String) -> Bool) -> Bool {
        // Held rows are never abandoned.
        (try? Self.tickets(.held(tickets), zone: zone, inPiecesOf: pieceSize, write: write)) ?? false
    }

    /// Why writing the rows stopped early.
    private enum Stop: Error { case writeFailed, abandoned }

    /// The same from the list's rows as they come (`PeriodTicketRows`); throws when they were
    /// abandoned before their end.
    static func tickets(_ rows: PeriodTicketRows, zone: ZoneRules, inPiecesOf pieceSize: Int,
                        write: (String) -> Bool) throws(PeriodTicketRows.Abandoned) -> Bool {
        var out = record(ticketColumns)
        // Each field goes straight into the text (no array of fields per ticket): at a million
        // tickets a week holds about 25,000 of them, 11 MB of CSV.
        out.reserveCapacity(out.utf8.count + min(rows.sizeHint * 480, pieceSize) + 4096)
        var separator = ""
        func field(_ text: String) {
            out += separator
            separator = ","
            appendQuoted(text, to: &out)
        }
        func instant(_ value: Instant?) { field(value.map { ReportText.iso8601($0, in: zone) } ?? "") }
        func number(_ value: Int64?) { field(value.map { String($0) } ?? "") }
        func seconds(_ value: Int64?) { for text in Self.seconds(value) { field(text) } }
        func add(_ row: PeriodTicket) throws(Stop) {
            let t = row.metrics
            separator = ""
            field(dataField(t.number)); field(dataField(t.subject)); field(dataField(t.team)); field(dataField(t.agent))
            field(dataField(t.department)); field(dataField(t.priority)); field(dataField(t.plan)); field(dataField(t.status))
            field(t.state.rawValue)
            instant(t.createdAt); instant(t.firstResponseAt); instant(t.resolvedAt)
            field(flag(row.createdInPeriod)); field(flag(row.resolvedInPeriod)); field(flag(row.breachedInPeriod))
            field(flag(row.openAtEnd))
            field(t.resolutionStatus.rawValue); instant(t.resolutionDueAt); number(t.resolutionTargetSeconds)
            seconds(t.resolutionBusinessSeconds); seconds(t.resolutionWallSeconds)
            instant(t.resolutionBreachedAt); number(t.resolutionSecondsLate)
            field(dataField(t.breachTeam)); field(dataField(t.breachAgent)); field(flag(t.everBreached))
            field(t.firstResponseStatus.rawValue); instant(t.firstResponseDueAt)
            seconds(t.firstResponseBusinessSeconds); seconds(t.firstResponseWallSeconds)
            field(String(t.reopens)); field(String(t.handoffs))
            number(t.firstResponseTargetSeconds); instant(t.firstResponseBreachedAt)
            number(t.firstResponseSecondsLate); field(dataField(t.firstResponseBreachTeam))
            field(dataField(t.resolutionStatus == .notMeasurable ? t.resolutionReason : nil))
            field(dataField(t.firstResponseStatus == .notMeasurable ? t.firstResponseReason : nil))
            instant(t.sourceDueAt); field(dataField(row.teamPath.isEmpty ? nil : row.teamPath.joined(separator: " > ")))
            out += lineEnding
            if out.utf8.count >= pieceSize {
                guard write(out) else { throw .writeFailed }
                out.removeAll(keepingCapacity: true)
            }
        }
        do throws(Stop) {
            try rows.forEach(add, abandoned: { .abandoned })
        } catch .writeFailed {
            return false
        } catch {
            throw PeriodTicketRows.Abandoned()
        }
        return out.isEmpty || write(out)
    }

    // MARK: - Fields

    /// One record: the fields, each quoted if needed, joined by commas, ending in CRLF.
    public static func record(_ fields: [String]) -> String {
        fields.map(quoted).joined(separator: ",") + lineEnding
    }

    /// The field as RFC 4180 wants it: in double quotes (inner quotes doubled) when it
    /// contains a comma, a double quote, CR or LF; unchanged otherwise.
    public static func quoted(_ field: String) -> String {
        var out = ""
        appendQuoted(field, to: &out)
        return out
    }

    /// Appends `quoted(field)` to `out`. (The four ASCII bytes never occur inside another
    /// character's UTF-8, so bytes are enough to find them.)
    static func appendQuoted(_ field: String, to out: inout String) {
        let needsQuotes = field.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 13 || $0 == 10 }
        guard needsQuotes else {
            out += field
            return
        }
        out += "\"" + field.replacingAll("\"", with: "\"\"") + "\""
    }

    /// A text value from the data, neutralized against formula injection: a leading
    /// `=` `+` `-` `@`, tab or CR gets a `'` in front, and so does a leading `'`, so that
    /// dropping one leading `'` always gives the value back (`=1+1` and `'=1+1` read the same
    /// until the second was escaped too: an analyst's trial). Nil becomes the empty field.
    public static func dataField(_ value: String?) -> String {
        guard let value else { return "" }
        guard let first = value.unicodeScalars.first else { return value }
        switch first {
        case "=", "+", "-", "@", "\t", "\r", "'": return "'" + value
        default: return value
        }
    }

    static func flag(_ value: Bool) -> String { value ? "true" : "false" }

    /// `[seconds, hours]`, both empty when there is no value.
    static func seconds(_ value: Int64?) -> [String] {
        guard let value else { return ["", ""] }
        return [String(value), ReportText.hours(value)]
    }
}

extension String {
    /// Every occurrence of the scalar `target` replaced. Works on Unicode scalars, not
    /// characters, so a quote followed by a combining mark is still found.
    func replacingAll(_ target: Unicode.Scalar, with replacement: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            if scalar == target { out.append(contentsOf: replacement.unicodeScalars) } else { out.append(scalar) }
        }
        return String(out)
    }
}
