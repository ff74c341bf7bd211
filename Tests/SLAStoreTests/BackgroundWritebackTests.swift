import Foundation
import Testing
import TestScratch
@testable import SLAStore

/// The writeback thread holds the files it kicks open only while it runs, opens a file that
/// appears after it started (a write-ahead log), and stops for good.
@Suite struct BackgroundWritebackTests {
    /// Descriptors of this process open on `path` (`/proc/self/fd`); other tests' files are elsewhere.
    static func descriptors(on path: String) -> Int {
        let folder = "/proc/self/fd"
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return entries.filter { (try? FileManager.default.destinationOfSymbolicLink(atPath: folder + "/" + $0)) == path }.count
    }

    /// Waits up to two seconds for `condition` (the thread ticks every 10 ms here).
    static func eventually(_ condition: () -> Bool) -> Bool {
        let deadline = Date(timeIntervalSinceNow: 2)
        while Date() < deadline {
            if condition() { return true }
            usleep(5_000)
        }
        return condition()
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/fd"), "needs /proc/self/fd (Linux)"))
    func opensFilesAsTheyAppearAndClosesThemAtStop() throws {
        let scratch = try TemporaryFolder("slareport-writeback")
        let database = URL(fileURLWithPath: scratch.path("db.sqlite")).resolvingSymlinksInPath().path
        let log = database + "-wal"
        try Data("pages".utf8).write(to: URL(fileURLWithPath: database))
        let writeback = BackgroundWriteback(paths: [log, database], interval: 0.01)
        #expect(Self.eventually { Self.descriptors(on: database) == 1 })
        #expect(Self.descriptors(on: log) == 0)
        // The log appears once writing starts: a later tick opens it.
        try Data("frames".utf8).write(to: URL(fileURLWithPath: log))
        #expect(Self.eventually { Self.descriptors(on: log) == 1 })
        writeback.stop()
        #expect(Self.descriptors(on: database) == 0 && Self.descriptors(on: log) == 0)
        writeback.stop()
    }

    @Test func stopsWhenNoFileEverAppears() throws {
        let scratch = try TemporaryFolder("slareport-writeback")
        let writeback = BackgroundWriteback(paths: [scratch.path("absent.sqlite")], interval: 0.01)
        let started = Date()
        writeback.stop()
        #expect(Date().timeIntervalSince(started) < 1)
        #expect(!FileManager.default.fileExists(atPath: scratch.path("absent.sqlite")))
    }
}
