import Foundation
import Testing
import SLAImport
import TestScratch
@testable import SLAPipeline

@Suite struct RejectsFileTests {
    /// Each file's rejects by line, the files in the order they were imported: a profile finds a
    /// case's problem in its second pass, after rows further down (line 4 came before line 3).
    @Test func rejectsAreInEachFilesLineOrder() throws {
        let scratch = try TemporaryFolder("rejects")
        let path = scratch.path("desk.sqlite.rejects.csv")
        let staged = try RejectsFile.stage([
            ImportIssue(file: "b.csv", line: 9, expected: "x"), ImportIssue(file: "b.csv", line: 4, expected: "x"),
            ImportIssue(file: "a.csv", line: 7, expected: "x"), ImportIssue(file: "b.csv", line: 3, expected: "y"),
            ImportIssue(file: "b.csv", line: 3, expected: "z"),
        ], for: path)
        // Staged beside its place until the import commits.
        #expect(!FileManager.default.fileExists(atPath: path))
        try RejectsFile.commit(staged)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path("")) == ["desk.sqlite.rejects.csv"])
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(lines.map { $0.split(separator: ",").prefix(2).joined(separator: ",") }
                == ["\"b.csv\",3", "\"b.csv\",3", "\"b.csv\",4", "\"b.csv\",9", "\"a.csv\",7"])
        #expect(lines.first?.hasSuffix("\"y\"") == true)
    }

    /// An import that does not commit leaves no rejects file, nor its temporary one.
    @Test func aDiscardedRejectsFileLeavesNothing() throws {
        let scratch = try TemporaryFolder("rejects")
        let staged = try RejectsFile.stage([ImportIssue(file: "a.csv", line: 2, expected: "x")], for: scratch.path("d.sqlite.rejects.csv"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path("")).count == 1)
        RejectsFile.discard(staged)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path("")).isEmpty)
    }
}

@Suite struct NightlyRunStepTests {
    /// A step's failure inside `run` names the step once ("recompute failed (...): recompute
    /// failed, ...: cause" after a review), and a raw SQLite failure is named too.
    @Test func aFailedStepIsNamedOnce() {
        let doubled = #expect(throws: PipelineError.self) {
            try NightlyRun.step("recompute", kept: "the import was kept") {
                throw PipelineError.failed("recompute failed, the stored results are unchanged: a disk is full")
            }
        }
        #expect(doubled?.description == "recompute failed (the import was kept): a disk is full")
        let other = #expect(throws: PipelineError.self) {
            try NightlyRun.step("report", kept: "k") { throw PipelineError.badInput("2025-W99: no such week") }
        }
        #expect(other?.description == "report failed (k): 2025-W99: no such week" && other?.exitCode == 2)
    }
}
