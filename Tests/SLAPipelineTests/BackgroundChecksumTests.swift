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

    @Test(arguments: [0, 1, 55, 56, 63, 64, 65, 1 << 20, (1 << 20) + 1])
    func sameDigestAsTheModelsSHA256AtBlockAndChunkEdges(size: Int) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("checksum-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let bytes = (0 ..< size).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 3) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        var hasher = SHA256()
        hasher.update(bytes)
        #expect(try BackgroundChecksum(path: path).value() == hasher.hexDigest)
    }

    @Test func knownDigestOfABC() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("checksum-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("abc".utf8).write(to: URL(fileURLWithPath: path))
        // FIPS 180-2, appendix B.1.
        #expect(try BackgroundChecksum(path: path).value() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func aFolderIsUnreadable() {
        #expect(throws: BackgroundChecksum.Failure.self) { try BackgroundChecksum(path: FileManager.default.temporaryDirectory.path).value() }
    }

    @Test func aMissingFileIsAnErrorThatNamesIt() {
        let checksum = BackgroundChecksum(path: "/nonexistent/export.csv")
        #expect(throws: BackgroundChecksum.Failure.self) { try checksum.value() }
        #expect((try? checksum.value()) == nil)
    }
}
