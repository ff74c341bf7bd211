import SLAEngine
import SLAModel
import Testing
@testable import SLAReports

@Suite struct ReportPeriodTests {
    let newYork = Fixtures.newYork

    @Test func week32Of2025RunsFromMondayAugust4ToSundayAugust10() throws {
        let period = try ReportPeriod.isoWeek(parsing: "2025-W32", in: newYork)
        #expect(period.firstDay == CivilDate(year: 2025, month: 8, day: 4))
        #expect(period.lastDay == CivilDate(year: 2025, month: 8, day: 10))
        #expect(period.start.iso8601 == "2025-08-04T04:00:00Z")
        #expect(period.end.iso8601 == "2025-08-11T04:00:00Z")
        #expect(period.durationSeconds == 168 * 3600)
        #expect(period.label == "2025-W32")
        #expect(period.title == "Week 32, 2025")
        #expect(period.dateRange == "Mon 4 Aug 2025 – Sun 10 Aug 2025")
        #expect(period.previous.label == "2025-W31")
        #expect(period.previous.end == period.start)
    }

    @Test func periodIncludesStartAndExcludesEnd() {
        let period = Fixtures.week32
        #expect(period.contains(period.start))
        #expect(!period.contains(period.end))
        #expect(period.contains(period.end.adding(seconds: -1)))
        #expect(!period.contains(period.start.adding(seconds: -1)))
    }

    @Test func weekWithSpringForwardIs167Hours() {
        // New York springs forward on Sunday 2025-03-09, in 2025-W10.
        let period = ReportPeriod.isoWeek(ISOWeek(year: 2025, week: 10)!, in: newYork)
        #expect(period.firstDay == CivilDate(year: 2025, month: 3, day: 3))
        #expect(period.start.iso8601 == "2025-03-03T05:00:00Z")
        #expect(period.end.iso8601 == "2025-03-10T04:00:00Z")
        #expect(period.durationSeconds == 167 * 3600)
    }

    @Test func weekWithFallBackIs169Hours() {
        // New York falls back on Sunday 2025-11-02, in 2025-W44.
        let period = ReportPeriod.isoWeek(ISOWeek(year: 2025, week: 44)!, in: newYork)
        #expect(period.firstDay == CivilDate(year: 2025, month: 10, day: 27))
        #expect(period.durationSeconds == 169 * 3600)
    }

    @Test func weeksNearNewYearBelongToTheirThursdaysYear() {
        #expect(ISOWeek(containing: CivilDate(year: 2024, month: 12, day: 30)).description == "2025-W01")
        #expect(ISOWeek(containing: CivilDate(year: 2021, month: 1, day: 3)).description == "2020-W53")
        #expect(ISOWeek(year: 2025, week: 1)!.monday == CivilDate(year: 2024, month: 12, day: 30))
        #expect(ISOWeek.weeks(in: 2025) == 52)
        #expect(ISOWeek.weeks(in: 2026) == 53)
        #expect(ISOWeek.weeks(in: 2020) == 53)
        #expect(ISOWeek(year: 2025, week: 1)!.previous.description == "2024-W52")
        #expect(ISOWeek(year: 2026, week: 53)!.next.description == "2027-W01")
    }

    @Test func parsesWeekForms() throws {
        #expect(try ISOWeek(parsing: "2025-W32") == ISOWeek(year: 2025, week: 32))
        #expect(try ISOWeek(parsing: "2025W32") == ISOWeek(year: 2025, week: 32))
        #expect(try ISOWeek(parsing: " 2025-w05 ") == ISOWeek(year: 2025, week: 5))
    }

    @Test(arguments: ["", "W32", "2025-32", "2025-W", "2025-W3", "2025-W032", "2025-W32x", "25-W32", "2025/W32", "２０２５-W32"])
    func rejectsMalformedWeeks(_ text: String) {
        #expect(throws: ReportPeriodError.malformedWeek(text)) { try ISOWeek(parsing: text) }
    }

