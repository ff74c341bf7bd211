import Foundation
import Testing

/// A full or closed standard error (a cron log on a full disk) or standard output: every note and
/// error crashed the process with exit 132 (Foundation's `FileHandle.write` traps), `run` died after
/// its import had committed, and `query > out.csv` on a full disk exited 0 with nothing written
/// (a stranger's trial). Now the work and the exit code stand; only `query`, whose answer is its
/// output, fails with exit 1.
@Suite struct FullOrClosedStreamsTests {
    /// Runs `slareport` in `scratch` with standard output and error sent to `/dev/full` (or closed).
    static func run(_ arguments: [String], in scratch: Scratch, output: FileHandle?, error: FileHandle?) throws -> Int32 {
        let process = Process()
        process.executableURL = CommandLine_.executable
        process.arguments = arguments
        process.currentDirectoryURL = scratch.folder
        process.standardOutput = output ?? FileHandle.nullDevice
        process.standardError = error ?? FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test func errorsAndNotesIntoAFullStandardErrorKeepTheirExitCodeAndTheWork() throws {
        let scratch = try Scratch()
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        #expect(try Self.run(["import", "-d", "desk.sqlite", "missing.csv"], in: scratch, output: nil, error: full) == 2)
        // The seed imported, then recomputed under a policy without the seed's plans: a note on standard error.
        #expect(try Self.run(["import", "-d", "desk.sqlite", "--source-zone", "America/New_York", Scratch.seedTickets, Scratch.seedHistory],
                             in: scratch, output: full, error: full) == 0)
        let policy = try scratch.write("p.yaml", "name: P\ndefault_plan: A\nplans: [{name: A, resolution: 8h}]\n")
        #expect(try Self.run(["recompute", "-d", "desk.sqlite", "--policy", policy, "--as-of", "data"],
                             in: scratch, output: full, error: full) == 0)
        let counted = try scratch.run(["query", "-d", "desk.sqlite", "SELECT COUNT(*) FROM recompute_runs"])
        #expect(counted.output.contains("1"), "\(counted.output)")
    }

    @Test func aQueryWhoseAnswerCannotBeWrittenFails() throws {
        let scratch = try Scratch()
        #expect(try scratch.importSeed().status == 0)
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        for format in ["table", "csv", "json"] {
            #expect(try Self.run(["query", "-d", "desk.sqlite", "--format", format, "SELECT number FROM tickets"],
                                 in: scratch, output: full, error: nil) == 1, "\(format)")
        }
    }
}
