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

    /// `team-summary-<period>.csv`: one row per team, then the "All teams" row.
    public static func teamSummary(_ report: WeeklyReport) -> String {
        var out = record([
            "period", "period_start", "period_end", "row", "team", "created", "resolved", "open_at_end",
            "resolution_met", "resolution_breached", "resolution_breached_ongoing", "resolution_judged",
            "resolution_compliance_percent", "breaches",
            "ttr_business_median_seconds", "ttr_business_median_hours",
            "ttr_business_p90_seconds", "ttr_business_p90_hours",
            "ttr_wall_median_seconds", "ttr_wall_median_hours",
            "ttr_wall_p90_seconds", "ttr_wall_p90_hours",
        ])
        let zone = report.zone
        for row in report.teams + [report.total] {
            let count = row.complianceCount
            let kind: String, name: String
            switch row.team {
            case .team(let team): (kind, name) = ("team", dataField(team))
            case .noTeam: (kind, name) = ("no_team", "")
            case .allTeams: (kind, name) = ("total", "")
            }
            out += record([
                report.period.label, ReportText.iso8601(report.period.start, in: zone),
                ReportText.iso8601(report.period.end, in: zone), kind, name,
                String(row.created), String(row.resolved), String(row.openAtEnd),
                String(row.met), String(row.breachedResolved), String(row.breachedOngoing), String(count.judged),
                count.judged == 0 ? "" : ReportText.fixed(Int64(count.met) * 100, Int64(count.judged), decimals: 2),
                String(row.breaches),
            ] + seconds(row.medianResolutionBusinessSeconds) + seconds(row.p90ResolutionBusinessSeconds)
              + seconds(row.medianResolutionWallSeconds) + seconds(row.p90ResolutionWallSeconds))
        }
        return out
    }

    /// `tickets-<period>.csv`: one row per ticket created, resolved or breached in the
    /// period, or open at its end, with flags saying which.
    public static func tickets(_ report: WeeklyReport) -> String {
        var out = record([
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
        ])
        let zone = report.zone
        func instant(_ value: Instant?) -> String { value.map { ReportText.iso8601($0, in: zone) } ?? "" }
        for row in report.tickets {
            let t = row.metrics
            out += record([
                dataField(t.number), dataField(t.subject), dataField(t.team), dataField(t.agent),
                dataField(t.department), dataField(t.priority), dataField(t.plan), dataField(t.status),
                t.state.rawValue,
                instant(t.createdAt), instant(t.firstResponseAt), instant(t.resolvedAt),
                flag(row.createdInPeriod), flag(row.resolvedInPeriod), flag(row.breachedInPeriod),
                flag(row.openAtEnd),
                t.resolutionStatus.rawValue, instant(t.resolutionDueAt), t.resolutionTargetSeconds.map(String.init) ?? "",
            ] + seconds(t.resolutionBusinessSeconds) + seconds(t.resolutionWallSeconds) + [
                instant(t.resolutionBreachedAt), t.resolutionSecondsLate.map(String.init) ?? "",
                dataField(t.breachTeam), dataField(t.breachAgent), flag(t.everBreached),
                t.firstResponseStatus.rawValue, instant(t.firstResponseDueAt),
            ] + seconds(t.firstResponseBusinessSeconds) + seconds(t.firstResponseWallSeconds) + [
                String(t.reopens), String(t.handoffs),
            ])
        }
        return out
    }

    // MARK: - Fields

    /// One record: the fields, each quoted if needed, joined by commas, ending in CRLF.
    public static func record(_ fields: [String]) -> String {
        fields.map(quoted).joined(separator: ",") + lineEnding
    }

    /// The field as RFC 4180 wants it: in double quotes (inner quotes doubled) when it
    /// contains a comma, a double quote, CR or LF; unchanged otherwise.
    public static func quoted(_ field: String) -> String {
        let needsQuotes = field.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
        guard needsQuotes else { return field }
        return "\"" + field.replacingAll("\"", with: "\"\"") + "\""
    }

    /// A text value from the data, neutralized against formula injection: a leading
    /// `=` `+` `-` `@`, tab or CR gets a `'` in front. Nil becomes the empty field.
    public static func dataField(_ value: String?) -> String {
        guard let value else { return "" }
        guard let first = value.unicodeScalars.first else { return value }
        switch first {
        case "=", "+", "-", "@", "\t", "\r": return "'" + value
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
