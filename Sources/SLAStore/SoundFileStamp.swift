import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a database file looked like when slareport last knew it sound: after it passed
/// `PRAGMA quick_check`, or after slareport closed it, having changed it only through SQLite
/// since it passed. Kept in `<database>.checked`; an open that finds the file exactly so
/// (device, inode, size, modification and status-change times to the nanosecond, no
/// write-ahead log waiting) skips the whole-file check, which at a million tickets reads
/// 2.7 GB (about 6 s of CPU) on every command.
///
/// Anything that writes the file outside slareport (a copy over it, an editor, a disk tool,
/// a truncation) changes its status-change time, which no program can set back, so the
/// check runs again. A writing open removes the stamp before its first write, so a crash
/// or kill mid-write leaves none. What a stamp cannot see is damage that happens without
/// a write (a failing disk); SQLite still refuses such pages when it reads them.
struct SoundFileStamp: Equatable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modifiedNanoseconds: Int64
    var changedNanoseconds: Int64

    /// The stamp file beside `database`.
    static func stampFile(for database: String) -> String { database + ".checked" }

    /// The file's state now, or nil when it has none to trust: missing, or with a
    /// write-ahead log holding frames (a writer is open, or one crashed).
    static func current(of database: String) -> SoundFileStamp? {
        var wal = stat()
        if stat(database + "-wal", &wal) == 0 && wal.st_size > 0 { return nil }
        var info = stat()
        guard stat(database, &info) == 0 else { return nil }
        return SoundFileStamp(
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
            modifiedNanoseconds: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
            changedNanoseconds: Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec))
    }

    /// The stamp last written for `database`, nil when there is none or it cannot be read.
    static func recorded(for database: String) -> SoundFileStamp? {
        guard let data = FileManager.default.contents(atPath: stampFile(for: database)),
              let text = String(data: data, encoding: .utf8) else { return nil }
        let fields = text.split(whereSeparator: \.isWhitespace)
        guard fields.count == 6, fields[0] == "slareport-sound-v1",
              let device = UInt64(fields[1]), let inode = UInt64(fields[2]), let size = Int64(fields[3]),
              let modified = Int64(fields[4]), let changed = Int64(fields[5]) else { return nil }
        return SoundFileStamp(device: device, inode: inode, size: size,
                              modifiedNanoseconds: modified, changedNanoseconds: changed)
    }

    /// Whether `database` is exactly as it was when last known sound.
    static func matches(_ database: String) -> Bool {
        guard let now = current(of: database) else { return false }
        return recorded(for: database) == now
    }

    /// Records `stamp` for `database`. Best effort: a folder slareport cannot write to only
    /// means the next open checks the whole file again.
    static func record(_ stamp: SoundFileStamp, for database: String) {
        let text = "slareport-sound-v1 \(stamp.device) \(stamp.inode) \(stamp.size) \(stamp.modifiedNanoseconds) \(stamp.changedNanoseconds)\n"
        let path = stampFile(for: database)
        // O_NOFOLLOW: a symlink planted at the stamp's name is refused, not followed.
        let descriptor = open(path, O_CREAT | O_WRONLY | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        if written != bytes.count { unlink(path) }
    }

    /// Forgets the stamp of `database` (before a write, so a crash mid-write leaves none).
    static func remove(for database: String) {
        unlink(stampFile(for: database))
    }
}
