import Foundation
import Testing
import SLAModel
@testable import SLAPipeline

@Suite struct BackgroundChecksumTests {
    @Test func sameDigestAsHashingTheBytes() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("checksum-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        // More than one 1 MB chunk, and not a whole number of 64-byte blocks.
        let bytes = (0 ..< 3_000_001).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        var hasher = SHA256()
        hasher.update(bytes)
        #expect(try BackgroundChecksum(path: path).value() == hasher.hexDigest)
    }

    @Test func aMissingFileIsAnErrorThatNamesIt() {
        let checksum = BackgroundChecksum(path: "/nonexistent/export.csv")
        #expect(throws: BackgroundChecksum.Failure.self) { try checksum.value() }
        #expect((try? checksum.value()) == nil)
    }
}
