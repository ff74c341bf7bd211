import Foundation
import Testing
@testable import SLAReports

/// A period's files are renamed into place together: a run killed between the renames is
/// finished by the next, and temporary files of dead runs are removed.
@Suite struct ReportFileSetTests {
    static let names = ["sla-report-2025-W32.html", "team-summary-2025-W32.csv", "sla-report-2025-W32.xlsx"]
    /// A pid above Linux's largest (2^22), so never a live process.
    static let deadPID = 9_999_999

    @Test func aSetKilledBetweenItsRenamesIsFinishedByTheNextRun() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in Self.names { try "old \(name)".write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        // What a run killed after committing the manifest and renaming the first file leaves.
        var manifest = ""
        for name in Self.names {
            let temporary = "\(name).\(Self.deadPID)-abc.tmp"
            try "new \(name)".write(to: directory.appendingPathComponent(temporary), atomically: true, encoding: .utf8)
            manifest += "\(temporary)\t\(name)\n"
        }
        try manifest.write(to: directory.appendingPathComponent(".\(Self.names[0]).pending"), atomically: true, encoding: .utf8)
        #expect(rename(directory.appendingPathComponent("\(Self.names[0]).\(Self.deadPID)-abc.tmp").path,
                       directory.appendingPathComponent(Self.names[0]).path) == 0)

        let outcome = ReportFileSet.recover(in: directory)
        #expect(outcome.finished == 1)
        for name in Self.names {
            #expect(try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8) == "new \(name)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == Self.names.sorted())
    }

    /// A period written again in fewer formats loses its files of the others, with the renames:
    /// the dashboard index linked a new HTML beside an older run's CSV and XLSX as one report (a
    /// stranger's trial). A run killed after its manifest removes them when the next one finishes it.
    @Test func aPeriodWrittenInFewerFormatsKeepsNoFileOfAnEarlierRun() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = Fixtures.helpDeskReport()
        let names = ReportFileNames(period: report.period)
        _ = try ReportWriter.write(report, formats: Set(ReportFormat.allCases), to: directory)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).count == 7)
        _ = try ReportWriter.write(report, formats: [.html], to: directory)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == [names.html, names.summaryJSON].sorted())

        // Killed after the manifest: the next run renames and removes as it says.
        let old = names.teamSummaryCSV
        try "old".write(to: directory.appendingPathComponent(old), atomically: true, encoding: .utf8)
        let temporary = "\(names.html).\(Self.deadPID)-abc.tmp"
        try "new".write(to: directory.appendingPathComponent(temporary), atomically: true, encoding: .utf8)
        try "\(temporary)\t\(names.html)\n-\t\(old)\n"
            .write(to: directory.appendingPathComponent(".\(names.html).pending"), atomically: true, encoding: .utf8)
        #expect(ReportFileSet.recover(in: directory).finished == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == [names.html, names.summaryJSON].sorted())
        #expect(try String(contentsOf: directory.appendingPathComponent(names.html), encoding: .utf8) == "new")
    }

    @Test func temporaryFilesOfDeadRunsAreRemovedOthersKept() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let dead = "sla-report-2025-W32.html.\(Self.deadPID)-1f.tmp"
        let alive = "sla-report-2025-W32.html.\(getpid())-2f.tmp"
        let foreign = "notes.tmp"
        for name in [dead, alive, foreign] {
            FileManager.default.createFile(atPath: directory.appendingPathComponent(name).path, contents: Data("x".utf8))
        }
        // libxlsxwriter's temporary file, left in the folder of a killed run.
        let xlsxScratch = directory.appendingPathComponent(".xlsxwriter.\(Self.deadPID)-3f.tmp")
        try FileManager.default.createDirectory(at: xlsxScratch, withIntermediateDirectories: false)
        FileManager.default.createFile(atPath: xlsxScratch.appendingPathComponent("tmp.AbCdEf").path, contents: Data("x".utf8))
        #expect(ReportFileSet.recover(in: directory).removed == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == [alive, foreign].sorted())
    }

    /// Interrupted, a run removes its own temporary files and folders but those a manifest in
    /// place lists (that set is committed; the next run finishes it), and nobody else's.
    @Test func anInterruptedRunRemovesItsOwnUncommittedTemporariesOnly() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let own = "sla-report-2025-W32.html.\(getpid())-1f.tmp"
        let committed = "team-summary-2025-W32.csv.\(getpid())-2f.tmp"
        let anotherRun = "sla-report-2025-W33.html.\(Self.deadPID)-3f.tmp"
        let manifestNotInPlace = ".sla-report-2025-W34.html.pending.\(getpid())-4f.tmp"
        for name in [own, committed, anotherRun, manifestNotInPlace, "notes.tmp"] {
            FileManager.default.createFile(atPath: directory.appendingPathComponent(name).path, contents: Data("x".utf8))
        }
        try "\(committed)\tteam-summary-2025-W32.csv\n".write(to: directory.appendingPathComponent(".team-summary-2025-W32.csv.pending"),
                                                           atomically: true, encoding: .utf8)
        let scratch = directory.appendingPathComponent(".xlsxwriter.\(getpid())-5f.tmp")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: false)
        FileManager.default.createFile(atPath: scratch.appendingPathComponent("tmp.AbCdEf").path, contents: Data("x".utf8))

        #expect(ReportFileSet.removeOwnTemporaries(in: directory) == 3)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
                == [committed, anotherRun, "notes.tmp", ".team-summary-2025-W32.csv.pending"].sorted())
    }

    @Test func aSetThatFailsBeforeItsCommitLeavesTheOldFilesAndNoTemporaries() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let old = try ReportWriter.write(Fixtures.helpDeskReport(), formats: [.html, .csv], to: directory)
        let before = try old.map { try Data(contentsOf: $0) }
        var set = ReportFileSet(directory: directory)
        try set.stage(Array("new".utf8), as: old[0])
        #expect(throws: ReportWriteError.self) {
            try set.stage(producing: old[1]) { (temporary) throws(ReportWriteError) in
                throw .cannotWrite(path: temporary.path, reason: "simulated full disk")
            }
        }
        #expect(try old.map { try Data(contentsOf: $0) } == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == old.map(\.lastPathComponent).sorted())
    }

    @Test func aPlantedSymlinkAtATemporaryNameIsNotFollowed() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let victim = directory.appendingPathComponent("victim.txt")
        try "keep".write(to: victim, atomically: true, encoding: .utf8)
        let planted = directory.appendingPathComponent("report.html.tmp")
        try FileManager.default.createSymbolicLink(at: planted, withDestinationURL: victim)
        #expect(throws: ReportWriteError.self) { try AtomicFile.writeNew(Array("evil".utf8), to: planted) }
        #expect(try String(contentsOf: victim, encoding: .utf8) == "keep")
    }
}
