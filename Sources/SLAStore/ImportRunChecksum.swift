import GRDB

extension TicketWriter {
    /// Records the checksum of the run begun last in this transaction (computed while the file
    /// was being imported).
    public func recordChecksumOfCurrentRun(_ sha256: String) throws {
        try db.execute(sql: "UPDATE import_runs SET sha256 = ? WHERE id = (SELECT MAX(id) FROM import_runs)",
                       arguments: [sha256])
    }
}
