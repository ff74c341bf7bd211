import ArgumentParser
import Foundation
import SLAImport
import SLAModel

/// `slareport fuzz`: a seeded mutation fuzzer over the readers and configuration loaders.
/// Hidden: a tool for developers. Inputs run in a child process so that a trap is caught as
/// a crash and an input running past `--timeout` as a hang; both are saved for regression tests.
struct FuzzCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz",
        abstract: "Fuzz the readers and loaders with mutated seed inputs (developer tool).",
        shouldDisplay: false)

    @Option(help: "Seed corpus: one folder per target (import, profile, policy, config).")
    var corpus: String = "Tests/SLAImportTests/Fixtures/fuzz-corpus"
    @Option(help: "Time budget in seconds.") var seconds: Double = 60
    @Option(help: "Random seed (the same seed gives the same inputs).") var seed: UInt64 = 1
    @Option(help: "Seconds one input may run before it counts as a hang.") var timeout: Double = 10
    @Option(help: "Folder for crashing and hanging inputs.") var crashes: String = "fuzz-crashes"
    @Option(help: "(internal) Run inputs from this index in this process, announcing each.") var worker: Int?

    struct Seed {
        var target: FuzzTarget
        var fileExtension: String
        var bytes: [UInt8]
    }

    func loadCorpus() throws -> [Seed] {
        var seeds: [Seed] = []
        for target in FuzzTarget.allCases {
            let folder = URL(fileURLWithPath: corpus).appendingPathComponent(target.rawValue)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for name in names.sorted() where !name.hasPrefix(".") {
                let data = try Data(contentsOf: folder.appendingPathComponent(name))
                let ext = (name as NSString).pathExtension
                seeds.append(Seed(target: target, fileExtension: ext.isEmpty ? "csv" : ext, bytes: Array(data)))
            }
        }
        guard !seeds.isEmpty else { throw UserFacingError(description: "\(corpus): no seed inputs", exitCode: 2) }
        return seeds
    }

    /// Input `index`: a seed (round robin) with mutations drawn from (seed, index) alone, so
    /// the supervisor can rebuild the input a worker crashed on.
    static func input(_ index: Int, seed: UInt64, seeds: [Seed]) -> Seed {
        let chosen = seeds[index % seeds.count]
        // The first round is the seeds themselves, unchanged.
        if index < seeds.count { return chosen }
        var mutator = InputMutator(seed: seed &* 0x2545_F491_4F6C_DD1D &+ UInt64(index),
                                   seeds: seeds.filter { $0.target == chosen.target }.map(\.bytes))
        var result = chosen
        result.bytes = mutator.next(from: mutator.seeds.firstIndex(of: chosen.bytes) ?? 0)
        return result
    }

    func run() throws {
        let seeds = try loadCorpus()
        if let start = worker { runWorker(from: start, seeds: seeds) }
        try supervise(seeds: seeds)
    }

    /// Runs inputs forever, printing each index before running it.
    func runWorker(from start: Int, seeds: [Seed]) -> Never {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("slareport-fuzz-\(getpid())")
        try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        var index = start
        while true {
            let input = Self.input(index, seed: seed, seeds: seeds)
            let line = "\(index)\n"
            _ = line.withCString { write(1, $0, strlen($0)) }
            _ = input.target.run(input.bytes, fileExtension: input.fileExtension, scratch: scratch)
            index += 1
        }
    }

    func supervise(seeds: [Seed]) throws {
        let deadline = Date().addingTimeInterval(seconds)
        var next = 0, ran = 0, crashed: [Int] = [], hung: [Int] = []
        try FileManager.default.createDirectory(atPath: crashes, withIntermediateDirectories: true)
        while Date() < deadline {
            let child = Process()
            child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
            child.arguments = ["fuzz", "--corpus", corpus, "--seed", String(seed), "--worker", String(next)]
            // Without the runtime's backtracer a trap ends the worker at once (with it, the
            // worker lingers for seconds writing a backtrace and would look like a hang).
            var environment = ProcessInfo.processInfo.environment
            environment["SWIFT_BACKTRACE"] = "enable=no"
            child.environment = environment
            let pipe = Pipe()
            child.standardOutput = pipe
            child.standardError = FileHandle.nullDevice
            try child.run()
            // Only the worker may hold the write end, so that its death reads as end of file.
            try pipe.fileHandleForWriting.close()
            let fd = pipe.fileHandleForReading.fileDescriptor
            var current: Int? = nil
            var startedAt = Date()
            var pending = ""
            var buffer = [UInt8](repeating: 0, count: 4096)
            var verdict: (index: Int, kind: String)? = nil
            var workerStopped = false
            loop: while true {
                var pollFD = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let ready = poll(&pollFD, 1, 200)
                if ready > 0 {
                    let count = read(fd, &buffer, buffer.count)
                    if count <= 0 {                                     // the worker ended: it crashed
                        child.waitUntilExit()
                        // Unless it was stopped (Ctrl-C reaches the worker too): no finding.
                        let stopped = child.terminationReason == .uncaughtSignal
                            && [SIGINT, SIGTERM, SIGHUP].contains(child.terminationStatus)
                        if stopped { InterruptCleanup.waitIfStopping() }
                        if let current, !stopped { verdict = (current, "crash (exit \(child.terminationStatus))") }
                        // Stopped by someone else: run the same input again in a new worker.
                        if stopped, let current { next = current; workerStopped = true }
                        break loop
                    }
                    pending += String(decoding: buffer[0..<count], as: UTF8.self)
                    while let newline = pending.firstIndex(of: "\n") {
                        if let index = Int(pending[..<newline]) {
                            if current != nil { ran += 1 }
                            current = index
                            startedAt = Date()
                        }
                        pending = String(pending[pending.index(after: newline)...])
                    }
                }
                if let current, Date().timeIntervalSince(startedAt) > timeout {
                    kill(child.processIdentifier, SIGKILL)
                    child.waitUntilExit()
                    verdict = (current, "hang (over \(timeout) s)")
                    break loop
                }
                if Date() >= deadline {
                    kill(child.processIdentifier, SIGKILL)
                    child.waitUntilExit()
                    break loop
                }
            }
            if workerStopped { continue }
            guard let verdict else { break }
            // Stopping, nothing is recorded: the worker may have ended with this process.
            InterruptCleanup.waitIfStopping()
            ran += 1
            let input = Self.input(verdict.index, seed: seed, seeds: seeds)
            let name = "\(verdict.kind.hasPrefix("crash") ? "crash" : "hang")-seed\(seed)-\(verdict.index).\(input.fileExtension)"
            let folder = URL(fileURLWithPath: crashes).appendingPathComponent(input.target.rawValue)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(input.bytes).write(to: folder.appendingPathComponent(name))
            print("input \(verdict.index) (\(input.target.rawValue)): \(verdict.kind); saved as \(folder.path)/\(name)")
            if verdict.kind.hasPrefix("crash") { crashed.append(verdict.index) } else { hung.append(verdict.index) }
            next = verdict.index + 1
        }
        print("fuzz: seed \(seed), \(seeds.count) seeds, \(ran) inputs run in \(Int(seconds)) s; \(crashed.count) crashes, \(hung.count) hangs")
        if !crashed.isEmpty || !hung.isEmpty { throw ExitCode(1) }
    }
}
