import Foundation

/// A read run on a thread of its own, its value awaited later: a report reads the trend's
/// verdicts on a second connection while the calling thread reads the period's tickets, and an
/// import hashes each file while it parses it (`BackgroundChecksum`).
final class BackgroundRead<Value>: @unchecked Sendable {
    private let condition = NSCondition()
    private var result: Result<Value, Error>?

    /// Starts `read` at once. It must only use what is safe from another thread (a
    /// `TicketStore`'s reads are: each runs on a connection of the pool's own).
    init(_ read: @escaping () throws -> Value) {
        nonisolated(unsafe) let read = read
        let thread = Thread { [self] in
            let value = Result { try read() }
            condition.lock()
            result = value
            condition.broadcast()
            condition.unlock()
        }
        thread.start()
    }

    /// The value, waiting for it if needed; rethrows what the read threw.
    func value() throws -> Value {
        condition.lock()
        defer { condition.unlock() }
        while result == nil { condition.wait() }
        return try result!.get()
    }
}
