/// Where in an input file something went wrong, and what was expected there.
public struct ImportIssue: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    /// 1-based physical line of the record's start (the header is line 1 in CSV files).
    public var line: Int
    /// 1-based column number, when the problem is in one field.
    public var column: Int?
    /// The column's heading, when known.
    public var columnName: String?
    /// The offending value (shortened), when there is one.
    public var value: String?
    /// What the importer expected, in words a user can act on.
    public var expected: String

    public init(file: String, line: Int, column: Int? = nil, columnName: String? = nil, value: String? = nil,
                expected: String) {
        self.file = file
        self.line = line
        self.column = column
        self.columnName = columnName
        self.value = value.map { $0.count > 80 ? String($0.prefix(77)) + "..." : $0 }
        self.expected = expected
    }

    /// `file:line:column: column "Name": value "x": expected ...`, the shape compilers use.
    public var description: String {
        var text = "\(file):\(line)"
        if let column { text += ":\(column)" }
        text += ":"
        if let columnName { text += " column \"\(columnName)\":" }
        if let value { text += " value \"\(value)\":" }
        return text + " expected \(expected)"
    }
}

/// Why an import stopped.
public enum ImportError: Error, Sendable, CustomStringConvertible {
    /// A row (or the file's structure) is malformed at a known place.
    case malformed(ImportIssue)
    case unreadable(file: String, reason: String)
    case unrecognizedFormat(file: String, firstLine: String)
    case emptyFile(file: String)
    /// More than one issue, when all rows were checked before stopping.
    case rejectedRows([ImportIssue])

    public var description: String {
        switch self {
        case .malformed(let issue): return issue.description
        case .unreadable(let file, let reason): return "\(file): cannot read: \(reason)"
        case .unrecognizedFormat(let file, let firstLine):
            let shown = firstLine.count > 120 ? firstLine.prefix(120) + "…" : firstLine
            let nearest = FileImporter.nearestFormat(firstLine: firstLine).map { "; it looks like \($0)" } ?? ""
            return "\(file):1: expected an osTicket queue export, an osTicket tickets or history export or a normalized tickets/events file\(nearest); the first line is \"\(shown)\" (pass --format to say which, or --profile FILE.yaml for another system's log)"
        case .emptyFile(let file): return "\(file): the file is empty; expected a header line and rows"
        case .rejectedRows(let issues):
            let shown = issues.prefix(20).map(\.description).joined(separator: "\n")
            return issues.count > 20 ? shown + "\n... and \(issues.count - 20) more" : shown
        }
    }
}
