import Foundation
import SLAEngine
import SLAModel

/// The headline numbers of one report, written beside it as `sla-report-<period>.json`
/// so that the dashboard index can be rebuilt by scanning the output folder (without the
/// database). Keys are sorted and every number is an integer or an exact decimal, so the
/// file is byte-identical across runs.
public struct PeriodSummary: Codable, Hashable, Sendable {
    /// `slareport-period-summary/1`.
    public var schema: String
    /// `2025-W32`, `2025-08`, `2025-08-04..2025-08-17`.
    public var period: String
    /// `week`, `month` or `period`.
    public var kind: String
    public var title: String
    public var dateRange: String
    public var periodStart: String
    public var periodEnd: String
    /// Seconds since 1970 of the period's start, for sorting.
    public var periodStartEpoch: Int64
    public var zone: String
    public var asOf: String
    public var complete: Bool
    public var policyHash: String
    public var lastImport: String?
    public var created: Int
    public var resolved: Int
    public var openAtEnd: Int
    public var breaches: Int
    public var firstResponseBreaches: Int
    public var resolutionMet: Int
    public var resolutionJudged: Int
    public var firstResponseMet: Int
    public var firstResponseJudged: Int
    public var ttrBusinessMedianSeconds: Int64?
    public var ttfrBusinessMedianSeconds: Int64?
    public var complianceTargetPercent: Int
    /// The report's files by role (`html`, `xlsx`, `team_summary_csv`, `tickets_csv`, `breakdowns_csv`).
    public var files: [String: String]

    public static let schemaName = "slareport-period-summary/1"

    enum CodingKeys: String, CodingKey {
        case schema, period, kind, title, zone, complete, created, resolved, breaches, files
        case dateRange = "date_range", periodStart = "period_start", periodEnd = "period_end"
        case periodStartEpoch = "period_start_epoch", asOf = "as_of", policyHash = "policy_hash"
        case lastImport = "last_import", openAtEnd = "open_at_end", firstResponseBreaches = "first_response_breaches"
        case resolutionMet = "resolution_met", resolutionJudged = "resolution_judged"
        case firstResponseMet = "first_response_met", firstResponseJudged = "first_response_judged"
        case ttrBusinessMedianSeconds = "ttr_business_median_seconds"
        case ttfrBusinessMedianSeconds = "ttfr_business_median_seconds"
        case complianceTargetPercent = "compliance_target_percent"
    }

    /// The summary of `report`.
    public init(_ report: WeeklyReport) {
        let zone = report.zone, period = report.period, total = report.total
        let names = ReportFileNames(period: period)
        schema = Self.schemaName
        self.period = period.label
        kind = period.noun
        title = period.title
        dateRange = period.dateRange
        periodStart = ReportText.iso8601(period.start, in: zone)
        periodEnd = ReportText.iso8601(period.end, in: zone)
        periodStartEpoch = period.start.secondsSinceEpoch
        self.zone = zone.identifier
        asOf = ReportText.iso8601(report.asOf, in: zone)
        complete = report.isComplete
        policyHash = report.policyHash
        lastImport = report.dataQuality.provenance.lastImportAt.map { ReportText.iso8601($0, in: zone) }
        created = total.created
        resolved = total.resolved
        openAtEnd = total.openAtEnd
        breaches = total.breaches
        firstResponseBreaches = total.firstResponseBreaches
        resolutionMet = total.complianceCount.met
        resolutionJudged = total.complianceCount.judged
        firstResponseMet = total.firstResponseComplianceCount.met
        firstResponseJudged = total.firstResponseComplianceCount.judged
        ttrBusinessMedianSeconds = total.resolutionBusiness?.median
        ttfrBusinessMedianSeconds = total.firstResponseBusiness?.median
        complianceTargetPercent = report.options.complianceTargetPercent
        files = ["html": names.html, "xlsx": names.xlsx, "team_summary_csv": names.teamSummaryCSV,
                 "tickets_csv": names.ticketsCSV, "breakdowns_csv": names.breakdownsCSV, "breaches_csv": names.breachesCSV]
    }

    public var resolutionCompliance: ComplianceCount { ComplianceCount(met: resolutionMet, judged: resolutionJudged) }
    public var firstResponseCompliance: ComplianceCount {
        ComplianceCount(met: firstResponseMet, judged: firstResponseJudged)
    }

    /// The JSON text: sorted keys, two-space indentation, a final newline.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings, integers and booleans cannot fail.
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Parses a summary file's text; nil when it is not one.
    public static func parse(_ data: Data) -> PeriodSummary? {
        guard let summary = try? JSONDecoder().decode(PeriodSummary.self, from: data),
              summary.schema == schemaName else { return nil }
        return summary
    }
}
