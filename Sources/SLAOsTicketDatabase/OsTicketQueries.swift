import Foundation

/// The two queries slareport ships in `sample-data/osticket/` (compiled in from there, so the
/// direct reader and `mysql --batch` run the same text), with osTicket's table prefix applied.
public enum OsTicketQueries {
    /// `export-tickets.sql`, as shipped (prefix `ost_`).
    public static var ticketsSQL: String { String(decoding: PackageResources.export_tickets_sql, as: UTF8.self) }
    /// `export-history.sql`, as shipped (prefix `ost_`).
    public static var historySQL: String { String(decoding: PackageResources.export_history_sql, as: UTF8.self) }

    /// `sql` with every table name's `ost_` prefix replaced by `prefix`.
    public static func withPrefix(_ sql: String, _ prefix: String) -> String {
        guard prefix != "ost_" else { return sql }
        // `ost_` at the start of a word only (table names; "host_" or "cost_" never match).
        var result = ""
        result.reserveCapacity(sql.utf8.count)
        var previous: Character = " "
        var index = sql.startIndex
        while index < sql.endIndex {
            if sql[index...].hasPrefix("ost_") && !(previous.isLetter || previous.isNumber || previous == "_") {
                result += prefix
                index = sql.index(index, offsetBy: 4)
                previous = "_"
                continue
            }
            previous = sql[index]
            result.append(previous)
            index = sql.index(after: index)
        }
        return result
    }

    /// Whether a table prefix is safe to paste into SQL: letters, digits and `_` only.
    public static func isValidPrefix(_ prefix: String) -> Bool {
        !prefix.isEmpty && prefix.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "_" }
    }
}
