import GRDB

extension TicketWriter {
    /// Notes on an import run the rows it read that carry no lifecycle event, by kind, as
    /// `import_runs.rows_without_event` ("edited (duedate): 8; viewed: 2"; NULL when there are none).
    public func recordRowsWithoutEvent(_ counts: [String: Int], run: Int64) throws {
        try db.execute(sql: "UPDATE import_runs SET rows_without_event = ? WHERE id = ?",
                       arguments: [RowsWithoutEvent.text(counts), run])
    }
}

/// How rows without an event are written in `import_runs` and in `import`'s output.
public enum RowsWithoutEvent {
    /// `edited (duedate): 8; viewed: 2`, most frequent first; nil when there are none.
    public static func text(_ counts: [String: Int]) -> String? {
        guard !counts.isEmpty else { return nil }
        return counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key): \($0.value)" }
            .joined(separator: "; ")
    }
}
