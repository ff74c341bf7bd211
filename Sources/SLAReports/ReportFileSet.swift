import Foundation
import SLAModel
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Puts all of one period's report files in place together, or none of them.
///
/// Every file is first written whole to a temporary name beside its target. Then a
/// manifest (`.<first file>.pending`, itself written atomically) lists each temporary and
/// its target: from that instant the new set is committed. The files are renamed, the
/// folder is synced and the manifest removed. A run killed before the manifest leaves only
/// temporary files, which `recover(in:)` removes; one killed during the renames leaves the
/// manifest, and `recover(in:)` finishes the renames. Either way no period ends up with a
/// new HTML beside an old CSV or XLSX once the next report has run.
public struct ReportFileSet {
    public let directory: URL
    private var staged: [(temporary: URL, target: URL)] = []
    /// Files of the set's earlier version that the new set has no counterpart for, removed
    /// with the renames (listed in the manifest as `-` and the name).
    private var removals: [URL] = []

    public init(directory: URL) { self.directory = directory }

    /// Writes `bytes` to a temporary file that `commit()` will rename to `target`.
    public mutating func stage(_ bytes: [UInt8], as target: URL) throws(ReportWriteError) {
        let temporary = AtomicFile.temporaryURL(for: target)
        do { try AtomicFile.writeNew(bytes, to: temporary) } catch {
            discard()
            throw error
        }
        staged.append((temporary, target))
    }

    /// Lets `produce` write a temporary file (created empty, owner's mode) that `commit()`
    /// will rename to `target`.
    public mutating func stage(producing target: URL, _ produce: (URL) throws(ReportWriteError) -> Void) throws(ReportWriteError) {
        let temporary = AtomicFile.temporaryURL(for: target)
        do {
            try AtomicFile.writeNew([], to: temporary)
            staged.append((temporary, target))
            try produce(temporary)
        } catch {
            discard()
            throw error
        }
    }

    /// Removes `target` when the set is committed: a file of the period's earlier set that this
    /// set does not write (a format not asked for this time), so that no period keeps a new HTML
    /// beside an older run's CSV or XLSX (the dashboard index linked them as one report).
    public mutating func removeOnCommit(_ target: URL) {
        removals.append(target)
    }

    /// Removes every staged temporary file.
    public mutating func discard() {
        for file in staged { unlink(file.temporary.path) }
        staged = []
    }

    /// Renames every staged file into place, through the manifest.
    /// Interrupted before it begins, it does not begin; interrupted during it, it ends first
    /// (`InterruptCleanup.committing`).
    public mutating func commit() throws(ReportWriteError) {
        guard !staged.isEmpty else { return }
        CrashPoint.reach("before-manifest")
        try InterruptCleanup.committing { () throws(ReportWriteError) in try renameIntoPlace() }
    }

    private mutating func renameIntoPlace() throws(ReportWriteError) {
        guard let first = staged.first else { return }
        let manifest = directory.appendingPathComponent("." + first.target.lastPathComponent + Self.manifestSuffix)
        let lines = staged.map { $0.temporary.lastPathComponent + "\t" + $0.target.lastPathComponent + "\n" }.joined()
            + removals.map { Self.removalMark + "\t" + $0.lastPathComponent + "\n" }.joined()
        do { try AtomicFile.write(lines, to: manifest) } catch {
            discard()
            throw error
        }
        AtomicFile.syncDirectory(directory)
        CrashPoint.reach("after-manifest")
        for (index, file) in staged.enumerated() {
            guard rename(file.temporary.path, file.target.path) == 0 else {
                // The manifest stays: the next run finishes what this one could not.
                throw .cannotReplace(path: file.target.path, reason: AtomicFile.errnoText())
            }
            if index == 0 { CrashPoint.reach("mid-rename") }
        }
        for file in removals { unlink(file.path) }
        removals = []
        AtomicFile.syncDirectory(directory)
        unlink(manifest.path)
        staged = []
        Self.committedSetCount.withLock { $0 += 1 }
    }

    /// How many sets this process has renamed into place (read by a stop's cleanup, after the
    /// commits under way: whether a report's index is to be rebuilt for what it wrote).
    public static var committedSets: Int { committedSetCount.withLock { $0 } }
    private static let committedSetCount = Mutex(0)

    static let manifestSuffix = ".pending"
    /// A manifest line's first field for a file to remove rather than rename into place.
    static let removalMark = "-"

    /// Finishes the renames of every committed set a killed run left half done, then
    /// removes temporary files left by runs that are no longer alive. Returns how many
    /// sets were finished and how many temporary files removed.
    @discardableResult
    public static func recover(in directory: URL) -> (finished: Int, removed: Int) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return (0, 0) }
        var finished = 0, removed = 0
        for (manifest, files) in manifests(in: directory, names: names) {
            for file in files {
                if file.temporary == removalMark {
                    unlink(directory.appendingPathComponent(file.target).path)
                    continue
                }
                let temporary = directory.appendingPathComponent(file.temporary)
                if FileManager.default.fileExists(atPath: temporary.path) {
                    rename(temporary.path, directory.appendingPathComponent(file.target).path)
                }
            }
            syncDirectoryAndRemove(manifest)
            finished += 1
        }
        for name in names where name.hasSuffix(".tmp") {
            guard let pid = AtomicFile.writerPID(ofTemporaryName: name), pid != getpid(),
                  kill(pid, 0) != 0 && errno == ESRCH else { continue }
            // A file, or the folder of libxlsxwriter's temporary files.
            if (try? FileManager.default.removeItem(at: directory.appendingPathComponent(name))) != nil { removed += 1 }
        }
        return (finished, removed)
    }

    /// Removes this process's own temporary files and folders in `directory` (the staged files,
    /// the workbook's scratch folder, a manifest not yet in place) except those a manifest in
    /// place lists: that set is committed, and the next report finishes its renames. For an
    /// interrupted report (`InterruptCleanup`). Returns how many it removed.
    @discardableResult
    public static func removeOwnTemporaries(in directory: URL) -> Int {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return 0 }
        let committed = Set(manifests(in: directory, names: names).flatMap { $0.files.map(\.temporary) })
        var removed = 0
        for name in names where AtomicFile.writerPID(ofTemporaryName: name) == getpid() && !committed.contains(name) {
            if (try? FileManager.default.removeItem(at: directory.appendingPathComponent(name))) != nil { removed += 1 }
        }
        return removed
    }

    /// The manifests in place among `names` (the entries of `directory`), each with the files it
    /// lists; a manifest that cannot be read is left out.
    private static func manifests(in directory: URL, names: [String]) -> [(manifest: URL, files: [(temporary: String, target: String)])] {
        names.filter { $0.hasPrefix(".") && $0.hasSuffix(manifestSuffix) }.compactMap { name in
            let manifest = directory.appendingPathComponent(name)
            guard let text = try? String(contentsOf: manifest, encoding: .utf8) else { return nil }
            let files = text.split(separator: "\n").compactMap { line -> (temporary: String, target: String)? in
                let parts = line.split(separator: "\t").map(String.init)
                // Names only, never paths: a manifest cannot move files out of the folder.
                guard parts.count == 2, !parts.contains(where: { $0.contains("/") || $0 == ".." }) else { return nil }
                return (parts[0], parts[1])
            }
            return (manifest, files)
        }
    }

    private static func syncDirectoryAndRemove(_ manifest: URL) {
        AtomicFile.syncDirectory(manifest.deletingLastPathComponent())
        unlink(manifest.path)
    }
}
