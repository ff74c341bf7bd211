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
        // In the files' import order, each file's rejects by line (a profile finds some cases'
        // problems in its second pass, after rows further down the file).
        var fileOrder: [String: Int] = [:]
        for issue in issues where fileOrder[issue.file] == nil { fileOrder[issue.file] = fileOrder.count }
        let ordered = issues.enumerated().sorted {
            (fileOrder[$0.element.file]!, $0.element.line, $0.offset) < (fileOrder[$1.element.file]!, $1.element.line, $1.offset)
        }.map(\.element)
        for issue in ordered {
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
