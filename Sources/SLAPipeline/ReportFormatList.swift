import Foundation
import SLAReports

/// `--format html,csv,xlsx` of a report.
public enum ReportFormatList {
    /// The formats named in a comma-separated list (spaces and case ignored).
    /// - Throws: `PipelineError.badInput` naming the whole list when one name is unknown.
    public static func parse(_ text: String) throws -> Set<ReportFormat> {
        try Set(text.split(separator: ",").map { name -> ReportFormat in
            guard let value = format(named: name) else {
                throw PipelineError.badInput("--format \(text): expected formats among html, csv, xlsx")
            }
            return value
        })
    }

    /// The format one name spells (spaces and case ignored), if any.
    public static func format(named name: some StringProtocol) -> ReportFormat? {
        ReportFormat(rawValue: name.trimmingCharacters(in: .whitespaces).lowercased())
    }
}
