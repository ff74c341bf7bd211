import Foundation
import SLAModel
#if canImport(Glibc)
import Glibc
#endif

/// One program run as a child process and measured from outside: wall time, and its own
/// peak resident memory from `wait4`'s `rusage` (so each child's peak is its own, whatever
/// the parent holds or other children used).
struct MeasuredChildProcess {
    /// What a finished child reported.
    struct Result {
        var exitStatus: Int32
        var seconds: Double
        /// Peak resident set size in bytes (`ru_maxrss`).
        var peakBytes: Int
        var standardOutput: String
        var standardError: String
    }

    /// Runs `executable` with `arguments` (stdin from `standardInput` or /dev/null; stdout and
    /// stderr captured through files in `scratch`), waits for it and measures it.
    static func run(_ executable: String, _ arguments: [String], standardInput: String? = nil,
                    scratch: URL) throws -> Result {
        let outPath = scratch.appendingPathComponent("child.stdout").path
        let errPath = scratch.appendingPathComponent("child.stderr").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, standardInput ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let started = DispatchTime.now()
        // Started and registered together, before an interrupted run's cleanup looks, or not at all.
        let (spawned, stopChild) = InterruptCleanup.committing { () -> (Int32, InterruptCleanup.Key?) in
            let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
            return (spawned, spawned == 0 ? stopOnInterrupt(pid) : nil)
        }
        guard spawned == 0, let stopChild else {
            throw UserFacingError(description: "\(executable): cannot start (\(String(cString: strerror(spawned))))")
        }
        // The child's end is seen without reaping it, so that its pid cannot be another
        // process's while the cleanup may still signal it; stopping, this thread goes no further.
        var ended = siginfo_t()
        while waitid(P_PID, id_t(pid), &ended, WEXITED | WNOWAIT) < 0 {
            guard errno == EINTR else { throw UserFacingError(description: "waitid: \(String(cString: strerror(errno)))") }
        }
        InterruptCleanup.committing(removing: [stopChild]) {}
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw UserFacingError(description: "wait4: \(String(cString: strerror(errno)))") }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        // WIFEXITED / WEXITSTATUS by hand: the C macros are not imported into Swift.
        let exited = status & 0x7f == 0
        return Result(exitStatus: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), seconds: seconds,
                      peakBytes: Int(usage.ru_maxrss) * 1024,
                      standardOutput: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                      standardError: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }

    /// Makes a benchmark's work folder `folder`, registered for removal if the run is interrupted
    /// unless it is `kept` (both together: `InterruptCleanup.making`).
    static func makeWorkFolder(_ folder: URL, kept: Bool) throws {
        _ = try InterruptCleanup.making { () throws -> String? in
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return kept ? nil : folder.path
        }
    }

    /// Registers, for an interrupted run, stopping the child `pid` (SIGTERM: it removes its own
    /// temporary files) and waiting for it to end, at most 10 s, before its folder goes.
    static func stopOnInterrupt(_ pid: pid_t) -> InterruptCleanup.Key {
        InterruptCleanup.add {
            kill(pid, SIGTERM)
            for _ in 0 ..< 200 where isRunning(pid) { usleep(50_000) }
            return 0
        }
    }

    /// Whether the process `pid` has not ended (one that ended but is not yet waited for, a
    /// zombie, has).
    static func isRunning(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        // "pid (name) S ...": the state follows the name's closing parenthesis and a space.
        return stat[close...].dropFirst(2).first != "Z"
    }

    /// The first executable called `name` on `PATH`, if any.
    static func onPath(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// This executable's own path (to run its subcommands as children).
    static var currentExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
