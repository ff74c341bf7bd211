import Foundation
import Testing
import TestScratch
@testable import SLAImport

/// The quick variant of `slareport fuzz`: the committed corpus (seeds and former crashers)
/// and a few seconds of seeded mutations, in process. A trap fails the whole test run; a hang
/// hits the time limit.
@Suite struct FuzzQuickTests {
    static let corpus = URL(fileURLWithPath: Fixtures.path("fuzz-corpus"))

    struct Seed {
        var target: FuzzTarget
        var name: String
        var bytes: [UInt8]
    }

    static func seeds() throws -> [Seed] {
        try FuzzTarget.allCases.flatMap { target in
            let folder = corpus.appendingPathComponent(target.rawValue)
            return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().map {
                Seed(target: target, name: $0, bytes: Array(try Data(contentsOf: folder.appendingPathComponent($0))))
            }
        }
    }

    /// Each test's own folder (Swift Testing makes a suite value per test), removed after it.
    let temporary: TemporaryFolder

    init() throws { temporary = try TemporaryFolder("fuzz-quick") }

    func scratch() throws -> URL { temporary.url }

    @Test func everyTargetHasSeedsAndTheSeedsAreAccepted() throws {
        let seeds = try Self.seeds()
        #expect(Set(seeds.map(\.target)) == Set(FuzzTarget.allCases))
        let folder = try scratch()
        for seed in seeds where !seed.name.hasPrefix("crash-") && !seed.name.hasPrefix("hang-") {
            let outcome = seed.target.run(seed.bytes, fileExtension: (seed.name as NSString).pathExtension, scratch: folder)
            #expect(outcome == .accepted, "\(seed.target.rawValue)/\(seed.name): \(outcome)")
        }
    }

    @Test(.timeLimit(.minutes(2))) func seededMutationsForAFewSeconds() throws {
        let seeds = try Self.seeds()
        let folder = try scratch()
        var mutators = Dictionary(uniqueKeysWithValues: FuzzTarget.allCases.map { target in
            (target, InputMutator(seed: 11, seeds: seeds.filter { $0.target == target }.map(\.bytes)))
        })
        let deadline = ContinuousClock.now + .seconds(3)
        var runs = 0, refused = 0
        while ContinuousClock.now < deadline {
            let seed = seeds[runs % seeds.count]
            let index = mutators[seed.target]!.seeds.firstIndex(of: seed.bytes)!
            let input = mutators[seed.target]!.next(from: index)
            let start = ContinuousClock.now
            if case .refused = seed.target.run(input, fileExtension: (seed.name as NSString).pathExtension, scratch: folder) {
                refused += 1
            }
            // Each input is tiny: anything slow is a near-hang worth a look.
            #expect(ContinuousClock.now - start < .seconds(10), "\(seed.target.rawValue) from \(seed.name)")
            runs += 1
        }
        #expect(runs > seeds.count)
        // Mutations must reach the error paths, not only the happy path.
        #expect(refused > 0)
    }

    @Test func mutationsAreReproducibleFromTheSeed() {
        var a = InputMutator(seed: 5, seeds: [Array("a,b\n1,2\n".utf8)])
        var b = InputMutator(seed: 5, seeds: [Array("a,b\n1,2\n".utf8)])
        #expect((0..<50).map { _ in a.next(from: 0) } == (0..<50).map { _ in b.next(from: 0) })
    }
}
