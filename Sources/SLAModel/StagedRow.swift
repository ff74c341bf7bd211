/// One row of another system's log, parsed through a mapping profile and kept in the store
/// until every row of its case can be read back in order (see `ProfileReader`).
///
/// Rows are kept per profile and file role, so that a case's history is the union of what
/// every file of its source said about it.
public struct StagedRow: Sendable, Hashable {
    /// The mapping profile's name.
    public var profile: String
    /// The file role the row came from (`activities`, or a role the profile names).
    public var role: String
    /// Whether the row describes the ticket itself (a ticket file: one row per ticket) rather than an event.
    public var isTicketRow: Bool
    public var caseID: String
    public var time: Instant
    /// The tie-break column's value when it is a number (an activity number), else nil.
    public var tieNumber: Double?
    /// The tie-break column's value when it is not a number, else "".
    public var tieText: String
    /// The row's position in its file (0-based, data rows only).
    public var sequence: Int64
    public var file: String
    public var line: Int
    /// The row's mapped values, encoded by `StagedFields` (opaque to the store).
    public var payload: String

    /// The tie-break as one number for ordering: a missing value first, then numbers, then text.
    public var tieSortKey: Double {
        if let tieNumber { return tieNumber }
        return tieText.isEmpty ? -Double.greatestFiniteMagnitude : Double.greatestFiniteMagnitude
    }

    public init(profile: String, role: String, isTicketRow: Bool, caseID: String, time: Instant, tieNumber: Double?,
                tieText: String, sequence: Int64, file: String, line: Int, payload: String) {
        self.profile = profile
        self.role = role
        self.isTicketRow = isTicketRow
        self.caseID = caseID
        self.time = time
        self.tieNumber = tieNumber
        self.tieText = tieText
        self.sequence = sequence
        self.file = file
        self.line = line
        self.payload = payload
    }
}
