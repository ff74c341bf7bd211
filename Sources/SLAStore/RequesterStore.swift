import GRDB

extension TicketStore {
    /// Every distinct requester (name, e-mail address) of the stored tickets, for redaction.
    public func requesters() throws -> [(name: String?, email: String?)] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT DISTINCT requester, requester_email FROM tickets
                WHERE requester IS NOT NULL OR requester_email IS NOT NULL
                """).map { (name: $0["requester"] as String?, email: $0["requester_email"] as String?) }
        }
    }
}
