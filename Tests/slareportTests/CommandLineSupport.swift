import Foundation
import Testing
import TestScratch

/// Runs the built `slareport` executable, as cron would, in a scratch folder.
struct CommandLine_ {
    /// The built executable beside the test bundle (`swift build --show-bin-path`).
    static let executable: URL = {
        var candidates: [URL] = []
        if let main = Bundle.main.executableURL { candidates.append(main.deletingLastPathComponent()) }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        candidates.append(Bundle.main.bundleURL)
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
        for folder in candidates {
            let url = folder.appendingPathComponent("slareport")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return candidates[0].appendingPathComponent("slareport")
    }()

    /// The repository root (for sample-data).
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
}

/// The outcome of one `slareport` run.
struct RunResult {
    var status: Int32
    var output: String
    var error: String
}

/// A scratch folder with helpers to run `slareport` in it.
struct Scratch {
    /// Removed when the last scratch holding it goes.
    let temporary: TemporaryFolder
    var folder: URL { temporary.url }

    init(under base: URL = FileManager.default.temporaryDirectory) throws {
        temporary = try TemporaryFolder("slareport-cli", under: base)
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    func write(_ name: String, _ text: String) throws -> String {
        try text.write(toFile: path(name), atomically: true, encoding: .utf8)
        return path(name)
    }

    /// Starts `slareport arguments` (or `program arguments`) in the folder without waiting.
    func start(_ arguments: [String], program: URL = CommandLine_.executable) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, out, err)
    }

    /// Runs `slareport arguments` (or `program arguments`, such as `/usr/bin/setpriv` running
    /// slareport as another user) in the folder and waits.
    @discardableResult
    func run(_ arguments: [String], program: URL = CommandLine_.executable) throws -> RunResult {
        let (process, out, err) = try start(arguments, program: program)
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let error = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return RunResult(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
                         error: String(decoding: error, as: UTF8.self))
    }

    /// Runs any program (e.g. `/usr/bin/flock`) without waiting.
    func startProgram(_ program: String, _ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// The sample seed export, imported and recomputed into `desk.sqlite`.
    static let seedTickets = CommandLine_.repository.appendingPathComponent("sample-data/osticket/seed-tickets.csv").path
    static let seedHistory = CommandLine_.repository.appendingPathComponent("sample-data/osticket/seed-history.tsv").path
    static let samplePolicy = CommandLine_.repository.appendingPathComponent("sample-data/policy.yaml").path

    func importSeed(_ extra: [String] = []) throws -> RunResult {
        try run(["import", "-d", "desk.sqlite", "--source-zone", "America/New_York", "--quiet",
                 Self.seedTickets, Self.seedHistory] + extra)
    }

    /// The seed and the generated weeks imported into `desk.sqlite` and recomputed; whether both worked.
    func importAndRecomputeSampleDesk() throws -> Bool {
        let generated = ["generated-tickets.csv", "generated-history.tsv"].map {
            CommandLine_.repository.appendingPathComponent("sample-data/osticket/" + $0).path
        }
        return try importSeed(generated).status == 0
            && run(["recompute", "-d", "desk.sqlite", "--as-of", "data", "--quiet"]).status == 0
    }

    /// Runs `sh -c script` in the folder in a mount namespace of its own (`unshare -m`, so the
    /// script may mount a small tmpfs), `$0` a copy of the built binary in the folder: the
    /// package itself may live under a folder the script hides.
    func runUnshared(_ script: String) throws -> RunResult {
        let binary = folder.appendingPathComponent("slareport")
        if !FileManager.default.fileExists(atPath: binary.path) {
            try FileManager.default.copyItem(at: CommandLine_.executable, to: binary)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        process.arguments = ["-m", "sh", "-c", script, binary.path]
        process.currentDirectoryURL = folder
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let error = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return RunResult(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
                         error: String(decoding: error, as: UTF8.self))
    }
}
