import Foundation
import Testing
@testable import SLAImport

/// Huge headers and fields are refused with a documented limit, quickly and without holding
/// them in memory; NUL bytes in text are refused instead of silently cutting the text.
@Suite struct InputLimitsTests {
    func importError(_ path: String) -> String? {
        var sink = CollectingSink()
        do { _ = try FileImporter.read(path: path, format: nil, options: ImportOptions(), into: &sink); return nil } catch {
            return "\(error)"
        }
    }

    func timed(_ body: () -> String?) -> (String?, Duration) {
        let start = ContinuousClock.now
        let result = body()
        return (result, ContinuousClock.now - start)
    }

    @Test func millionColumnHeaderIsRefused() throws {
        let scratch = try Scratch()
        var header = "number,created_at"
        header += String(repeating: ",x", count: 1_000_000)
        let path = try scratch.file("wide.csv", header + "\nN-1,2025-08-04T09:00:00Z\n")
        let (message, elapsed) = timed { importError(path) }
        #expect(message?.contains("wide.csv:1:4096: expected at most 4096 fields in a record") == true, "\(message ?? "nil")")
        #expect(elapsed < .seconds(5))
    }

    @Test func exactly4096ColumnsAreRead() throws {
        let scratch = try Scratch()
        let extra = (3...4096).map { "c\($0)" }
        let path = try scratch.file("w.csv", "number,created_at," + extra.joined(separator: ",") + "\nN-1,2025-08-04T09:00:00Z" + String(repeating: ",", count: 4094) + "\n")
        #expect(importError(path) == nil)
    }

    @Test func fieldOverOneMebibyteIsRefused() throws {
        let scratch = try Scratch()
        let big = String(repeating: "a", count: DelimitedReader.maximumFieldBytes + 1)
        let plain = try scratch.file("big.csv", "number,created_at,subject\nN-1,2025-08-04T09:00:00Z,\(big)\n")
        #expect(importError(plain)?.contains("big.csv:2:3:") == true)
        #expect(importError(plain)?.contains("a field of at most 1048576 bytes (1 MiB)") == true)
        // An unclosed quote swallowing the rest of a large file.
        let unclosed = try scratch.file("open.csv", "number,created_at,subject\nN-1,2025-08-04T09:00:00Z,\"never closed\n" + String(repeating: "N-2,2025-08-04T09:00:00Z,x\n", count: 60_000))
        let (message, elapsed) = timed { importError(unclosed) }
        #expect(message?.contains("quote opened on line 2 may never close") == true, "\(message ?? "nil")")
        #expect(elapsed < .seconds(5))
        let fits = try scratch.file("fits.csv", "number,created_at,subject\nN-1,2025-08-04T09:00:00Z,\(big.dropFirst())\n")
        #expect(importError(fits) == nil)
    }

    @Test func jsonStringOverOneMebibyteIsRefused() throws {
        let scratch = try Scratch()
        let big = String(repeating: "a", count: DelimitedReader.maximumFieldBytes + 1)
        let lines = try scratch.file("big.jsonl", "{\"number\":\"J-1\",\"created_at\":\"2025-08-04T09:00:00Z\"}\n{\"number\":\"J-2\",\"created_at\":\"2025-08-04T09:00:00Z\",\"subject\":\"\(big)\"}\n")
        #expect(importError(lines)?.contains("big.jsonl:3:") == false)
        #expect(importError(lines)?.contains("big.jsonl:2: expected JSON strings of at most 1048576 bytes") == true, "\(importError(lines) ?? "nil")")
        let array = try scratch.file("big.json", "[\n{\"number\":\"J-1\",\"created_at\":\"2025-08-04T09:00:00Z\",\n\"subject\":\"\(big)\"}]\n")
        #expect(importError(array)?.contains("big.json:3: expected JSON strings of at most") == true, "\(importError(array) ?? "nil")")
    }

    @Test func nulBytesAreRefusedWithLineAndColumn() {
        #expect(Fixtures.error("bad/nul-in-subject.csv") == "\(Fixtures.path("bad/nul-in-subject.csv")):2:3: value \"X\\0\": expected text without NUL bytes (byte 2 of the field is NUL; a binary file, or UTF-16 exported as UTF-8?)")
        #expect(Fixtures.error("bad/nul-escape-in-history.tsv")?.contains("nul-escape-in-history.tsv:2:7:") == true)
        #expect(Fixtures.error("bad/nul-escape-in-subject.jsonl") == "\(Fixtures.path("bad/nul-escape-in-subject.jsonl")):1: expected JSON text without NUL characters (raw or \\u0000)")
    }

    @Test func jsonCheckFollowsEscapes() {
        var check = JSONTextCheck()
        // An escaped quote does not end the string; \u0041 is not NUL; \\u0000 is a backslash then text.
        for byte in Array(#"{"a":"x\"y\u0041\\u0000"}"#.utf8) { #expect(check.feed(byte) == nil) }
        var nul = JSONTextCheck()
        #expect(Array(#"{"a":"\u0000"}"#.utf8).compactMap { nul.feed($0) } == [.nul])
    }
}
