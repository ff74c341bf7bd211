import Foundation

/// Named moments where the crash harness stops the process (`SIGSTOP`) so that it can
/// kill it exactly there: `SLAREPORT_CRASH_POINT=before-commit slareport import ...`.
/// Without the variable (always, outside the harness) `reach` does nothing.
public enum CrashPoint {
    private static let armed = ProcessInfo.processInfo.environment["SLAREPORT_CRASH_POINT"]

    /// Stops the process here if the harness asked for `name`. Asked for `name+sleep`, it says
    /// so on standard error and sleeps there instead, for a test to send it a signal it handles
    /// (`InterruptCleanup`): a stopped process would go on past the point when continued.
    public static func reach(_ name: String) {
        guard let armed else { return }
        if armed == name { raise(SIGSTOP) }
        if armed == name + "+sleep" {
            let text = Array("crash point \(name) reached\n".utf8)
            _ = text.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
            while true { pause() }
        }
    }
}
