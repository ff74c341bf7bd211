import Foundation
import SLAModel
import SLAEngine

/// Reads the tickets that `sample-data/osticket/export-tickets.sql` exports from osTicket's
/// database (one row per ticket, names instead of ids, osTicket's own column names), as
/// `mysql --batch` prints it (TSV, backslash escapes, `NULL`) or as CSV.
///
/// Unlike the queue CSV, which an agent downloads by hand, this file comes from the database,
/// so a cron job can produce it. It carries the queue export's fields and what the queue export
/// leaves out: the status's state, the last reopen instant and the custom form data as JSON.
///
/// osTicket's `duedate`, the due date an agent set by hand, is the ticket's `manualDueAt`.
/// Fields the model has no place for are kept as custom fields with these names:
/// - `reopened_at`: osTicket's `reopened`, the last reopen (never cleared by osTicket; ISO 8601 UTC);
/// - every field of the ticket's "Ticket Details" form beyond subject and priority, by its label.
public enum OsTicketTicketsReader {
    public enum Column: String, Hashable, CaseIterable, Sendable {
        case ticketNumber = "ticket_number", created, subject, userName = "user_name", userEmail = "user_email"
        case priority, department, helpTopic = "help_topic", source, status, statusState = "status_state"
        case lastUpdate = "lastupdate", estDueDate = "est_duedate", slaPlan = "sla_plan", dueDate = "duedate"
        case closed, reopened, isOverdue = "isoverdue", isAnswered = "isanswered", merged, linked
        case agent, team, threadCount = "thread_count", reopenCount = "reopen_count"
        case attachmentCount = "attachment_count", taskCount = "task_count", customFields = "custom_fields"
    }

    /// The custom field that holds osTicket's `reopened` (the last reopen).
    public static let reopenedAtField = "reopened_at"

    static let synonyms: [String: Column] = Dictionary(
        uniqueKeysWithValues: Column.allCases.map { (HeaderMap<Column>.normalize($0.rawValue.replacingOccurrences(of: "_", with: " ")), $0) })

    /// Whether a header line is export-tickets.sql's: osTicket's column names `ticket_number`,
    /// `created` and `est_duedate` (the queue CSV says "SLA Due Date").
    public static func matches(headers: [String]) -> Bool {
        let map = HeaderMap(headers: headers, synonyms: synonyms)
        return map[.ticketNumber] != nil && map[.created] != nil && map[.estDueDate] != nil
    }

    public static func read<Sink: ImportSink>(_ reader: DelimitedReader, options: ImportOptions,
                                              into sink: inout Sink) throws -> ReadSummary {
        let file = reader.source.path
        var summary = ReadSummary(format: .osticketTickets)
        guard let header = try reader.next() else { throw ImportError.emptyFile(file: file) }
        let headers = header.fields.map { $0 ?? "" }
        let map = HeaderMap(headers: headers, synonyms: synonyms)
        for required in [Column.ticketNumber, .created] where map[required] == nil {
            throw ImportError.malformed(ImportIssue(
                file: file, line: header.line, columnName: required.rawValue,
                expected: "a \"\(required.rawValue)\" column (the header of export-tickets.sql's output)"))
        }
        let zone = ZoneRules.named(options.sourceZone) ?? .utc
        var seen = DuplicateCheck()
        while let record = try reader.next() {
            summary.rowsRead += 1
            let row = RowReader(file: file, record: record, headers: headers, zone: zone, acceptedYears: options.acceptedYears)
            do {
                try row.requireHeaderWidth()
                let ticket = try self.ticket(of: row, map: map)
                if let earlier = seen.conflict(number: ticket.number, content: ticket.hashValue, line: record.line) {
                    throw row.invalid(map[.ticketNumber]!, expected: "each ticket once per file; this ticket appears earlier, on line \(earlier), with different data")
                }
                try sink.accept(ticket: ticket, line: record.line)
            } catch ImportError.malformed(let issue) where options.onError == .skip {
                summary.rejected.append(issue)
            }
        }
        return summary
    }

    static func ticket(of row: RowReader, map: HeaderMap<Column>) throws(ImportError) -> Ticket {
        var ticket = Ticket(number: try row.requiredText(map[.ticketNumber]!, what: "a ticket number"),
                            createdAt: try row.requiredInstant(map[.created]!))
        ticket.subject = row.text(map[.subject])
        ticket.requester = row.text(map[.userName])
        ticket.requesterEmail = row.text(map[.userEmail])
        ticket.priority = row.text(map[.priority])
        ticket.department = row.text(map[.department])
        ticket.helpTopic = row.text(map[.helpTopic])
        ticket.source = row.text(map[.source])
        ticket.status = row.text(map[.status])
        // A wall time of the hour a fall-back repeats that would come before the creation is its second occurrence.
        ticket.lastUpdatedAt = try row.instant(map[.lastUpdate], after: ticket.createdAt)
        ticket.sourceDueAt = try row.instant(map[.estDueDate])
        ticket.manualDueAt = try row.instant(map[.dueDate])
        ticket.slaPlan = row.text(map[.slaPlan])
        ticket.closedAt = try row.instant(map[.closed], after: ticket.createdAt)
        ticket.sourceOverdue = try row.bool(map[.isOverdue])
        ticket.agent = row.text(map[.agent])
        ticket.team = row.text(map[.team])
        ticket.threadCount = try row.int(map[.threadCount])
        ticket.sourceReopenCount = try row.int(map[.reopenCount])
        // Checked, as the queue reader checks them, though the model keeps none of them.
        _ = try row.bool(map[.isAnswered])
        _ = try row.bool(map[.merged])
        _ = try row.bool(map[.linked])
        _ = try row.int(map[.attachmentCount])
        _ = try row.int(map[.taskCount])
        if let column = map[.customFields], let json = row.text(column) {
            guard let data = json.data(using: .utf8),
                  let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
                throw row.invalid(column, expected: "a JSON object of custom fields, {\"<label>\": \"<value>\", ...}, or NULL")
            }
            for (label, value) in object {
                switch value {
                case let text as String: if !text.isEmpty { ticket.customFields[label] = text }
                case is NSNull: break
                default:
                    if let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys]) {
                        ticket.customFields[label] = String(decoding: data, as: UTF8.self)
                    }
                }
            }
        }
        if let reopened = try row.instant(map[.reopened], after: ticket.createdAt) { ticket.customFields[reopenedAtField] = reopened.iso8601 }
        if let closedAt = ticket.closedAt, closedAt < ticket.createdAt, let column = map[.closed] {
            throw row.invalid(column, expected: "a closed date at or after the creation date \(row.zone.localTime(of: ticket.createdAt).sqlStyle) (impossible timeline)")
        }
        return ticket
    }
}
