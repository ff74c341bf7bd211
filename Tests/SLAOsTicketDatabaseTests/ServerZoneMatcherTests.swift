import Foundation
import Testing
import SLAModel
import SLAEngine
@testable import SLAOsTicketDatabase

/// Finding a server's IANA zone from the offsets it reports (its `@@system_time_zone` is only `EST`).
@Suite struct ServerZoneMatcherTests {
    /// A server whose clock follows `rules`, optionally wrong at some instants.
    private func server(_ rules: ZoneRules, wrongAt: Set<Int64> = []) -> ([Int64]) -> [Int] {
        { instants in instants.map { rules.offset(at: Instant(secondsSinceEpoch: $0)) + (wrongAt.contains($0) ? 3600 : 0) } }
    }

    @Test func aNewYorkServerIsNewYorkAmongItsEquivalents() throws {
        let newYork = try #require(ZoneRules.named("America/New_York"))
        var asked = 0
        let match = ServerZoneMatcher.match { (instants: [Int64]) -> [Int] in asked += 1; return server(newYork)(instants) }
        guard case .zone(let zone, let equivalents) = match else { Issue.record("no zone: \(match)"); return }
        // America/Detroit sorts first and keeps the same offsets since 1990: osTicket's name is preferred.
        #expect(zone == "America/New_York")
        #expect(equivalents.contains("America/Detroit"))
        #expect(!equivalents.contains("America/Chicago") && !equivalents.contains("America/Indiana/Indianapolis"))
        #expect(asked == 2)   // the coarse round and every offset change of the survivors
    }

    @Test func otherZonesAreFoundByTheirOffsets() throws {
        for name in ["Europe/Berlin", "Australia/Sydney", "Asia/Kolkata", "America/Phoenix"] {
            let rules = try #require(ZoneRules.named(name))
            guard case .zone(let zone, _) = ServerZoneMatcher.match(offsets: server(rules)) else {
                Issue.record("\(name): no zone"); continue
            }
            #expect(ZoneRules.named(zone).map { z in ServerZoneMatcher.coarseInstants.allSatisfy {
                z.offset(at: Instant(secondsSinceEpoch: $0)) == rules.offset(at: Instant(secondsSinceEpoch: $0)) } } == true)
        }
    }

    @Test func aServerWrongAtOneDSTChangeMatchesNoZone() throws {
        // The coarse round (January and July) cannot see it; the second round probes every change.
        let newYork = try #require(ZoneRules.named("America/New_York"))
        let spring2025 = Instant(secondsSinceEpoch: 1_741_503_600).secondsSinceEpoch   // 2025-03-09 07:00 UTC, 02:00 EST
        #expect(newYork.offset(at: Instant(secondsSinceEpoch: spring2025)) == -4 * 3600)
        let match = ServerZoneMatcher.match(candidates: ["America/New_York", "America/Detroit", "America/Toronto"],
                                            offsets: server(newYork, wrongAt: [spring2025]))
        #expect(match == .none)
    }

    @Test func anOffsetNoZoneHasMatchesNone() {
        #expect(ServerZoneMatcher.match { instants in instants.map { _ in 12_345 } } == .none)
    }

    @Test func offsetChangesAreFoundToTheSecond() throws {
        let newYork = try #require(ZoneRules.named("America/New_York"))
        let changes = ServerZoneMatcher.changes(of: newYork)
        #expect(changes.contains(1_741_503_600))                         // 2025-03-09 02:00 EST
        #expect(changes.contains(1_762_063_200))                         // 2025-11-02 02:00 EDT
        #expect(changes.count == 2 * (2037 - 1990 + 1))
    }
}
