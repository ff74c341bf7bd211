import GRDB

extension TicketStore {
    /// The zone the latest import run before `runID` read `file` in (the name as recorded in
    /// `import_runs.file`), if the file was imported before.
    public func sourceZoneOfEarlierImport(ofFile file: String, before runID: Int64) throws -> String? {
        try pool.read { db in
            try String.fetchOne(db, sql: "SELECT source_zone FROM import_runs WHERE file = ? AND id < ? ORDER BY id DESC LIMIT 1",
                                arguments: [file, runID])
        }
    }
}
