import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A one-line progress report on standard error (rows done, rate, time left), redrawn in
/// place at most a few times a second, shown only when standard error is a terminal and the
/// command is not `--quiet`: cron, pipes and CI get nothing.
public final class TerminalProgress {
    /// Whether progress is drawn: on a terminal, unless quiet.
    public static func shouldShow(quiet: Bool, standardErrorIsTerminal: Bool) -> Bool {
        !quiet && standardErrorIsTerminal
    }

    /// Whether this process's standard error is a terminal.
    public static var standardErrorIsTerminal: Bool { isatty(2) == 1 }

    /// The line for `done` of `total` (nil when unknown) `unit`s after `elapsed` seconds:
    /// `recompute  412,000 / 1,000,000 events  205,000 events/s  41%  2.9 s left`.
    public static func line(label: String, done: Int, total: Int?, unit: String, elapsed: Double) -> String {
        var text = label + "  " + grouped(done)
        if let total { text += " / " + grouped(total) }
        text += " " + unit
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        if elapsed > 0 { text += "  " + grouped(Int(rate.rounded())) + " " + unit + "/s" }
        if let total, total > 0 {
            text += "  " + String(Int(100 * Double(min(done, total)) / Double(total))) + "%"
            if rate > 0 && done < total { text += "  " + duration(Double(total - done) / rate) + " left" }
        }
        return text
    }

    /// About how many lines a file has, from its size and the lines in its first 256 kB (nil for
    /// compressed or unreadable files): enough for a progress line's share and time left.
    public static func estimatedRows(ofFile path: String) -> Int? {
        guard !path.hasSuffix(".gz"), let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd(), size > 0 else { return nil }
        try? handle.seek(toOffset: 0)
        guard let sample = try? handle.read(upToCount: 256 << 10), !sample.isEmpty else { return nil }
        let lines = sample.withUnsafeBytes { bytes in bytes.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) } }
        guard lines > 0 else { return nil }
        return max(1, Int(Double(size) * Double(lines) / Double(sample.count)) - 1)
    }

    /// `1,234,567`.
    static func grouped(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// `4.2 s`, `3m 05s`, `1h 02m`.
    static func duration(_ seconds: Double) -> String {
        if seconds < 60 { return String(format: "%.1f s", seconds) }
        let whole = Int(seconds.rounded())
        if whole < 3600 { return String(format: "%dm %02ds", whole / 60, whole % 60) }
        return String(format: "%dh %02dm", whole / 3600, (whole % 3600) / 60)
    }

    private let label: String
    private let unit: String
    private var total: Int?
    private let enabled: Bool
    private let write: (String) -> Void
    private let clock: () -> Double
    private let started: Double
    private var lastDrawn: Double
    private var drawn = false
    private var sinceCheck = 0
    private let checkEvery: Int
    /// Seconds between redraws.
    public static let interval = 0.25

    /// A progress line for `label`; draws nothing unless `enabled`. The clock is read every
    /// `checkEvery` updates (1 for slow steps such as report periods). `write` and `clock` are
    /// for tests (default: standard error and the monotonic clock).
    public init(label: String, unit: String, total: Int?, enabled: Bool, checkEvery: Int = 256,
                write: @escaping (String) -> Void = { StandardStreams.writeError($0) },
                clock: @escaping () -> Double = { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }) {
        self.label = label
        self.unit = unit
        self.total = total
        self.enabled = enabled
        self.checkEvery = max(1, checkEvery)
        self.write = write
        self.clock = clock
        started = clock()
        lastDrawn = started
    }

    /// Reports `done` units so far; redraws when enough time has passed. Cheap enough to call
    /// per row: the clock is read once every `checkEvery` calls.
    public func update(_ done: Int, total newTotal: Int? = nil) {
        guard enabled else { return }
        if let newTotal { total = newTotal }
        sinceCheck += 1
        guard sinceCheck >= checkEvery || !drawn else { return }
        sinceCheck = 0
        let now = clock()
        guard now - lastDrawn >= Self.interval else { return }
        lastDrawn = now
        drawn = true
        // Carriage return, the line, then erase to the end of the line (ANSI EL).
        write("\r" + Self.line(label: label, done: done, total: total, unit: unit, elapsed: now - started) + "\u{1B}[K")
    }

    /// Erases the line (if one was drawn), leaving the terminal as it was.
    public func finish() {
        guard enabled, drawn else { return }
        write("\r\u{1B}[K")
        drawn = false
    }
}
