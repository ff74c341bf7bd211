import Testing
import SLAModel
import SLAEngine
@testable import SLASynthetic

/// osTicket's due-date arithmetic, checked against the cases in reference/osticket.md
/// (confirmed there by running osTicket 1.18.1's own PHP).
@Suite struct DueDateTests {
    let newYork = ZoneRules.named("America/New_York")!

    func due(_ schedule: OsTicketSchedule, _ hours: Int, from local: LocalDateTime) -> String {
        newYork.localTime(of: schedule.osTicketDueDate(addingHours: hours, to: newYork.instant(of: local), in: newYork))
            .sqlStyle
    }

    @Test func defaultSLAOnBusinessHours() {
        let weekdays = OsTicketSchedule.mondayToFriday8to5WithUSHolidays
        #expect(due(weekdays, 18, from: LocalDateTime(year: 2023, month: 10, day: 2, hour: 9, minute: 15, second: 22))
            == "2023-10-04 09:15:22")
        // An exact fit is carried on to the next window: Mon 08:00 + 18 h = Wed 08:00, not Tue 17:00.
        #expect(due(weekdays, 18, from: LocalDateTime(year: 2023, month: 10, day: 2, hour: 8)) == "2023-10-04 08:00:00")
        // ... unless the batch has no dates left.
        #expect(due(weekdays, 45, from: LocalDateTime(year: 2023, month: 10, day: 6, hour: 8)) == "2023-10-13 17:00:00")
        // ... or the next date is a holiday (Indigenous Peoples' Day): its 23:59:59.
        #expect(due(weekdays, 9, from: LocalDateTime(year: 2023, month: 10, day: 6, hour: 8)) == "2023-10-09 23:59:59")
        // Created on a Saturday: counted from Monday 08:00; the exact fit ends the four-date batch
        // (Sat-Tue), so it stays at Tuesday 17:00.
        #expect(due(weekdays, 18, from: LocalDateTime(year: 2025, month: 8, day: 2, hour: 11)) == "2025-08-05 17:00:00")
        // From a Sunday the batch (Sun-Wed) has Wednesday left: Wednesday 08:00.
        #expect(due(weekdays, 18, from: LocalDateTime(year: 2025, month: 8, day: 3, hour: 11)) == "2025-08-06 08:00:00")
    }

    @Test func holidayDatesFollowPHPRelativeFormats() {
        let rules = OsTicketSchedule.mondayToFriday8to5WithUSHolidays
        // Labor Day 2025: September 1 is a Monday, osTicket's "first Monday" is September 8.
        #expect(rules.isHoliday(CivilDate(year: 2025, month: 9, day: 8)))
        #expect(!rules.isHoliday(CivilDate(year: 2025, month: 9, day: 1)))
        #expect(rules.isHoliday(CivilDate(year: 2024, month: 1, day: 22)))
        #expect(rules.isHoliday(CivilDate(year: 2025, month: 5, day: 26)))  // last Monday of May
        #expect(rules.isHoliday(CivilDate(year: 2025, month: 7, day: 4)))
    }

    @Test func roundTheClockLosesASecondPerMidnightAndHandlesDST() {
        let allDay = OsTicketSchedule.allDay
        #expect(due(allDay, 1, from: LocalDateTime(year: 2025, month: 8, day: 5, hour: 15, minute: 58, second: 40))
            == "2025-08-05 16:58:40")
        #expect(due(allDay, 24, from: LocalDateTime(year: 2023, month: 10, day: 4)) == "2023-10-05 00:00:01")
        // Spring forward: the elapsed-time backtrack makes the due time the creation time.
        #expect(due(allDay, 1, from: LocalDateTime(year: 2023, month: 3, day: 12, hour: 1, minute: 59, second: 59))
            == "2023-03-12 01:59:59")
        // Fall back: 23:00 EDT + 1 h = 01:00:01 EDT (two real hours).
        let late = newYork.instant(of: LocalDateTime(year: 2023, month: 11, day: 4, hour: 23))
        let lateDue = allDay.osTicketDueDate(addingHours: 1, to: late, in: newYork)
        #expect(late.seconds(to: lateDue) == 7201)
        // A due time in the repeated hour is its second occurrence (EST).
        let midnight = newYork.instant(of: LocalDateTime(year: 2023, month: 11, day: 5))
        let midnightDue = allDay.osTicketDueDate(addingHours: 1, to: midnight, in: newYork)
        #expect(midnight.seconds(to: midnightDue) == 7200)
        #expect(newYork.localTime(of: midnightDue).sqlStyle == "2023-11-05 01:00:00")
    }

    @Test func workingClockIsExact() {
        let clock = WorkingClock(schedule: .mondayToFriday8to5WithUSHolidays, zone: newYork)
        let friday = newYork.instant(of: LocalDateTime(year: 2025, month: 8, day: 1, hour: 16))
        let monday = clock.adding(7200, to: friday)
        #expect(newYork.localTime(of: monday).sqlStyle == "2025-08-04 09:00:00")
        #expect(clock.seconds(from: friday, to: monday) == 7200)
        // July 4th 2025 (a Friday) is not worked.
        let thursday = newYork.instant(of: LocalDateTime(year: 2025, month: 7, day: 3, hour: 16))
        #expect(newYork.localTime(of: clock.adding(3600, to: thursday)).sqlStyle == "2025-07-07 08:00:00")
    }
}
