import SLAModel
import SLAEngine

/// Writes tickets as osTicket 1.15 - 1.18's agent-panel queue export (`CsvExporter`): a UTF-8
/// byte order mark, the 25 default headings in order, then one row per ticket written by
/// PHP's `fputcsv` (quoted only when needed, `"` doubled, backslash not doubled, LF line
/// ends), `Yes`/`No` booleans, datetimes as `YYYY-MM-DD HH:MM:SS` on the database's wall
/// clock without an offset, and empty fields for NULL.
public struct OsTicketQueueCSV: Sendable {
    /// The headings osTicket writes (`CustomQueue::getExportableFields`, en_US).
    public static let headings = [
        "Ticket Number", "Date Created", "Subject", "From", "From Email", "Priority", "Department",
        "Help Topic", "Source", "Current Status", "Last Updated", "SLA Due Date", "SLA Plan", "Due Date",
        "Closed Date", "Overdue", "Merged", "Linked", "Answered", "Agent Assigned", "Team Assigned",
        "Thread Count", "Reopen Count", "Attachment Count", "Task Count",
    ]

    /// `EF BB BF`, which `CsvExporter::init()` writes first.
    public static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The source zone (osTicket's database clock).
    public var zone: ZoneRules
    /// `,` by default; osTicket uses `;` for locales with a decimal comma.
    public var delimiter: UInt8

    public init(zone: ZoneRules, delimiter: UInt8 = UInt8(ascii: ",")) {
        self.zone = zone
        self.delimiter = delimiter
    }

    /// The byte order mark and the heading line.
    public func appendHeader(to out: inout [UInt8]) {
        out.append(contentsOf: Self.byteOrderMark)
        appendLine(Self.headings, to: &out)
    }

    /// One ticket's line.
    public func appendRow(for ticket: SyntheticTicket, to out: inout [UInt8]) {
        appendLine(fields(of: ticket), to: &out)
    }

    /// A whole file: the header and the tickets in the order given.
    public func render<S: Sequence>(_ tickets: S) -> [UInt8] where S.Element == SyntheticTicket {
        var out: [UInt8] = []
        appendHeader(to: &out)
        for ticket in tickets { appendRow(for: ticket, to: &out) }
        return out
    }

    /// The 25 values of a ticket's row, unquoted.
    public func fields(of ticket: SyntheticTicket) -> [String] {
        func time(_ instant: Instant?) -> String {
            guard let instant else { return "" }
            var bytes: [UInt8] = []
            bytes.append(sqlDateTime: zone.localTime(of: instant))
            return String(decoding: bytes, as: UTF8.self)
        }
        func yesNo(_ flag: Bool) -> String { flag ? "Yes" : "No" }
        return [
            ticket.number, time(ticket.created), ticket.subject, ticket.requesterName, ticket.requesterEmail,
            ticket.priority, ticket.department, ticket.helpTopic, ticket.source, ticket.status,
            time(ticket.lastUpdated), time(ticket.slaDueDate), ticket.slaPlan, time(ticket.dueDate),
            time(ticket.closed), yesNo(ticket.isOverdue), yesNo(false), yesNo(false), yesNo(ticket.isAnswered),
            ticket.agent ?? "", ticket.team ?? "", String(ticket.threadCount), String(ticket.reopenCount),
            String(ticket.attachmentCount), String(ticket.taskCount),
        ]
    }

    /// One line as `fputcsv($fp, $fields, $delimiter)` writes it.
    public func appendLine(_ fields: [String], to out: inout [UInt8]) {
        for (i, field) in fields.enumerated() {
            if i > 0 { out.append(delimiter) }
            Self.appendField(field, delimiter: delimiter, to: &out)
        }
        out.append(UInt8(ascii: "\n"))
    }

    /// One field as PHP's `fputcsv` (enclosure `"`, escape `\`) writes it: enclosed only if it
    /// contains the delimiter, `"`, `\`, CR, LF, TAB or a space; inside, a `"` is doubled
    /// unless a backslash precedes it, and backslashes are written as they are.
    public static func appendField(_ value: String, delimiter: UInt8, to out: inout [UInt8]) {
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        let needsEnclosure = value.utf8.contains {
            $0 == delimiter || $0 == quote || $0 == backslash || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == 0x20
        }
        guard needsEnclosure else {
            out.append(contentsOf: value.utf8)
            return
        }
        out.append(quote)
        var escaped = false
        for byte in value.utf8 {
            if byte == backslash {
                escaped = true
            } else if !escaped && byte == quote {
                out.append(quote)
            } else {
                escaped = false
            }
            out.append(byte)
        }
        out.append(quote)
    }

    /// `appendField` as a string, for tests and one-off use.
    public static func field(_ value: String, delimiter: UInt8 = UInt8(ascii: ",")) -> String {
        var out: [UInt8] = []
        appendField(value, delimiter: delimiter, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
