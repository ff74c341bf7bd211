import SLAModel
import SLAImport
import SLAStore

/// Feeds what a reader parses into the store's writer.
public struct StoreSink: ImportSink {
    let writer: TicketWriter
    /// Shows the records written so far on a terminal (nil: nothing shown).
    var progress: TerminalProgress?
    /// Tickets and events written so far.
    public private(set) var records = 0

    public init(writer: TicketWriter, progress: TerminalProgress? = nil) {
        self.writer = writer
        self.progress = progress
    }

    public mutating func accept(ticket: Ticket, line: Int) throws {
        try accept(ticket: ticket, contentHash: ticket.contentHash, line: line)
    }
    public mutating func accept(ticket: Ticket, contentHash: String, line: Int) throws {
        try writer.upsert(ticket, contentHash: contentHash)
        records += 1
        progress?.update(records)
    }
    public mutating func accept(event: LifecycleEvent, line: Int) throws {
        try writer.upsert(event)
        records += 1
        progress?.update(records)
    }
    public mutating func completeHistory(ofTicket number: String, identities: [String], profileScope: String) throws {
        try writer.pruneEvents(ofTicket: number, keeping: identities, profileScope: profileScope)
    }
    public mutating func profileRowStore() throws -> ProfileRowStore? { try ProfileRowTable(writer: writer) }
}

/// The store's table of profile rows is where the profile reader stages them.
extension ProfileRowTable: ProfileRowStore {}
