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

    private let read: BackgroundRead<String>

    /// Starts hashing `path` at once.
    public init(path: String) {
        read = BackgroundRead { try Self.checksum(path).get() }
    }

    /// The hex digest, waiting for it if needed.
    public func value() throws -> String {
        try read.value()
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
