import Foundation
import Testing
@testable import SLAModel

/// The actions an interrupted run takes: each registered one once, the latest first, none that
/// was removed, a named one once however often it is added.
/// (A registry of their own: the process's would clean up after tests running meanwhile.)
@Suite struct InterruptCleanupTests {
    final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private var entries: [String] = []
        func add(_ entry: String) { lock.withLock { entries.append(entry) } }
        var all: [String] { lock.withLock { entries } }
    }

    @Test func runsEachActionOnceLatestFirstAndNotThoseRemoved() {
        let registry = CleanupRegistry()
        let log = Log()
        let first = registry.add { log.add("first"); return 1 }
        let removed = registry.add { log.add("removed"); return 1 }
        registry.add(named: "folder") { log.add("named"); return 2 }
        registry.add(named: "folder") { log.add("named again"); return 2 }
        registry.add { log.add("last"); return 0 }
        registry.remove(removed)
        #expect(registry.isRegistered(first) && !registry.isRegistered(removed))
        #expect(registry.runAll() == 3)
        #expect(log.all == ["last", "named", "first"])
        #expect(!registry.isRegistered(first))
        #expect(registry.runAll() == 0 && log.all.count == 3)
    }

    @Test func removingAPathRemovesTheFileOrFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("interrupt-\(getpid())-\(UInt32.random(in: 0 ... .max))")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("inner"), withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: folder.appendingPathComponent("inner/file").path, contents: Data("x".utf8))
        let registry = CleanupRegistry()
        registry.removing(folder.path)
        registry.removing(folder.appendingPathComponent("never-made").path)
        #expect(registry.runAll() == 1)
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }

    /// A commit under way ends before the actions run, a commit inside it still runs once they
    /// wait, and its keys go with it.
    @Test func aCommitUnderWayEndsBeforeTheActionsRun() {
        let registry = CleanupRegistry()
        let log = Log()
        let temporary = registry.add { log.add("removed the committed file"); return 1 }
        registry.add { log.add("action"); return 1 }
        let entered = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            registry.committing(removing: [temporary]) {
                entered.signal()
                while !registry.isStopping { usleep(1_000) }
                registry.committing { log.add("inner commit") }  // the same thread: not held
                registry.add { log.add("started inside"); return 0 }  // nor work its commit starts
                log.add("committed")
            }
            done.signal()
        }
        entered.wait()
        #expect(registry.runAll() == 1)
        done.wait()
        #expect(log.all == ["inner commit", "committed", "started inside", "action"])
        #expect(registry.isStopping)
    }

    /// Once the actions run, work that would need one does not start: its thread waits for the
    /// exit there.
    @Test func workDoesNotStartOnceStopping() {
        let registry = CleanupRegistry()
        registry.runAll()
        let started = Log()
        Thread.detachNewThread {  // parks for good, as it would until the process ends
            registry.add { 0 }
            started.add("started")
        }
        Thread.sleep(forTimeInterval: 0.3)
        #expect(started.all.isEmpty)
    }
}
