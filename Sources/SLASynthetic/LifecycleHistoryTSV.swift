import SLAModel
import SLAEngine

/// Writes lifecycle history rows as the shipped SQL query's output looks under
/// `mysql --batch`: a first line of column names, tab-separated values, `NULL` for NULL,
/// tab / newline / backslash / NUL inside values escaped as `\t`, `\n`, `\\`, `\0`, LF line
/// ends, datetimes as `YYYY-MM-DD HH:MM:SS` on the database's wall clock.
public struct LifecycleHistoryTSV: Sendable {
    /// The query's columns, in order.
    public static let columns = [
        "ticket_number", "source", "source_id", "timestamp", "event", "annulled", "username", "agent",
        "team", "department", "status", "sla_plan", "priority", "data",
    ]

    /// The source zone (the database's clock).
    public var zone: ZoneRules

    public init(zone: ZoneRules) {
        self.zone = zone
    }

    /// The column-name line.
    public func appendHeader(to out: inout [UInt8]) {
        out.append(text: Self.columns.joined(separator: "\t"))
        out.append(UInt8(ascii: "\n"))
    }

    /// Every row of one ticket, in its history's order.
    public func appendRows(of ticket: SyntheticTicket, to out: inout [UInt8]) {
        for row in ticket.history { appendRow(row, to: &out) }
    }

    /// A whole file: the header and the tickets' rows, tickets in the order given.
    public func render<S: Sequence>(_ tickets: S) -> [UInt8] where S.Element == SyntheticTicket {
        var out: [UInt8] = []
        appendHeader(to: &out)
        for ticket in tickets { appendRows(of: ticket, to: &out) }
        return out
    }

    /// One row's line.
    public func appendRow(_ row: OsTicketHistoryRow, to out: inout [UInt8]) {
        let tab = UInt8(ascii: "\t")
        Self.appendValue(row.ticketNumber, to: &out)
        out.append(tab)
        out.append(text: row.source.rawValue)
        out.append(tab)
        out.append(decimal: row.sourceId)
        out.append(tab)
        out.append(sqlDateTime: zone.localTime(of: row.time))
        out.append(tab)
        out.append(text: row.kind.rawValue)
        out.append(tab)
        out.append(row.annulled ? UInt8(ascii: "1") : UInt8(ascii: "0"))
        for value in [row.username, row.agent, row.team, row.department, row.status, row.slaPlan, row.priority,
                      row.data] {
            out.append(tab)
            Self.appendValue(value, to: &out)
        }
        out.append(UInt8(ascii: "\n"))
    }

    /// One value as `mysql --batch` prints it: `NULL` for nil, else the text with NUL, tab,
    /// newline and backslash escaped.
    public static func appendValue(_ value: String?, to out: inout [UInt8]) {
        guard let value else {
            out.append(text: "NULL")
            return
        }
        for byte in value.utf8 {
            switch byte {
            case 0x00: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "0"))
            case 0x09: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
            case 0x0A: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
            case 0x5C: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "\\"))
            default: out.append(byte)
            }
        }
    }

    /// `appendValue` as a string, for tests and one-off use.
    public static func value(_ value: String?) -> String {
        var out: [UInt8] = []
        appendValue(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
