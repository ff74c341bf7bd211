import Foundation
import Testing
import SLAPipeline

/// The README's profile catalogue quotes what each shipped profile and policy make of their
/// real log (as of the data's end). These are those figures, recomputed through the pipeline,
/// so that a change of the engine that moves them also moves the README.
@Suite struct ProfileCatalogueFiguresTests {
    struct Entry: Sendable, CustomTestStringConvertible {
        var profile: String
        var policy: String
        var dataset: String
        var tickets: Int
        var events: Int
        var cycles: Int
        var breached: Int
        var testDescription: String { profile }
    }

    static let shared = PipelineEndToEndTests.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/datasets")
    static let entries = [
        Entry(profile: "bpic2013-incidents", policy: "bpic2013-policy",
              dataset: "bpic2013-incidents/derived/bpic2013_incidents_from_xes.csv.gz",
              tickets: 7_554, events: 65_533, cycles: 8_134, breached: 897),
        Entry(profile: "helpdesk-italian", policy: "helpdesk-italian-policy", dataset: "helpdesk-italian/finale.csv",
              tickets: 4_580, events: 21_348, cycles: 4_741, breached: 1_681),
    ]
    static let available: Bool = {
        let present = entries.allSatisfy { FileManager.default.fileExists(atPath: shared.appendingPathComponent($0.dataset).path) }
        if !present { print("skipping ProfileCatalogueFiguresTests: the shared datasets are not checked out beside the package (\(shared.path))") }
        return present
    }()

    @Test(.enabled(if: available), arguments: entries)
    func theCatalogueFiguresAreWhatTheToolComputes(_ entry: Entry) throws {
        let folder = try PipelineEndToEndTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let profiles = PipelineEndToEndTests.packageRoot.appendingPathComponent("sample-data/profiles")
        let database = folder.appendingPathComponent("desk.sqlite").path
        let profile = try ProfileSource.load(profiles.appendingPathComponent(entry.profile + ".yaml").path)
        let imported = try ImportPipeline.importFiles(
            [ImportInput(path: Self.shared.appendingPathComponent(entry.dataset).path, profile: profile)],
            database: database, sourceZone: nil, onError: .fail)
        #expect(imported.files.map(\.run.ticketsInserted) == [entry.tickets])
        #expect(imported.files.map(\.run.eventsInserted) == [entry.events])
        let recomputed = try RecomputePipeline.recompute(
            database: database, policyPath: profiles.appendingPathComponent(entry.policy + ".yaml").path,
            zone: "UTC", asOf: "data", replayAll: false)
        #expect(recomputed.resolutionCycles == entry.cycles)
        #expect(recomputed.breached == entry.breached)
    }
}
