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
/// then. What was committed stays: SQLite undoes an open transaction itself, and a rename into
/// place under way (`committing`) ends before the cleanup runs.
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

    /// Makes a temporary file or folder with `make` (which returns its path, or nil when it could
    /// not) and registers its removal, together: before an interrupted run's cleanup looks, or
    /// not at all.
    public static func making(_ make: () throws -> String?) rethrows -> (path: String, key: Key)? {
        try committing { () throws -> (path: String, key: Key)? in
            guard let path = try make() else { return nil }
            return (path, registry.removing(path))
        }
    }

    /// Forgets an action whose work was cleaned up otherwise (its temporary file removed).
    public static func remove(_ key: Key) { registry.remove(key) }

    /// Runs `body`, a step that makes work permanent (a rename into place), whole: not while
    /// the process is being stopped (it then waits here for the exit), and the cleanup waits
    /// for it to end. `keys` are forgotten with it.
    public static func committing<T, Failure: Error>(removing keys: [Key] = [],
                                                     _ body: () throws(Failure) -> T) throws(Failure) -> T {
        try registry.committing(removing: keys, body)
    }

    /// Waits here for the exit when the process is being stopped: a failure the cleanup caused
    /// (a file removed under a writer) is then neither reported nor acted on.
    public static func waitIfStopping() { registry.waitIfStopping() }

    /// The pipe's end the signal handler writes the signal's number to.
    nonisolated(unsafe) private static var wakeDescriptor: Int32 = -1
    /// Set by the signal handler (the one thing besides the pipe it writes), so that a thread
    /// finishing its work sees the stop before the cleanup thread has begun it.
    nonisolated(unsafe) fileprivate static var signalled: Int32 = 0

    /// Takes over SIGINT, SIGTERM and SIGHUP, unless this process was started with one ignored
    /// (`nohup`, a background job of a script): on the first, runs every action, writes
    /// `"slareport: stopped by SIGTERM before it finished; …"` to standard error and ends by
    /// that signal, so that a parent sees what it sent (a shell stops its loop on Ctrl-C;
    /// systemd takes SIGTERM as a clean stop). One sent 5 s or more after the first acts at
    /// once (one sooner is the same stop: `timeout` sends SIGTERM to the process and again to
    /// its group). Call once at start-up.
    ///
    /// The handler only writes the number to a pipe (all a signal handler may safely do); a
    /// thread of its own reads it and cleans up. A caught signal is reset to its default in a
    /// program this one starts.
    public static func install() {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        // A full pipe (signals piling up) drops a number rather than blocking the handler.
        _ = fcntl(ends[1], F_SETFL, fcntl(ends[1], F_GETFL) | O_NONBLOCK)
        wakeDescriptor = ends[1]
        let readEnd = ends[0]
        let handled = [SIGINT, SIGTERM, SIGHUP].filter { number in
            // An ignored one stays ignored.
            var current = sigaction()
            guard sigaction(number, nil, &current) == 0 else { return true }
            #if canImport(Glibc)
            let handler = current.__sigaction_handler.sa_handler
            #else
            let handler = current.__sigaction_u.__sa_handler
            #endif
            return unsafeBitCast(handler, to: Int.self) != unsafeBitCast(SIG_IGN, to: Int.self)
        }
        // A parent may have started this one with them blocked (a test runner does; the mask is
        // inherited), which would hold them pending for good: unblocked here, at start-up,
        // before the threads that would inherit the mask.
        var set = sigset_t()
        sigemptyset(&set)
        for number in handled { sigaddset(&set, number) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        let thread = Thread {
            var number: Int32 = 0
            while true {
                let got = withUnsafeMutableBytes(of: &number) { read(readEnd, $0.baseAddress, $0.count) }
                if got == MemoryLayout<Int32>.size { break }
                if got < 0 && errno == EINTR { continue }
                return
            }
            stop(by: number, handled: handled)
        }
        thread.start()
        for number in handled {
            signal(number) { number in
                let saved = errno
                InterruptCleanup.signalled = 1
                var number = number
                _ = withUnsafeBytes(of: &number) { write(InterruptCleanup.wakeDescriptor, $0.baseAddress, $0.count) }
                errno = saved
            }
        }
    }

    /// Runs every action, says so and ends the process by the signal `number`.
    private static func stop(by number: Int32, handled: [Int32]) -> Never {
        Thread.detachNewThread {
            sleep(5)
            for other in handled { signal(other, SIG_DFL) }
        }
        let name = [SIGINT: "SIGINT", SIGTERM: "SIGTERM", SIGHUP: "SIGHUP"][number] ?? "signal \(number)"
        let removed = registry.runAll()
        flushStandardOutput(waitingAtMost: 2)
        let files = removed == 1 ? "1 temporary file or folder" : "\(removed) temporary files or folders"
        let text = "slareport: stopped by \(name) before it finished; what it had not committed was not kept"
            + (removed > 0 ? " (removed \(files))" : "") + ".\n"
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
            guard written > 0 else { break }
            bytes = bytes.dropFirst(written)
        }
        // Its default action now ends the process, with the status a parent expects of it.
        signal(number, SIG_DFL)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, number)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        kill(getpid(), number)
        sleep(5)
        _exit(128 + number)
    }

    /// Writes out what `print` buffered before the stop: on a pipe or a file (cron's log) standard
    /// output is flushed only when its buffer fills or the process exits normally, so the lines of
    /// steps that had committed (`run --verbose`'s import) were lost with the process. On another
    /// thread, given `seconds` at most: a full pipe whose reader no longer reads must not keep the
    /// process from stopping.
    private static func flushStandardOutput(waitingAtMost seconds: Int) {
        let flushed = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            fflush(nil)  // every output stream; `stdout` itself is not concurrency-safe to name
            flushed.signal()
        }
        _ = flushed.wait(timeout: .now() + .seconds(seconds))
    }
}

