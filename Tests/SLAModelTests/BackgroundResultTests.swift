import Foundation
import Testing
@testable import SLAModel

/// `BackgroundResult` runs its work on a thread of its own; `value()` may be asked again, while
/// `take()` gives the value up so that a large one is freed with the caller's copy.
@Suite struct BackgroundResultTests {
    /// A value whose release can be seen through a weak reference.
    final class Payload: Sendable {
        let bytes: [UInt8]
        init(_ count: Int) { bytes = [UInt8](repeating: 7, count: count) }
    }

    @Test func valueKeepsTheResultAndTakeGivesItUp() throws {
        let kept = BackgroundResult { Payload(1 << 20) }
        weak var keptPayload = try kept.value()
        #expect(keptPayload != nil, "value() keeps the result for a later call")
        #expect(try kept.value().bytes.count == 1 << 20)

        let taken = BackgroundResult { Payload(1 << 20) }
        weak var takenPayload: Payload?
        do {
            let payload = try taken.take()
            takenPayload = payload
            #expect(payload.bytes.count == 1 << 20)
        }
        #expect(takenPayload == nil, "take() keeps no reference once the caller's copy is gone")
        taken.wait()  // returns at once: the work has finished and its value was taken
        _ = kept      // kept alive until here
    }

    @Test func takeRethrowsWhatTheWorkThrew() {
        struct Failure: Error {}
        let failing = BackgroundResult<Int> { throw Failure() }
        #expect(throws: Failure.self) { try failing.take() }
        failing.wait()
    }

    @Test func waitReturnsOnceTheWorkHasFinished() {
        let finished = NSLock()
        nonisolated(unsafe) var done = false
        let slow = BackgroundResult<Int> {
            Thread.sleep(forTimeInterval: 0.05)
            finished.withLock { done = true }
            return 1
        }
        slow.wait()
        #expect(finished.withLock { done })
    }
}
