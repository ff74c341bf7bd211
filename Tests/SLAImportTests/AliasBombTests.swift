import Foundation
import Testing
import TestScratch
@testable import SLAImport

/// A "billion laughs" document (nine levels of nine aliases, about 600 bytes) is refused
/// quickly by every configuration loader instead of expanding to gigabytes.
@Suite struct AliasBombTests {
    static let bomb: String = {
        var lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for level in 1...9 {
            let aliases = Array(repeating: "*l\(level - 1)", count: 9).joined(separator: ", ")
            lines.append("l\(level): &l\(level) [\(aliases)]")
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    func expectFastRefusal(_ what: String, _ load: () throws -> Void) {
        let start = ContinuousClock.now
        var message = ""
        do { try load() } catch { message = "\(error)" }
        let elapsed = ContinuousClock.now - start
        #expect(message.contains("expands to more than"), "\(what): \(message)")
        // Generous bound for a loaded machine; unbounded expansion takes minutes and gigabytes.
        #expect(elapsed < .seconds(5), "\(what) took \(elapsed)")
    }

    @Test func bombIsSmall() {
        #expect(Self.bomb.utf8.count < 700)
    }

    @Test func policyRunConfigurationAndProfileRefuseTheBomb() throws {
        expectFastRefusal("policy") { _ = try PolicyFile.parse(Self.bomb, file: "bomb.yaml") }
        expectFastRefusal("profile") { _ = try MappingProfile.parse(Self.bomb, file: "bomb.yaml") }
        let scratch = try TemporaryFolder("bomb")
        let file = scratch.url.appendingPathComponent("bomb.yaml")
        try Self.bomb.write(to: file, atomically: true, encoding: .utf8)
        expectFastRefusal("run configuration") { _ = try RunConfiguration.load(path: file.path) }
    }

    @Test func modestAliasUseStillWorks() throws {
        let policy = try PolicyFile.parse("""
            calendars:
              - {name: C, time_zone: UTC, hours: &office {mon-fri: "08:00-17:00"}}
              - {name: D, time_zone: Europe/Berlin, hours: *office}
            plans: [{name: A, calendar: D, resolution: 1h}]
            """, file: "p.yaml")
        #expect(policy.calendars.count == 2 && policy.calendars[1].windows.count == 5)
    }

    /// A key written as a list or a mapping (YAML's `? ` complex keys) is an error with its
    /// place, not a crash in the value constructor (found by `slareport fuzz`, seed 20261203).
    @Test(arguments: ["? [a, b]\n: 1\n", "? {a: 1}\n: 2\n", "plans:\n  ? - x\n  : y\n", "a: &k [1]\n? *k\n: 3\n"])
    func keysThatAreListsOrMappingsAreRefused(_ text: String) {
        let error = #expect(throws: YAMLDocumentError.self) { _ = try YAMLDocument(text, file: "keys.yaml") }
        #expect(error?.message == "a key must be a plain name, not a list or a mapping")
        #expect(error?.line != nil)
    }

    @Test func deepNestingIsRefused() {
        let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        let error = #expect(throws: YAMLDocumentError.self) { _ = try YAMLDocument(deep, file: "deep.yaml") }
        #expect(error?.message.contains("nested more than") == true)
    }
}