/// Cleanup actions to run at most once: registered while their work is under way, forgotten
/// once it is committed or cleaned up (`InterruptCleanup.registry` is the process's). Stopping
/// (`runAll`) and committing (`committing(removing:_:)`) exclude each other: a commit under
/// way ends before the actions run, and none starts after.
public final class CleanupRegistry: @unchecked Sendable {
    /// Removes what it registered; returns how many files and folders it removed.
    public typealias Action = @Sendable () -> Int

    /// The key of a registered action, for `remove(_:)`.
    public struct Key: Hashable, Sendable {
        fileprivate let value: UInt64
    }

    private let condition = NSCondition()
    private var actions: [Key: Action] = [:]
    private var nextKey: UInt64 = 0
    private var keysByName: [String: Key] = [:]
    private var stopping = false
    /// The threads committing now, with how deep (a commit may make another inside it).
    private var committers: [pthread_t: Int] = [:]

    public init() {}

    /// Registers `action`. Once `runAll` has begun, work that would need it does not start: the
    /// caller waits here for the exit (unless this thread is committing: its commit ends first).
    @discardableResult
    public func add(_ action: @escaping Action) -> Key {
        let key: Key? = locked { mayStart() ? insert(action) : nil }
        guard let key else { Self.waitForTheExit() }
        return key
    }

    /// Registers `action` under `name` once (a later call with the same name keeps the first):
    /// for work that recurs, such as a reports folder's temporary files.
    public func add(named name: String, _ action: @escaping Action) {
        let added: Bool = locked {
            guard mayStart() else { return false }
            if keysByName[name] == nil { keysByName[name] = insert(action) }
            return true
        }
        if !added { Self.waitForTheExit() }
    }

    /// Whether new work may start: not once `runAll` has begun, but inside a commit under way.
    private func mayStart() -> Bool {
        !stopping || committers[pthread_self()] != nil
    }

    /// Registers the removal of the file or folder at `path`.
    @discardableResult
    public func removing(_ path: String) -> Key {
        add { (try? FileManager.default.removeItem(atPath: path)) != nil ? 1 : 0 }
    }

    /// Forgets an action.
    public func remove(_ key: Key) {
        locked { _ = actions.removeValue(forKey: key) }
    }

    /// Whether an action is registered under `key`.
    public func isRegistered(_ key: Key) -> Bool {
        locked { actions[key] != nil }
    }

    /// Whether `runAll` has begun.
    public var isStopping: Bool { locked { stopping } }

    /// Runs `body` whole, then forgets `keys`: waits here for good once `runAll` has begun
    /// (unless this thread is committing already), and `runAll` waits for it to end.
    public func committing<T, Failure: Error>(removing keys: [Key] = [],
                                              _ body: () throws(Failure) -> T) throws(Failure) -> T {
        let me = pthread_self()
        condition.lock()
        if !mayStart() {
            condition.unlock()
            Self.waitForTheExit()
        }
        committers[me, default: 0] += 1
        condition.unlock()
        defer {
            condition.lock()
            committers[me]! -= 1
            if committers[me] == 0 { committers[me] = nil }
            for key in keys { actions[key] = nil }
            condition.broadcast()
            condition.unlock()
        }
        return try body()
    }

    /// Waits here for good once `runAll` has begun (for the process's registry, once a handled
    /// signal has arrived).
    public func waitIfStopping() {
        if isStopping || (self === InterruptCleanup.registry && InterruptCleanup.signalled != 0) { Self.waitForTheExit() }
    }

    /// Runs every registered action once, the latest first (as `defer`s unwind: a child process
    /// is stopped before its folder goes), after the commits under way, and forgets them;
    /// returns how many files and folders they removed. From then on no commit starts.
    @discardableResult
    public func runAll() -> Int {
        condition.lock()
        stopping = true
        while !committers.isEmpty { condition.wait() }
        let pending = actions.sorted { $0.key.value > $1.key.value }.map(\.value)
        actions = [:]
        keysByName = [:]
        condition.unlock()
        return pending.reduce(0) { $0 + $1() }
    }

    private func locked<T>(_ body: () -> T) -> T {
        condition.lock()
        defer { condition.unlock() }
        return body()
    }

    private func insert(_ action: @escaping Action) -> Key {
        nextKey += 1
        let key = Key(value: nextKey)
        actions[key] = action
        return key
    }

    /// The process is ending (`InterruptCleanup.stop`): this thread does nothing more.
    private static func waitForTheExit() -> Never {
        while true { sleep(60) }
    }
}
