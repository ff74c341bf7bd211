import Foundation
import Testing
@testable import SLAReports

@Suite struct ReportWriterTests {
    @Test func writesEveryFormatAndLeavesNoTemporaryFiles() throws {
        let directory = Fixtures.temporaryDirectory().appendingPathComponent("nested/reports")
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent().deletingLastPathComponent()) }
        let files = try ReportWriter.write(Fixtures.helpDeskReport(), formats: Set(ReportFormat.allCases), to: directory)
        #expect(files.map(\.lastPathComponent) == ["sla-report-2025-W32.html", "team-summary-2025-W32.csv",
                                                   "tickets-2025-W32.csv", "breakdowns-2025-W32.csv", "breaches-2025-W32.csv",
                                                   "sla-report-2025-W32.xlsx", "sla-report-2025-W32.json"])
        let listing = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(listing == files.map(\.lastPathComponent).sorted())
    }

    @Test func rewritingReplacesTheOldFile() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("x.txt")
        try AtomicFile.write("first version, longer", to: url)
        try AtomicFile.write("second", to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == "second")
    }

    @Test func failedWriteRemovesTheTemporaryFileAndKeepsTheOldOne() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("x.txt")
        try AtomicFile.write("old", to: url)
        #expect(throws: ReportWriteError.self) {
            try AtomicFile.write(to: url) { (temporary) throws(ReportWriteError) in
                try AtomicFile.write("half", to: temporary)
                throw .cannotWrite(path: temporary.path, reason: "simulated")
            }
        }
        #expect(try String(contentsOf: url, encoding: .utf8) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["x.txt"])
    }

    @Test func unwritableDirectoryIsATypedError() {
        let blocker = Fixtures.temporaryDirectory().appendingPathComponent("file")
        #expect(FileManager.default.createFile(atPath: blocker.path, contents: Data("x".utf8)))
        defer { try? FileManager.default.removeItem(at: blocker.deletingLastPathComponent()) }
        #expect {
            _ = try ReportWriter.write(Fixtures.helpDeskReport(), formats: [.csv],
                                       to: blocker.appendingPathComponent("reports"))
        } throws: { error in
            guard case .cannotCreateDirectory = error as? ReportWriteError else { return false }
            // The file in the way is named, not Foundation's "The operation could not be completed".
            return "\(error)".contains("output directory") && "\(error)".contains("\(blocker.path) is a file, not a folder")
        }
        // One full stop after a reason that has its own ("exists.." in a stranger's trial).
        let error = ReportWriteError.cannotCreateDirectory(path: "/r", reason: "A file with the same name already exists.")
        #expect(error.description == "Cannot create the report directory /r: A file with the same name already exists. Check that the parent exists and is writable, or choose another output directory.")
    }
}
