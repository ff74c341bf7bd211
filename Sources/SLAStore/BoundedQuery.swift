import Foundation
import GRDB

/// Why `query` stopped, in one line.
public enum QueryError: Error, CustomStringConvertible, Equatable {
    /// The query ran longer than its time limit and was interrupted.
    case timedOut(seconds: Double)
    /// SQLite refused or failed the statement; `message` is SQLite's, without the SQL.
    case failed(message: String)

    public var description: String {
        switch self {
        case .timedOut(let seconds):
            let shown = seconds == seconds.rounded() ? "\(Int(seconds))" : String(format: "%.1f", seconds)
            return "query stopped after \(shown) s, its time limit (--timeout SECONDS to allow longer)"
        case .failed(let message):
            return "query failed: \(message)"
        }
    }
}

extension TicketStore {
    /// `typedQuery` with a time limit: past `timeLimit` seconds SQLite is interrupted (a
    /// recursive CTE can otherwise run forever). Errors come back as one line.
    public func typedQuery(_ sql: String, timeLimit: Double) throws(QueryError) -> (columns: [String], rows: [[QueryValue]]) {
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + timeLimit)
        timer.setEventHandler { [pool] in pool.interrupt() }
        timer.resume()
        defer { timer.cancel() }
        do {
            return try typedQuery(sql)
        } catch let error as DatabaseError {
            if error.resultCode == .SQLITE_INTERRUPT { throw .timedOut(seconds: timeLimit) }
            var message = error.message ?? "\(error.resultCode)"
            // GRDB's advice names its own API; a command-line user needs the rule.
            if message.hasPrefix("Multiple statements found") {
                message = "more than one statement; query runs one SELECT (or WITH ... SELECT) at a time"
            }
            throw .failed(message: message.split(whereSeparator: \.isNewline).joined(separator: " "))
        } catch StoreError.database(let message) {
            // The refusal of a statement that would write, in the same one-line form as SQLite's own.
            throw .failed(message: message)
        } catch {
            throw .failed(message: "\(error)".split(whereSeparator: \.isNewline).joined(separator: " "))
        }
    }
}
