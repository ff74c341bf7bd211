import Foundation

/// A value computed on a thread of its own, awaited later: a report counts the trend's verdicts
/// and the previous period's resolved tickets on other connections while the calling thread
/// reads the rest of its tickets, and an import hashes each file while it parses it (`BackgroundChecksum`).
public final class BackgroundResult<Value>: @unchecked Sendable {
    private let condition = NSCondition()
    private var result: Result<Value, Error>?
    /// Whether `take()` gave the value up (the work has finished).
    private var taken = false

    /// Starts `work` at once. It must only use what is safe from another thread (a
    /// `TicketStore`'s reads are: each runs on a connection of the pool's own).
    public init(_ work: @escaping () throws -> Value) {
        nonisolated(unsafe) let work = work
        let thread = Thread { [self] in
            let value = Result { try work() }
            condition.lock()
            result = consume value  // the worker keeps no reference to it (see `take()`)
            condition.broadcast()
            condition.unlock()
        }
        thread.start()
    }

    /// The value, waiting for it if needed; rethrows what the work threw. Not after `take()`.
    public func value() throws -> Value {
        condition.lock()
        defer { condition.unlock() }
        precondition(!taken, "the value was taken")
        while result == nil { condition.wait() }
        return try result!.get()
    }

    /// The value, waiting for it if needed, and no longer kept here: a large value's memory goes
    /// with the caller's last copy, not with this object. Rethrows what the work threw. Once.
    public func take() throws -> Value {
        condition.lock()
        defer { condition.unlock() }
        precondition(!taken, "the value was taken")
        while result == nil { condition.wait() }
        let value = result!
        result = nil
        taken = true
        return try value.get()
    }

    /// Waits until the work has finished (its value taken or not).
    public func wait() {
        condition.lock()
        defer { condition.unlock() }
        while result == nil && !taken { condition.wait() }
    }
}
