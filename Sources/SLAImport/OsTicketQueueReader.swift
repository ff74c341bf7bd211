import SLAModel
import SLAEngine

/// Reads osTicket's agent-panel queue export: columns matched by heading (English headings
/// and synonyms, any order), a UTF-8 BOM, `,` or `;`, PHP `fputcsv` quoting, `Yes`/`No`,
/// date-times in the database server's wall clock (the source zone).
public enum OsTicketQueueReader {
    public enum Column: Hashable, CaseIterable, Sendable {
        case number, created, subject, from, fromEmail, priority, department, helpTopic, source, status
        case lastUpdated, slaDueDate, slaPlan, dueDate, closed, overdue, merged, linked, answered
        case agent, team, threadCount, reopenCount, attachmentCount, taskCount
    }

    /// Normalized headings -> columns: 1.14-1.18 headings, pre-1.11 ones and common renames.
    public static let synonyms: [String: Column] = [
        "ticket number": .number, "ticket": .number, "number": .number, "ticket no": .number, "ticket id": .number,
        "date created": .created, "created": .created, "date": .created, "create date": .created,
        "subject": .subject, "from": .from, "from name": .from, "user": .from, "requester": .from,
        "from email": .fromEmail, "email": .fromEmail,
        "priority": .priority, "department": .department, "dept": .department,
        "help topic": .helpTopic, "topic": .helpTopic, "source": .source,
        "current status": .status, "status": .status, "ticket status": .status,
        "last updated": .lastUpdated, "last update": .lastUpdated,
        "sla due date": .slaDueDate, "sla plan": .slaPlan, "sla": .slaPlan,
        "due date": .dueDate, "closed date": .closed, "closed": .closed, "date closed": .closed,
        "overdue": .overdue, "merged": .merged, "linked": .linked, "answered": .answered,
        "agent assigned": .agent, "assigned to": .agent, "agent": .agent, "assignee": .agent,
        "team assigned": .team, "team": .team,
        "thread count": .threadCount, "reopen count": .reopenCount,
        "attachment count": .attachmentCount, "task count": .taskCount,
    ]

    /// Whether a header line looks like an osTicket queue export.
    public static func matches(headers: [String]) -> Bool {
        let map = HeaderMap(headers: headers, synonyms: synonyms)
        return map[.number] != nil && map[.created] != nil && (map[.status] != nil || map[.helpTopic] != nil)
    }

    public static func read<Sink: ImportSink>(_ reader: DelimitedReader, options: ImportOptions,
                                              into sink: inout Sink) throws -> ReadSummary {
        let file = reader.source.path
        var summary = ReadSummary(format: .osticketQueue)
        guard let header = try reader.next() else { throw ImportError.emptyFile(file: file) }
        let headers = header.fields.map { $0 ?? "" }
        let map = HeaderMap(headers: headers, synonyms: synonyms)
        for required in [Column.number, .created] where map[required] == nil {
            let name = required == .number ? "Ticket Number" : "Date Created"
            throw ImportError.malformed(ImportIssue(
                file: file, line: header.line, columnName: name,
                expected: "a \"\(name)\" column in the header (found: \(headers.joined(separator: ", ")))"))
        }
        // Pre-1.11 exports have no "SLA Due Date": their "Due Date" held the SLA due date.
        let slaDueColumn = map[.slaDueDate] ?? (map[.slaPlan] == nil && map[.closed] == nil ? map[.dueDate] : nil)
        let zone = ZoneRules.named(options.sourceZone) ?? .utc
        // Hashes, not tickets, so memory stays small on large exports.
        var seen: [String: Int] = [:]
        while let record = try reader.next() {
            summary.rowsRead += 1
            let row = RowReader(file: file, record: record, headers: headers, zone: zone)
            do {
                if record.fields.count != headers.count {
                    throw ImportError.malformed(ImportIssue(
                        file: file, line: record.line, column: min(record.fields.count, headers.count) + 1,
                        expected: "\(headers.count) fields as in the header, found \(record.fields.count) (wrong delimiter or a broken quote?)"))
                }
                var ticket = Ticket(
                    number: try row.requiredText(map[.number]!, what: "a ticket number"),
                    createdAt: try row.requiredInstant(map[.created]!))
                ticket.subject = row.text(map[.subject])
                ticket.requester = row.text(map[.from])
                ticket.requesterEmail = row.text(map[.fromEmail])
                ticket.priority = row.text(map[.priority])
                ticket.department = row.text(map[.department])
                ticket.helpTopic = row.text(map[.helpTopic])
                ticket.source = row.text(map[.source])
                ticket.status = row.text(map[.status])
                ticket.lastUpdatedAt = try row.instant(map[.lastUpdated])
                ticket.sourceDueAt = try row.instant(slaDueColumn)
                ticket.slaPlan = row.text(map[.slaPlan])
                ticket.closedAt = try row.instant(map[.closed])
                ticket.sourceOverdue = try row.bool(map[.overdue])
                ticket.agent = row.text(map[.agent])
                ticket.team = row.text(map[.team])
                ticket.threadCount = try row.int(map[.threadCount])
                ticket.sourceReopenCount = try row.int(map[.reopenCount])
                _ = try row.bool(map[.answered])
                for (index, heading) in map.unknown {
                    if let value = row.text(index) { ticket.customFields[heading] = value }
                }
                if let closedAt = ticket.closedAt, closedAt < ticket.createdAt {
                    throw ImportError.malformed(ImportIssue(
                        file: file, line: record.line, column: map[.closed]! + 1, columnName: headers[map[.closed]!],
                        value: ticket.closedAt.map { zone.localTime(of: $0).sqlStyle },
                        expected: "a closed date at or after the creation date \(zone.localTime(of: ticket.createdAt).sqlStyle) (impossible timeline)"))
                }
                if let earlier = seen[ticket.number], earlier != ticket.hashValue {
                    throw ImportError.malformed(ImportIssue(
                        file: file, line: record.line, column: map[.number]! + 1, columnName: headers[map[.number]!],
                        value: ticket.number, expected: "each ticket once per file; this ticket appears earlier with different data"))
                }
                seen[ticket.number] = ticket.hashValue
                try sink.accept(ticket: ticket, line: record.line)
            } catch ImportError.malformed(let issue) where options.onError == .skip {
                summary.rejected.append(issue)
            }
        }
        return summary
    }
}
