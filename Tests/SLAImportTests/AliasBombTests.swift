import Foundation
import Testing
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
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bomb-\(UUID().uuidString).yaml")
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

    @Test func deepNestingIsRefused() {
        let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        let error = #expect(throws: YAMLDocumentError.self) { _ = try YAMLDocument(deep, file: "deep.yaml") }
        #expect(error?.message.contains("nested more than") == true)
    }
}
