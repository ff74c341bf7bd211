import Foundation

/// A new folder under the system's temporary directory, removed with everything in it when the
/// last reference to it goes: tests left a few hundred megabytes of databases in `/tmp` per run.
///
/// Swift may release a local reference after its last use, so keep the folder (or the value
/// holding it) in use for as long as its files are, e.g. with `withExtendedLifetime`, or hold it
/// in the fixture that uses the files.
public final class TemporaryFolder: Sendable {
    /// The folder.
    public let url: URL

    /// Creates `<base>/<prefix>-<UUID>`, `base` being the system's temporary directory unless given.
    public init(_ prefix: String, under base: URL = FileManager.default.temporaryDirectory) throws {
        url = base.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The folder's path.
    public var path: String { url.path }

    /// The path of `name` inside the folder.
    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit { try? FileManager.default.removeItem(at: url) }
}
