import ArgumentParser
import Foundation
import SLAStore
import SLAReports
import SLAPipeline

struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run a read-only SQL query against the database.",
        discussion: """
            The database is opened read-only and statements that would write are refused. \
            Tables: tickets, events, import_runs, profile_rows, profile_scopes, osticket_pulls, recompute_runs, sla_cycles, team_segments, ticket_outcomes. \
            Views: v_ticket_sla (per ticket, UTC ISO times), v_team_week (per team and ISO week in UTC), \
            v_breaches (every breached cycle with the team and agent at breach), v_team_time (each team's \
            share of the clock), ticket_metrics. See the README's Schema section.
            """)

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case table, csv, json }

    @OptionGroup var db: DatabaseOptions
    @Argument(help: "The SQL statement (SELECT / WITH / PRAGMA).") var sql: String
    @Option(help: "table, csv (RFC 4180) or json (an array of objects, keys in the SELECT's order; numbers stay numbers; name repeated columns apart with AS, or the last one wins in most JSON readers).") var format: OutputFormat = .table
    @Option(help: "Stop the query after this many seconds (exit 1).") var timeout: Double = 300

    func run() throws {
        guard timeout > 0, timeout.isFinite else {
            throw UserFacingError(description: "--timeout \(timeout): expected a number of seconds above 0", exitCode: 2)
        }
        let store = try TicketStore(path: db.database, readOnly: true)
        let result: (columns: [String], rows: [[QueryValue]])
        do { result = try store.typedQuery(sql, timeLimit: timeout) } catch {
            var message = error.description
            if message.contains("no such table: v_") {
                message += " (the analyst views arrive with the database's v2 migration; run `slareport recompute` once to apply it)"
            }
            if case .timedOut = error { throw UserFacingError(description: message, exitCode: 1) }
            throw UserFacingError(description: message, exitCode: 2)
        }
        switch format {
        case .csv:
            func quote(_ value: String?) -> String {
                guard let value else { return "" }
                return value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                    ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
            }
            var out = result.columns.map(quote).joined(separator: ",") + "\r\n"
            for row in result.rows { out += row.map { quote($0.text) }.joined(separator: ",") + "\r\n" }
            try Self.output(out)
        case .json:
            // Written by hand so that keys keep the SELECT's order (a dictionary would sort them).
            var out = "["
            for (index, row) in result.rows.enumerated() {
                out += index == 0 ? "\n  {" : ",\n  {"
                for (position, (column, value)) in zip(result.columns, row).enumerated() {
                    out += (position == 0 ? "\n    " : ",\n    ") + Self.jsonString(column) + ": "
                    switch value {
                    case .null: out += "null"
                    case .integer(let number): out += String(number)
                    case .real(let number): out += number.isFinite ? "\(number)" : "null"
                    case .text(let text): out += Self.jsonString(text)
                    case .blob(let count): out += Self.jsonString("<\(count) bytes>")
                    }
                }
                out += "\n  }"
            }
            out += result.rows.isEmpty ? "]\n" : "\n]\n"
            try Self.output(out)
        case .table:
            let cells = result.rows.map { $0.map { $0.text ?? "NULL" } }
            // Terminal cells, not characters: CJK and emoji take two.
            let widths = result.columns.indices.map { index in
                min(40, max(DisplayWidth.cells(of: result.columns[index]), cells.map { DisplayWidth.cells(of: $0[index]) }.max() ?? 0))
            }
            func line(_ cells: [String]) -> String {
                zip(cells, widths).map { cell, width in
                    let text = DisplayWidth.prefix(cell, cells: width)
                    return text + String(repeating: " ", count: max(0, width - DisplayWidth.cells(of: text)))
                }.joined(separator: "  ")
            }
            var out = line(result.columns) + "\n" + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
            for row in cells { out += line(row) + "\n" }
            out += "(\(result.rows.count) row\(result.rows.count == 1 ? "" : "s"))\n"
            try Self.output(out)
        }
    }

    /// Writes the answer to standard output; one that could not be written all (a full disk, a
    /// closed pipe) is an error, exit 1: a script's `query > out.csv` got an empty file and exit 0.
    static func output(_ text: String) throws {
        if let failure = StandardStreams.writeOutput(text) {
            // A reader that stopped early (`| head`) is no error worth a line: exit 1 quietly.
            if failure == EPIPE { Foundation.exit(1) }
            throw UserFacingError(description: "could not write the query's answer to standard output (\(String(cString: strerror(failure))))", exitCode: 1)
        }
    }

    /// `text` as a JSON string literal (RFC 8259: quote, backslash and control characters escaped).
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
