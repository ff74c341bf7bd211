import Foundation
import SLAImport
import SLAReports

/// The rejected rows of the last import, as CSV beside the database.
public enum RejectsFile {
    /// The rejects file of a database.
    public static func path(forDatabase database: String) -> String { database + ".rejects.csv" }

    /// Writes `issues` atomically, neutralizing cells a spreadsheet would run as formulas.
    public static func write(_ issues: [ImportIssue], to rejectsPath: String) throws(PipelineError) {
        func quote(_ text: String) -> String {
            let neutral = text.first.map { "=+-@\t\r".contains($0) } == true ? "'" + text : text
            return "\"" + neutral.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        var text = "file,line,column,column_name,value,expected\n"
        for issue in issues {
            text += [quote(issue.file), String(issue.line), issue.column.map(String.init) ?? "",
                     quote(issue.columnName ?? ""), quote(issue.value ?? ""), quote(issue.expected)].joined(separator: ",") + "\n"
        }
        // A new temporary name (O_EXCL, O_NOFOLLOW), then a rename: a symlink planted at
        // any name beside the database is never followed.
        AtomicFile.removeStaleTemporaries(of: URL(fileURLWithPath: rejectsPath))
        do { try AtomicFile.write(text, to: URL(fileURLWithPath: rejectsPath)) } catch {
            throw .failed("\(rejectsPath): cannot write the rejects file: \(error)")
        }
    }
}
