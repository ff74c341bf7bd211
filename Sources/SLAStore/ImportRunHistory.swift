import GRDB

extension TicketStore {
    /// The zone the latest import run before `runID` read the same file in: a run that recorded
    /// one of `names` (`import_runs.file`: the path as typed, or a label) or the same content
    /// (`sha256`), if there was one.
    public func sourceZoneOfEarlierImport(named names: [String], sha256: String, before runID: Int64) throws -> String? {
        try pool.read { db in
            let placeholders = names.map { _ in "?" }.joined(separator: ", ")
            return try String.fetchOne(db, sql: """
                SELECT source_zone FROM import_runs
                WHERE id < ? AND (file IN (\(placeholders)) OR (sha256 = ? AND sha256 != ''))
                ORDER BY id DESC LIMIT 1
                """, arguments: StatementArguments([runID] + names + [sha256]))
        }
    }
}
