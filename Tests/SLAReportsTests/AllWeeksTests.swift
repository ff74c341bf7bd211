import SLAEngine
import SLAModel
import Testing
@testable import SLAReports

/// `--all-weeks` runs from the first ticket's week through the as-of week, and refuses more
/// than `maximumAllWeeks` weeks (a ticket dated year 1 once meant 23,000 reports).
@Suite struct AllWeeksTests {
    let newYork = Fixtures.newYork

    func instant(_ text: String) -> Instant {
        Instant(secondsSinceEpoch: Fixtures.newYork.instant(of: LocalDateTime(
            date: CivilDate(year: Int(text.prefix(4))!, month: Int(text.dropFirst(5).prefix(2))!, day: Int(text.dropFirst(8).prefix(2))!),
            secondOfDay: 12 * 3600)).secondsSinceEpoch)
    }

    @Test func startsAtTheFirstTicketsWeekAndEndsAtTheAsOfWeek() throws {
        // First ticket Wednesday of 2025-W30; as-of Thursday of 2025-W33 (begun, so included).
        let weeks = try ReportPeriod.allISOWeeks(from: instant("2025-07-23"), asOf: instant("2025-08-14"), in: newYork)
        #expect(weeks.map(\.label) == ["2025-W30", "2025-W31", "2025-W32", "2025-W33"])
        #expect(zip(weeks, weeks.dropFirst()).allSatisfy { $0.end == $1.start })
    }

    @Test func firstTicketAfterAsOfGivesNothing() throws {
        #expect(try ReportPeriod.allISOWeeks(from: instant("2025-09-01"), asOf: instant("2025-08-14"), in: newYork).isEmpty)
    }

    @Test func moreThanTheLimitIsRefusedUnlessForced() throws {
        let start = ContinuousClock.now
        let error = #expect(throws: ReportPeriodError.self) {
            try ReportPeriod.allISOWeeks(from: instant("1970-01-01"), asOf: instant("2099-12-01"), in: newYork)
        }
        #expect(ContinuousClock.now - start < .seconds(5))
        guard case .tooManyPeriods(let count, let limit, let first, let last) = error else {
            Issue.record("expected tooManyPeriods, got \(String(describing: error))"); return
        }
        #expect(limit == 520 && count > 6700 && first == "1970-W01" && last.hasPrefix("2099-W4"))
        #expect(error?.description.contains("--force") == true)
        // Exactly the limit is fine; one more is not.
        let asOf = instant("2025-08-14")
        let ok = try ReportPeriod.allISOWeeks(from: instant("2025-08-14").adding(seconds: -519 * 7 * 86_400), asOf: asOf, in: newYork)
        #expect(ok.count == 520)
        #expect(throws: ReportPeriodError.self) {
            try ReportPeriod.allISOWeeks(from: instant("2025-08-14").adding(seconds: -520 * 7 * 86_400), asOf: asOf, in: newYork)
        }
        let forced = try ReportPeriod.allISOWeeks(from: instant("2015-01-01"), asOf: asOf, in: newYork, limit: nil)
        #expect(forced.count > 520 && forced.first?.label == "2015-W01")
    }
}
