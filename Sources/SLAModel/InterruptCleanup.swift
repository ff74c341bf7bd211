import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a run removes when it is stopped by SIGINT (Ctrl-C), SIGTERM (`timeout`, systemd,
/// `kill`) or SIGHUP before it is done: the temporary files and folders of work it had not
/// committed. Killed without a chance to clean up (SIGKILL, a crash), the same files are
/// removed by the next run (`ReportFileSet.recover`, `NewDatabaseFile.begin`); stopped
/// this way they do not sit in a reports folder, or take a database's size beside it, until
/// then. What was committed stays: SQLite undoes an open transaction itself, and a period's
/// files whose renames have begun are finished by the next report from their manifest.
public enum InterruptCleanup {
    /// Removes what it registered; returns how many files and folders it removed.
    public typealias Action = CleanupRegistry.Action
    public typealias Key = CleanupRegistry.Key

    /// The process's actions.
    public static let registry = CleanupRegistry()

    /// Registers `action`, to run if the process is interrupted before `remove(_:)`.
    @discardableResult
    public static func add(_ action: @escaping Action) -> Key { registry.add(action) }

    /// Registers `action` under `name` once for the process (`CleanupRegistry.add(named:_:)`).
    public static func add(named name: String, _ action: @escaping Action) { registry.add(named: name, action) }

    /// Registers the removal of the file or folder at `path`.
    @discardableResult
    public static func removing(_ path: String) -> Key { registry.removing(path) }

    /// Forgets an action: its work was committed, or cleaned up otherwise.
    public static func remove(_ key: Key) { registry.remove(key) }

    /// The pipe's end the signal handler writes the signal's number to.
    nonisolated(unsafe) private static var wakeDescriptor: Int32 = -1

    /// Takes over SIGINT, SIGTERM and SIGHUP: on the first, runs every action, writes
    /// `"slareport: stopped by SIGTERM before it finished; …"` to standard error and exits with
    /// 128 plus the signal's number (130, 143, 129), the status the default action gives.
    /// Call once at start-up.
    ///
    /// The handler only writes the number to a pipe (all a signal handler may safely do); a
    /// thread of its own reads it and cleans up. A caught signal is reset to its default in a
    /// program this one starts (an ignored one would stay ignored there).
    public static func install() {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        wakeDescriptor = ends[1]
        let readEnd = ends[0]
        let thread = Thread {
            var number: Int32 = 0
            while true {
                let got = withUnsafeMutableBytes(of: &number) { read(readEnd, $0.baseAddress, $0.count) }
                if got == MemoryLayout<Int32>.size { break }
                if got < 0 && errno == EINTR { continue }
                return
            }
            stop(by: number)
        }
        thread.start()
        // A parent may have started this one with them blocked (a test runner does; the mask is
        // inherited), which would hold them pending for good: unblocked here, at start-up,
        // before the threads that would inherit the mask.
        var handled = sigset_t()
        sigemptyset(&handled)
        for number in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&handled, number) }
        pthread_sigmask(SIG_UNBLOCK, &handled, nil)
        for number in [SIGINT, SIGTERM, SIGHUP] {
            signal(number) { number in
                var number = number
                _ = withUnsafeBytes(of: &number) { write(InterruptCleanup.wakeDescriptor, $0.baseAddress, $0.count) }
            }
        }
    }

    /// Runs every action, says so and exits as the signal `number` would have.
    private static func stop(by number: Int32) -> Never {
        let name = [SIGINT: "SIGINT", SIGTERM: "SIGTERM", SIGHUP: "SIGHUP"][number] ?? "signal \(number)"
        let removed = registry.runAll()
        let files = removed == 1 ? "1 temporary file or folder" : "\(removed) temporary files or folders"
        let text = "slareport: stopped by \(name) before it finished; what it had not committed was not kept"
            + (removed > 0 ? " (removed \(files))" : "") + ".\n"
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
            guard written > 0 else { break }
            bytes = bytes.dropFirst(written)
        }
        _exit(128 + number)
    }
}

/// Cleanup actions to run at most once: registered while their work is under way, removed once
/// it is committed or cleaned up (`InterruptCleanup.registry` is the process's).
public final class CleanupRegistry: @unchecked Sendable {
    /// Removes what it registered; returns how many files and folders it removed.
    public typealias Action = @Sendable () -> Int

    /// The key of a registered action, for `remove(_:)`.
    public struct Key: Hashable, Sendable {
        fileprivate let value: UInt64
    }

    private let lock = NSLock()
    private var actions: [Key: Action] = [:]
    private var nextKey: UInt64 = 0
    private var keysByName: [String: Key] = [:]

    public init() {}

    /// Registers `action`.
    @discardableResult
    public func add(_ action: @escaping Action) -> Key {
        lock.withLock { insert(action) }
    }

    /// Registers `action` under `name` once (a later call with the same name keeps the first):
    /// for work that recurs, such as a reports folder's temporary files.
    public func add(named name: String, _ action: @escaping Action) {
        lock.withLock {
            guard keysByName[name] == nil else { return }
            keysByName[name] = insert(action)
        }
    }

    /// Registers the removal of the file or folder at `path`.
    @discardableResult
    public func removing(_ path: String) -> Key {
        add { (try? FileManager.default.removeItem(atPath: path)) != nil ? 1 : 0 }
    }

    /// Forgets an action.
    public func remove(_ key: Key) {
        lock.withLock { _ = actions.removeValue(forKey: key) }
    }

    /// Whether an action is registered under `key`.
    public func isRegistered(_ key: Key) -> Bool {
        lock.withLock { actions[key] != nil }
    }

    /// Runs every registered action once, the latest first (as `defer`s unwind: a child process
    /// is stopped before its folder goes), and forgets them; returns how many files and folders
    /// they removed.
    @discardableResult
    public func runAll() -> Int {
        let pending = lock.withLock {
            let pending = actions.sorted { $0.key.value > $1.key.value }.map(\.value)
            actions = [:]
            keysByName = [:]
            return pending
        }
        return pending.reduce(0) { $0 + $1() }
    }

    private func insert(_ action: @escaping Action) -> Key {
        nextKey += 1
        let key = Key(value: nextKey)
        actions[key] = action
        return key
    }
}
