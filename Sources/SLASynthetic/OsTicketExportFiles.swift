import Foundation
import SLAModel
import SLAEngine

/// What an export run wrote.
public struct OsTicketExportSummary: Hashable, Sendable, CustomStringConvertible {
    public var tickets = 0
    /// Tickets not in a closed state when the export was taken.
    public var openTickets = 0
    /// `ost_thread_event` rows.
    public var events = 0
    /// `ost_thread_entry` rows.
    public var entries = 0
    public var ticketsFileBytes = 0
    public var historyFileBytes = 0

    public init() {}

    public var description: String {
        "\(tickets) tickets (\(openTickets) open), \(events + entries) history rows "
            + "(\(events) events, \(entries) entries)"
    }
}

/// Writes a synthetic desk as the two osTicket export files: the queue CSV
/// (`osticket-tickets.csv`, newest ticket first as osTicket sorts it) and the lifecycle
/// history TSV (`osticket-history.tsv`, by ticket in creation order, then time, then id).
/// Each file is written under a temporary name and renamed into place, so a reader never
/// sees half a file.
public enum OsTicketExportFiles {
    public static let ticketsFileName = "osticket-tickets.csv"
    public static let historyFileName = "osticket-history.tsv"

    /// Writes both files into `directory` (created if missing) and says what it wrote.
    /// The desk is generated twice (once in each order), never held whole in memory.
    public static func write(_ desk: SyntheticHelpDesk, to directory: URL) throws -> OsTicketExportSummary {
        try write(desk, to: directory, including: { _ in true })
    }

    /// Writes both files with only the tickets `including` accepts (the benchmark splits a desk
    /// into its history and one more day this way).
    public static func write(_ desk: SyntheticHelpDesk, to directory: URL,
                             including: (SyntheticTicket) -> Bool) throws -> OsTicketExportSummary {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var summary = OsTicketExportSummary()

        let history = LifecycleHistoryTSV(zone: desk.zone)
        summary.historyFileBytes = try writeAtomically(to: directory.appendingPathComponent(historyFileName)) { sink in
            var out: [UInt8] = []
            history.appendHeader(to: &out)
            for ticket in desk.tickets() where including(ticket) {
                history.appendRows(of: ticket, to: &out)
                summary.tickets += 1
                if !ticket.isClosedState { summary.openTickets += 1 }
                for row in ticket.history {
                    if row.source == .event { summary.events += 1 } else { summary.entries += 1 }
                }
                if out.count >= 1 << 20 { try sink(&out) }
            }
            try sink(&out)
        }

        let queue = OsTicketQueueCSV(zone: desk.zone)
        summary.ticketsFileBytes = try writeAtomically(to: directory.appendingPathComponent(ticketsFileName)) { sink in
            var out: [UInt8] = []
            queue.appendHeader(to: &out)
            for ticket in desk.tickets(newestFirst: true) where including(ticket) {
                queue.appendRow(for: ticket, to: &out)
                if out.count >= 1 << 20 { try sink(&out) }
            }
            try sink(&out)
        }
        return summary
    }

    /// Calls `produce` with a sink that appends (and empties) a buffer to a temporary file,
    /// then renames the file to `url`. Returns the bytes written.
    static func writeAtomically(to url: URL,
                                _ produce: (_ sink: (inout [UInt8]) throws -> Void) throws -> Void) throws -> Int {
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        guard let (_, cleanup) = InterruptCleanup.making({
            FileManager.default.createFile(atPath: temporary.path, contents: nil) ? temporary.path : nil
        }) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        defer { InterruptCleanup.remove(cleanup) }
        var written = 0
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            defer { try? handle.close() }
            try produce { buffer in
                try handle.write(contentsOf: buffer)
                written += buffer.count
                buffer.removeAll(keepingCapacity: true)
            }
            try handle.synchronize()
            guard InterruptCleanup.committing(removing: [cleanup], { rename(temporary.path, url.path) == 0 }) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        return written
    }
}
