import Foundation
import SLAImport
import SLAModel
import SLAReports
import SLAStore

/// The rejected rows of the last import, as CSV beside the database.
public enum RejectsFile {
    /// The rejects file of a database.
    public static func path(forDatabase database: String) -> String { database + ".rejects.csv" }

    /// The rejects file written under a temporary name beside its place, waiting for its import's
    /// commit (`stage`, then `markCommitted` and `commit`, or `discard`).
    public struct Staged {
        let temporary: URL
        let target: URL
        let cleanup: InterruptCleanup.Key
        let committed: CommitMark
    }

    /// Whether the import of a staged rejects file has committed: a stop by a signal then puts the
    /// file in place rather than removing it (it left the previous import's rejects beside the
    /// new import's rows, a review found).
    final class CommitMark: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        var isSet: Bool { lock.withLock { value } }
        func set() { lock.withLock { value = true } }
    }

    /// Writes `issues` under a temporary name beside `rejectsPath`, inside the import's
    /// transaction: a disk too full for them fails the import before its commit (it failed after
    /// it, exit 1, with the good rows kept and the rejects written nowhere: a stranger's trial).
    public static func stage(_ issues: [ImportIssue], for rejectsPath: String) throws(PipelineError) -> Staged {
        let target = URL(fileURLWithPath: rejectsPath)
        AtomicFile.removeStaleTemporaries(of: target)
        let temporary = AtomicFile.temporaryURL(for: target)
        let committed = CommitMark()
        let cleanup = InterruptCleanup.add {
            if committed.isSet { return rename(temporary.path, target.path) == 0 ? 0 : (unlink(temporary.path) == 0 ? 1 : 0) }
            return unlink(temporary.path) == 0 ? 1 : 0
        }
        do { try AtomicFile.writeNew(Array(text(of: issues).utf8), to: temporary) } catch {
            InterruptCleanup.remove(cleanup)
            throw .failed("\(rejectsPath): cannot write the rejects file: \(error)")
        }
        return Staged(temporary: temporary, target: target, cleanup: cleanup, committed: committed)
    }

    /// Removes rejects files staged by imports killed before their rename (kill -9).
    public static func removeStaleTemporaries(of rejectsPath: String) {
        AtomicFile.removeStaleTemporaries(of: URL(fileURLWithPath: rejectsPath))
    }

    /// Says that the import of `staged` committed: from here a stop puts the file in place.
    public static func markCommitted(_ staged: Staged) { staged.committed.set() }

    /// Marks `staged` committed when `writer`'s transaction commits.
    public static func markCommitted(_ staged: Staged, with writer: TicketWriter) {
        let mark = staged.committed
        writer.onCommit { mark.set() }
    }

    /// Puts a staged rejects file in place, after its import committed.
    public static func commit(_ staged: Staged) throws(PipelineError) {
        let failure = InterruptCleanup.committing(removing: [staged.cleanup]) {
            rename(staged.temporary.path, staged.target.path) == 0 ? nil : String(cString: strerror(errno))
        }
        if let failure {
            unlink(staged.temporary.path)
            throw .failed("\(staged.target.path): the import was committed, but its rejects file could not be put in place: \(failure)")
        }
    }

    /// Removes a staged rejects file whose import did not commit.
    public static func discard(_ staged: Staged) {
        unlink(staged.temporary.path)
        InterruptCleanup.remove(staged.cleanup)
    }

    /// The CSV of `issues`, neutralizing cells a spreadsheet would run as formulas.
    static func text(of issues: [ImportIssue]) -> String {
        // Every field quoted, behind the report CSVs' formula guard.
        func quote(_ text: String) -> String {
            "\"" + CSVReportWriter.dataField(text).replacingOccurrences(of: "\"", with: "\"\"") + "\""
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
        // Written to a new temporary name (O_EXCL, O_NOFOLLOW), then renamed: a symlink planted
        // at any name beside the database is never followed.
        return text
    }
}