    @Test func rejectsWeeksTheYearDoesNotHave() {
        #expect(throws: ReportPeriodError.weekOutOfRange(year: 2025, week: 53, weeksInYear: 52)) {
            try ISOWeek(parsing: "2025-W53")
        }
        #expect(throws: ReportPeriodError.weekOutOfRange(year: 2025, week: 0, weeksInYear: 52)) {
            try ISOWeek(parsing: "2025-W00")
        }
        let message = ReportPeriodError.weekOutOfRange(year: 2025, week: 53, weeksInYear: 52).description
        #expect(message.contains("52 weeks") && message.contains("1 to 52"))
        #expect(ReportPeriodError.malformedWeek("2025-32").description.contains("YYYY-Www"))
    }

    @Test func lastCompleteWeekIsTheWeekBeforeTheAsOfWeek() {
        let zone = newYork
        #expect(ReportPeriod.lastCompleteISOWeek(before: Fixtures.ny(2025, 8, 13, 12), in: zone).label == "2025-W32")
        // Exactly at local Monday midnight the week before has just ended.
        #expect(ReportPeriod.lastCompleteISOWeek(before: Fixtures.ny(2025, 8, 11, 0), in: zone).label == "2025-W32")
        #expect(ReportPeriod.lastCompleteISOWeek(before: Fixtures.ny(2025, 8, 10, 23, 59), in: zone).label == "2025-W31")
        // Monday 02:00 UTC is still Sunday evening in New York.
        let mondayUTC = Instant(utc: CivilDate(year: 2025, month: 8, day: 11), secondOfDay: 7_200)
        #expect(ReportPeriod.lastCompleteISOWeek(before: mondayUTC, in: zone).label == "2025-W31")
        #expect(ReportPeriod.lastCompleteISOWeek(before: mondayUTC, in: .utc).label == "2025-W32")
    }

    @Test func trailingPeriodsEndWithThePeriod() {
        let labels = Fixtures.week32.trailing(12).map(\.label)
        #expect(labels.count == 12)
        #expect(labels.first == "2025-W21")
        #expect(labels.last == "2025-W32")
    }

    @Test func monthsAndCustomRangesHaveTheSameShape() throws {
        let august = try ReportPeriod.month(year: 2025, month: 8, in: newYork)
        #expect(august.label == "2025-08")
        #expect(august.lastDay == CivilDate(year: 2025, month: 8, day: 31))
        #expect(august.previous.label == "2025-07")
        #expect(try ReportPeriod.month(year: 2025, month: 1, in: newYork).previous.label == "2024-12")
        let fortnight = try ReportPeriod.days(from: CivilDate(year: 2025, month: 8, day: 4),
                                              through: CivilDate(year: 2025, month: 8, day: 17), in: newYork)
        #expect(fortnight.fileStem == "2025-08-04_2025-08-17")
        #expect(fortnight.previous.label == "2025-07-21..2025-08-03")
        #expect(throws: ReportPeriodError.self) {
            try ReportPeriod.days(from: CivilDate(year: 2025, month: 8, day: 4),
                                  through: CivilDate(year: 2025, month: 8, day: 3), in: newYork)
        }
    }

    @Test func parsesMonthsDatesAndZones() throws {
        #expect(try ReportPeriod.month(parsing: "2025-08", in: newYork).label == "2025-08")
        #expect(throws: ReportPeriodError.malformedMonth("2025-13")) { try ReportPeriod.month(parsing: "2025-13", in: newYork) }
        #expect(try ReportPeriod.days(parsingFrom: "2025-08-04", through: "2025-08-06", in: newYork).durationSeconds == 3 * 86_400)
        #expect(throws: ReportPeriodError.malformedDate("2025-02-30")) { try ReportPeriod.parseDate("2025-02-30") }
        #expect(throws: ReportPeriodError.unknownTimeZone("Mars/Base")) { try ReportPeriod.zone(named: "Mars/Base") }
        #expect(try ReportPeriod.zone(named: "America/New_York").identifier == "America/New_York")
    }
}
