import SLAModel

/// Receives what a reader parses, one record at a time, so a whole file never sits in memory.
public protocol ImportSink {
    /// A ticket as described by the file (a later description of the same number replaces it).
    mutating func accept(ticket: Ticket, line: Int) throws
    /// The same, with the ticket's `contentHash` computed already: a sink that stores the hash
    /// need not compute it again. (The profile reader computes it on its deriving thread, which
    /// has time to spare while the writer is saturated; the osTicket readers' threads set their
    /// import's pace, so they leave it to the writer: handing it over from there was measured slower.)
    mutating func accept(ticket: Ticket, contentHash: String, line: Int) throws
    /// One lifecycle event of a ticket. (Consuming: a sink that keeps the event, such as the
    /// pipelined importer's batches, takes it over without copying its texts.)
    mutating func accept(event: consuming LifecycleEvent, line: Int) throws
    /// The profile's files gave the ticket's whole history through it: stored events of this
    /// ticket that the profile of scope `profileScope` derived (`ProfileEventIdentity`) but that
    /// are not in `identities` are gone from the source. Other sources' events of the ticket stay.
    mutating func completeHistory(ofTicket number: String, identities: [String], profileScope: String) throws
    /// Where a mapping profile's rows wait to be read back case by case, in order (the store:
    /// a table of the database). nil: the reader keeps them in memory.
    mutating func profileRowStore() throws -> ProfileRowStore?
}

extension ImportSink {
    public mutating func accept(ticket: Ticket, contentHash: String, line: Int) throws {
        try accept(ticket: ticket, line: line)
    }
    public mutating func completeHistory(ofTicket number: String, identities: [String], profileScope: String) throws {}
    public mutating func profileRowStore() throws -> ProfileRowStore? { nil }
}

/// What to do with a row that cannot be imported.
public enum RejectPolicy: String, Sendable, CaseIterable {
    /// Stop at the first bad row; nothing is imported.
    case fail
    /// Import the good rows; collect the bad ones with their reasons.
    case skip
}

/// The input formats the importer knows.
public enum ImportFormat: String, Sendable, CaseIterable {
    /// osTicket's agent-panel queue export (CSV).
    case osticketQueue = "osticket-queue"
    /// The lifecycle history exported by `sample-data/osticket/export-history.sql` (mysql --batch TSV, or CSV).
    case osticketHistory = "osticket-history"
    /// The tickets exported by `sample-data/osticket/export-tickets.sql` (mysql --batch TSV, or CSV).
    case osticketTickets = "osticket-tickets"
    /// The documented normalized tickets file (CSV/TSV).
    case normalizedTickets = "tickets-csv"
    /// The documented normalized events file (CSV/TSV).
    case normalizedEvents = "events-csv"
    /// Normalized JSON (an array) or JSON Lines: one ticket with its events per object.
    case normalizedJSON = "json"
    /// Another system's log, read through a mapping profile (`--profile FILE.yaml`).
    case profile
}

/// Options every reader takes.
public struct ImportOptions: Sendable {
    /// The zone of date-times written without an offset (osTicket exports the DB server's wall clock).
    public var sourceZone: String
    public var onError: RejectPolicy
    /// The mapping profile for `ImportFormat.profile`.
    public var profile: MappingProfile?
    /// Instants outside these years are rejected as bad values.
    public var acceptedYears: AcceptedYears
    /// Bytes of a profiled file's rows sorted in memory before a sorted run is spilled to a
    /// temporary file beside the database (16 MB, about 80,000 rows of a typical log; tests make
    /// it tiny to exercise the merge). Peak memory grows by at most this much however large the file.
    public var profileSortBudget: Int
    /// What follows `@` in the identities of the events the profile derives
    /// (`ProfileEventIdentity`): the profile's number in the database (`profile_scopes`), which
    /// the import pipeline looks up. nil: the profile's name (a profile read without a database).
    public var profileScope: String?

    public init(sourceZone: String = "UTC", onError: RejectPolicy = .fail, profile: MappingProfile? = nil,
                acceptedYears: AcceptedYears = .standard, profileSortBudget: Int = 16 << 20, profileScope: String? = nil) {
        self.sourceZone = sourceZone
        self.onError = onError
        self.profile = profile
        self.acceptedYears = acceptedYears
        self.profileSortBudget = profileSortBudget
        self.profileScope = profileScope
    }
}

/// What reading one file yielded.
public struct ReadSummary: Sendable {
    public var format: ImportFormat
    public var rowsRead = 0
    public var rejected: [ImportIssue] = []
    /// Rows rejected beyond one per issue (a profile rejects a bad row's whole case, one issue per case).
    public var extraRejectedRows = 0
    /// Tickets and events handed to the sink (counted by the readers that derive them: profiles).
    public var tickets = 0
    public var events = 0

    /// Rows not imported because they were bad.
    public var rowsRejected: Int { rejected.count + extraRejectedRows }
    /// Valid rows that carry no lifecycle event (an osTicket `viewed` event, an edit of the help
    /// topic), by kind; counted and reported, never silently dropped.
    public var skipped: [String: Int] = [:]
    /// Rows read that became no event and were not rejected.
    public var rowsSkipped: Int { skipped.values.reduce(0, +) }
    /// Headings of the known columns the file lacks: the tickets it updates keep their stored
    /// values of those fields (`Ticket.undescribedFields`); tickets new to the store have none.
    public var absentColumns: [String] = []
    /// Values the reader derived because a column is missing, said in words.
    public var derivedColumns: [String] = []

    public init(format: ImportFormat) {
        self.format = format
    }
}
