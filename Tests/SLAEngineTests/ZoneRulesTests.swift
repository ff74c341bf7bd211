import Testing
import SLAModel
@testable import SLAEngine

@Suite struct ZoneRulesTests {
    let newYork = ZoneRules.named("America/New_York")!
    let berlin = ZoneRules.named("Europe/Berlin")!

    @Test func unknownZoneIsNil() {
        #expect(ZoneRules.named("Mars/Olympus_Mons") == nil)
    }

    /// Foundation takes abbreviations and offsets as identifiers (a stranger's trial: `IST` read
    /// an Israeli desk's times as India's, 2.5 h off, exit 0); only tz database names are zones.
    @Test func abbreviationsAndOffsetsAreNoZones() {
        for name in ["IST", "BST", "CST", "GMT+5", "UTC+05:45", "asia/kolkata", "../zoneinfo/UTC", "Asia"] {
            #expect(ZoneRules.named(name) == nil, "\(name)")
        }
        // The tz database has these, as abbreviations or POSIX rules: `EST` is a fixed -05:00 all
        // year, not New York's time, which a policy naming it meant (a stranger's trial).
        for name in ["EST", "MST", "HST", "CET", "EST5EDT", "PST8PDT"] {
            #expect(ZoneRules.named(name) == nil, "\(name)")
        }
        for name in ["Asia/Kolkata", "Asia/Calcutta", "Asia/Kathmandu", "Etc/GMT+5", "America/Panama", "UTC", "GMT", "US/Eastern"] {
            #expect(ZoneRules.named(name) != nil, "\(name)")
        }
        // The tz database's sign: Etc/GMT+5 is five hours behind UTC.
        #expect(ZoneRules.named("Etc/GMT+5")?.offset(at: Instant(secondsSinceEpoch: 0)) == -18_000)
    }

    @Test func winterAndSummerOffsets() {
        // 2025-01-15T12:00:00Z is EST (-5 h); 2025-07-15T12:00:00Z is EDT (-4 h).
        #expect(newYork.offset(at: Instant(utc: CivilDate(year: 2025, month: 1, day: 15), secondOfDay: 43_200)) == -18_000)
        #expect(newYork.offset(at: Instant(utc: CivilDate(year: 2025, month: 7, day: 15), secondOfDay: 43_200)) == -14_400)
        #expect(berlin.offset(at: Instant(utc: CivilDate(year: 2025, month: 7, day: 15), secondOfDay: 0)) == 7_200)
    }

    @Test func springGapMovesForwardByTheGap() {
        // 2025-03-09 02:30 does not exist in New York; read with EST it is 07:30Z = 03:30 EDT.
        let local = LocalDateTime(year: 2025, month: 3, day: 9, hour: 2, minute: 30)
        guard case .gap(let instant) = newYork.resolve(local) else { Issue.record("expected a gap"); return }
        #expect(instant.iso8601 == "2025-03-09T07:30:00Z")
        #expect(newYork.localTime(of: instant).iso8601 == "2025-03-09T03:30:00")
    }

    @Test func autumnOverlapTakesTheFirstOccurrence() {
        // 2025-11-02 01:30 happens twice in New York: 05:30Z (EDT) and 06:30Z (EST).
        let local = LocalDateTime(year: 2025, month: 11, day: 2, hour: 1, minute: 30)
        #expect(newYork.resolve(local) == .overlap(
            earlier: Instant(utc: CivilDate(year: 2025, month: 11, day: 2), secondOfDay: 5 * 3600 + 1800),
            later: Instant(utc: CivilDate(year: 2025, month: 11, day: 2), secondOfDay: 6 * 3600 + 1800)))
        #expect(newYork.instant(of: local).iso8601 == "2025-11-02T05:30:00Z")
    }

    @Test func berlinTransitions() {
        // Spring 2025-03-30 02:00 -> 03:00; autumn 2025-10-26 03:00 -> 02:00.
        #expect(berlin.instant(of: LocalDateTime(year: 2025, month: 3, day: 30, hour: 2, minute: 15)).iso8601
                == "2025-03-30T01:15:00Z")
        #expect(berlin.instant(of: LocalDateTime(year: 2025, month: 10, day: 26, hour: 2, minute: 15)).iso8601
                == "2025-10-26T00:15:00Z")
    }

    @Test func roundTripEveryHourOfAYear() {
        var instant = Instant(utc: CivilDate(year: 2024, month: 1, day: 1))
        let end = Instant(utc: CivilDate(year: 2025, month: 1, day: 1))
        while instant < end {
            let local = newYork.localTime(of: instant)
            let back = newYork.resolve(local)
            switch back {
            case .unique(let i): #expect(i == instant)
            case .overlap(let a, let b): #expect(a == instant || b == instant)
            case .gap: Issue.record("a real instant's local time cannot be in a gap")
            }
            instant = instant.adding(seconds: 3600)
        }
    }
}
