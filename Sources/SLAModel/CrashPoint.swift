import Foundation

/// Named moments where the crash harness stops the process (`SIGSTOP`) so that it can
/// kill it exactly there: `SLAREPORT_CRASH_POINT=before-commit slareport import ...`.
/// Without the variable (always, outside the harness) `reach` does nothing.
public enum CrashPoint {
    private static let armed = ProcessInfo.processInfo.environment["SLAREPORT_CRASH_POINT"]

    /// Stops the process here if the harness asked for `name`.
    public static func reach(_ name: String) {
        guard let armed, armed == name else { return }
        raise(SIGSTOP)
    }
}
