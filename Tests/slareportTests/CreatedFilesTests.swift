import Foundation
import Testing

/// The files slareport creates hold requester names and e-mail addresses: owner-only by
/// default, as `--file-mode` says otherwise; and no planted symlink is ever followed.
@Suite struct CreatedFilesTests {
    static func mode(_ path: String) throws -> Int {
        ((try FileManager.default.attributesOfItem(atPath: path))[.posixPermissions] as? Int) ?? -1
    }

    @Test func databaseWALAndReportsAreOwnerOnlyByDefault() throws {
        let scratch = try Scratch()
        #expect(try scratch.importSeed().status == 0)
        #expect(try scratch.run(["recompute", "-d", "desk.sqlite", "--as-of", "data", "--quiet"]).status == 0)
        #expect(try Self.mode(scratch.path("desk.sqlite")) == 0o600)
        #expect(try Self.mode(scratch.path("desk.sqlite.lock")) == 0o600)
        #expect(try scratch.run(["report", "-d", "desk.sqlite", "--output", "out/weekly", "--quiet"]).status == 0)
        #expect(try Self.mode(scratch.path("out")) == 0o700)
        #expect(try Self.mode(scratch.path("out/weekly")) == 0o700)
        let files = try FileManager.default.contentsOfDirectory(atPath: scratch.path("out/weekly"))
        #expect(files.count >= 6)
        for file in files { #expect(try Self.mode(scratch.path("out/weekly/" + file)) == 0o600, "\(file)") }
    }

    @Test func fileModeWidensWhatIsCreated() throws {
        let scratch = try Scratch()
        #expect(try scratch.importSeed(["--file-mode", "0640"]).status == 0)
        #expect(try Self.mode(scratch.path("desk.sqlite")) == 0o640)
        #expect(try scratch.run(["recompute", "-d", "desk.sqlite", "--as-of", "data", "--quiet"]).status == 0)
        #expect(try scratch.run(["report", "-d", "desk.sqlite", "--output", "out", "--quiet", "--file-mode", "0644"]).status == 0)
        #expect(try Self.mode(scratch.path("out")) == 0o755)
        for file in try FileManager.default.contentsOfDirectory(atPath: scratch.path("out")) {
            #expect(try Self.mode(scratch.path("out/" + file)) == 0o644, "\(file)")
        }
        let bad = try scratch.run(["recompute", "-d", "desk.sqlite", "--file-mode", "0777"])
        #expect(bad.status == 2)
    }

    @Test func aSymlinkPlantedAtTheRejectsTemporaryNameIsNotFollowed() throws {
        let scratch = try Scratch()
        let victim = try scratch.write("victim.txt", "precious\n")
        try FileManager.default.createSymbolicLink(atPath: scratch.path("desk.sqlite.rejects.csv.tmp"), withDestinationPath: victim)
        // And what an import killed while writing its rejects left (pid above Linux's largest).
        let stale = try scratch.write("desk.sqlite.rejects.csv.9999999-ab.tmp", "half")
        // The seed export's header and first ticket, then a ticket with a bad date.
        let seed = try String(contentsOfFile: Scratch.seedTickets, encoding: .utf8).split(separator: "\n").prefix(2)
        let columns = seed[0].split(separator: ",").count
        let badRow = ["999", "not a date"] + Array(repeating: "x", count: columns - 2)
        let bad = try scratch.write("bad.csv", seed.joined(separator: "\n") + "\n" + badRow.joined(separator: ",") + "\n")
        let result = try scratch.run(["import", "-d", "desk.sqlite", "--on-error", "skip", "--quiet", bad])
        #expect(result.status == 0, "\(result.error)")
        // Quiet, it still says on standard error that a row was left out, and where it went.
        #expect(result.output.isEmpty, "\(result.output)")
        #expect(result.error.contains("slareport: note: 1 reject (on_error: skip) written to "), "\(result.error)")
        #expect(result.error.contains("desk.sqlite.rejects.csv; the other rows were imported"), "\(result.error)")
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious\n")
        let rejects = try String(contentsOfFile: scratch.path("desk.sqlite.rejects.csv"), encoding: .utf8)
        #expect(rejects.contains("not a date"))
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(try Self.mode(scratch.path("desk.sqlite.rejects.csv")) == 0o600)
    }
}
