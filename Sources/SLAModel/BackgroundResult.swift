import Foundation

/// A value computed on a thread of its own, awaited later: a report reads the trend's verdicts
/// on a second connection while the calling thread reads the period's tickets, writes the
/// per-ticket CSV while the report is aggregated, and an import hashes each file while it
/// parses it (`BackgroundChecksum`).
public final class BackgroundResult<Value>: @unchecked Sendable {
    private let condition = NSCondition()
    private var result: Result<Value, Error>?

    /// Starts `work` at once. It must only use what is safe from another thread (a
    /// `TicketStore`'s reads are: each runs on a connection of the pool's own).
    public init(_ work: @escaping () throws -> Value) {
        nonisolated(unsafe) let work = work
        let thread = Thread { [self] in
            let value = Result { try work() }
            condition.lock()
            result = value
            condition.broadcast()
            condition.unlock()
        }
        thread.start()
    }

    /// The value, waiting for it if needed; rethrows what the work threw.
    public func value() throws -> Value {
        condition.lock()
        defer { condition.unlock() }
        while result == nil { condition.wait() }
        return try result!.get()
    }
}
