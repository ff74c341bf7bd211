import Foundation

/// Named moments where the crash harness stops the process (`SIGSTOP`) so that it can
/// kill it exactly there: `SLAREPORT_CRASH_POINT=before-commit slareport import ...`.
/// Without the variable (always, outside the harness) `reach` does nothing.
public enum CrashPoint {
    private static let armed = ProcessInfo.processInfo.environment["SLAREPORT_CRASH_POINT"]

    /// Stops the process here if the harness asked for `name`. Asked for `name+sleep`, it says
    /// so on standard error and waits there until a signal it handles is stopping it
    /// (`InterruptCleanup`), then goes on as it would have: a test sends the signal at an exact
    /// moment (a stopped process would not run its cleanup until continued).
    public static func reach(_ name: String) {
        guard let armed else { return }
        if armed == name { raise(SIGSTOP) }
        if armed == name + "+sleep" {
            let text = Array("crash point \(name) reached\n".utf8)
            _ = text.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
            while !InterruptCleanup.registry.isStopping { usleep(10_000) }
        }
    }
}
