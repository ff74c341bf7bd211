import Foundation

/// Slots filled from several threads at once (each index by exactly one), read after they
/// all finished: the results of a `DispatchQueue.concurrentPerform`.
final class ConcurrentResults<Value>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    var count: Int { slots.count }

    func set(_ index: Int, _ value: Value) {
        lock.withLock { slots[index] = value }
    }

    /// Every slot's value; each must have been set.
    func values() -> [Value] {
        lock.withLock { slots.map { $0! } }
    }
}
