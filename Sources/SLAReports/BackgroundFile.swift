import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A report file written on a thread of its own into a temporary file beside its target
/// (`AtomicFile.temporaryURL`), while the calling thread goes on with the report; `moveInto`
/// renames it to a file set's staged temporary, so the set's order, manifest and cleanup stay
/// as they are for every other file.
final class BackgroundFile: @unchecked Sendable {
    let file: URL
    private let done = DispatchSemaphore(value: 0)
    // Written by the worker before it signals `done`; read only after waiting for it.
    private var failure: ReportWriteError?
    private var finished = false

    /// Starts `write` on a thread of its own; it writes `file`.
    init(_ file: URL, write: @escaping @Sendable (URL) throws(ReportWriteError) -> Void) {
        self.file = file
        Thread.detachNewThread { [self] in
            do throws(ReportWriteError) { try write(file) } catch { failure = error }
            done.signal()
        }
    }

    /// Waits for the file, then renames it to `temporary` (a file set's staged name).
    func moveInto(_ temporary: URL) throws(ReportWriteError) {
        try wait()
        guard rename(file.path, temporary.path) == 0 else {
            throw .cannotWrite(path: temporary.path, reason: AtomicFile.errnoText())
        }
    }

    /// Waits for the worker (once) and removes its file unless it was moved; call it on every
    /// path out, so no thread outlives the report and no temporary file is left behind.
    func finish() {
        _ = try? wait()
        unlink(file.path)
    }

    // The worker holds this object until it has written the file: by now it has, and a file
    // never moved (nor removed by `finish()`) goes.
    deinit { unlink(file.path) }

    private func wait() throws(ReportWriteError) {
        if !finished {
            done.wait()
            finished = true
        }
        if let failure { throw failure }
    }
}
