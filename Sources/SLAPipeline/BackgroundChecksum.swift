import Foundation
import SLAModel

/// A file's SHA-256 computed on a thread of its own, so hashing a large export overlaps with
/// parsing and writing it instead of reading the whole file once more before the import.
public final class BackgroundChecksum: @unchecked Sendable {
    /// Why a checksum could not be computed.
    public enum Failure: Error, CustomStringConvertible {
        case unreadable(path: String)

        public var description: String {
            switch self {
            case .unreadable(let path): return "\(path): cannot read the file"
            }
        }
    }

    private let condition = NSCondition()
    private var result: Result<String, Failure>?

    /// Starts hashing `path` at once.
    public init(path: String) {
        let thread = Thread { [self] in
            let value = Self.checksum(path)
            condition.lock()
            result = value
            condition.broadcast()
            condition.unlock()
        }
        thread.start()
    }

    /// The hex digest, waiting for it if needed.
    public func value() throws -> String {
        condition.lock()
        defer { condition.unlock() }
        while result == nil { condition.wait() }
        return try result!.get()
    }

    /// SHA-256 of a file's bytes as stored (compressed files are hashed compressed).
    static func checksum(_ path: String) -> Result<String, Failure> {
        guard let handle = FileHandle(forReadingAtPath: path) else { return .failure(.unreadable(path: path)) }
        defer { try? handle.close() }
        var hasher = SHA256()
        do {
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                chunk.withUnsafeBytes { hasher.update(buffer: $0) }
            }
        } catch {
            return .failure(.unreadable(path: path))
        }
        return .success(hasher.hexDigest)
    }
}
