import Foundation
import COpenSSL
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

    private let hashing: BackgroundResult<String>

    /// Starts hashing `path` at once.
    public init(path: String) {
        hashing = BackgroundResult { try Self.checksum(path).get() }
    }

    /// The hex digest, waiting for it if needed.
    public func value() throws -> String {
        try hashing.value()
    }

    /// Waits for the hashing thread to end, whatever it found. An import that fails must wait
    /// before the process exits: libcrypto's exit handlers freed its tables under a hashing
    /// thread still starting (SIGSEGV, about 1 run in 150 of a run whose first file is refused).
    public func finish() {
        _ = try? hashing.value()
    }

    /// SHA-256 of a file's bytes as stored (compressed files are hashed compressed), by
    /// libcrypto: with the CPU's SHA instructions a 1.1 GB export hashes in about 0.7 s of CPU
    /// instead of several seconds, on a machine whose two cores are busy parsing and writing it.
    static func checksum(_ path: String) -> Result<String, Failure> {
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(.unreadable(path: path)) }
        defer { Glibc.close(descriptor) }
        guard let context = EVP_MD_CTX_new() else { return .failure(.unreadable(path: path)) }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else { return .failure(.unreadable(path: path)) }
        let chunkSize = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunkSize, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let count = Glibc.read(descriptor, buffer, chunkSize)
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadable(path: path))
            }
            guard EVP_DigestUpdate(context, buffer, count) == 1 else { return .failure(.unreadable(path: path)) }
        }
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(context, &digest, &length) == 1 else { return .failure(.unreadable(path: path)) }
        return .success(digest.prefix(Int(length)).map { ($0 < 0x10 ? "0" : "") + String($0, radix: 16) }.joined())
    }
}
