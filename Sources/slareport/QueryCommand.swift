import ArgumentParser
import Foundation
import SLAStore

struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run a read-only SQL query against the database.",
        discussion: "Tables: tickets, events, import_runs, sla_cycles, team_segments, ticket_outcomes; view: ticket_metrics.")

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case table, csv, json }

    @OptionGroup var db: DatabaseOptions
    @Argument(help: "The SQL statement (SELECT / WITH / PRAGMA).") var sql: String
    @Option(help: "table, csv or json.") var format: OutputFormat = .table

    func run() throws {
        let store = try TicketStore(path: db.database, readOnly: true)
        let result: (columns: [String], rows: [[String?]])
        do { result = try store.query(sql) } catch {
            throw UserFacingError(description: "query failed: \(error)", exitCode: 2)
        }
        switch format {
        case .csv:
            func quote(_ value: String?) -> String {
                guard let value else { return "" }
                return value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                    ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
            }
            print(result.columns.map(quote).joined(separator: ","))
            for row in result.rows { print(row.map(quote).joined(separator: ",")) }
        case .json:
            let objects = result.rows.map { row in
                Dictionary(uniqueKeysWithValues: zip(result.columns, row.map { $0 as Any? ?? NSNull() }))
            }
            let data = try JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        case .table:
            let widths = result.columns.indices.map { index in
                min(40, max(result.columns[index].count, result.rows.map { ($0[index] ?? "NULL").count }.max() ?? 0))
            }
            func line(_ cells: [String]) -> String {
                zip(cells, widths).map { cell, width in
                    let text = cell.count > width ? String(cell.prefix(width - 1)) + "…" : cell
                    return text + String(repeating: " ", count: width - text.count)
                }.joined(separator: "  ")
            }
            print(line(result.columns))
            print(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
            for row in result.rows { print(line(row.map { $0 ?? "NULL" })) }
            print("(\(result.rows.count) row\(result.rows.count == 1 ? "" : "s"))")
        }
    }
}
