import Testing
import SLAModel
import SLAEngine

/// osTicket's `est_duedate`, reproduced to the second. Expected values come from the
/// reference's worked examples (run on osTicket 1.18.1's own code).
@Suite struct OsTicketDueDateTests {
    typealias E = Fixture
    let defaultSchedule = OsTicketDueDate(calendar: BuiltIn.osTicketBusinessHours(timeZone: "America/New_York"))
    let noHolidays = OsTicketDueDate(calendar: CalendarDefinition(name: "plain", timeZone: "America/New_York",
                                                                  windows: Fixture.weekdays(8, 17)))
    let twentyFourSeven = OsTicketDueDate(calendar: CalendarDefinition(
        name: "24/7", timeZone: "America/New_York",
        windows: (1...7).map { WorkingWindow(weekday: $0, start: 0, end: 86_399) }))

    @Test func mondayMorningExample() {
        // Mon 7:44:38 + Tue 9:00 + Wed 1:15:22 = 18 h -> Wed 2023-10-04 09:15:22.
        #expect(defaultSchedule.dueDate(base: E.ny(2023, 10, 2, 9, 15, 22), grace: 18 * 3600) == E.ny(2023, 10, 4, 9, 15, 22))
    }

    @Test func exactFitLandsOnTheNextBusinessDayStart() {
        // Q1: Mon 08:00 + 18 h -> Wed 08:00 (exact mode says Tue 17:00).
        #expect(defaultSchedule.dueDate(base: E.ny(2023, 10, 2, 8), grace: 18 * 3600) == E.ny(2023, 10, 4, 8))
        let exact = try! BusinessCalendar(BuiltIn.osTicketBusinessHours(timeZone: "America/New_York"))
        #expect(exact.addWorkingTime(18 * 3600, to: E.ny(2023, 10, 2, 8)) == E.ny(2023, 10, 3, 17))
    }

    @Test func exactFitWithNoDatesLeftStaysAtWindowEnd() {
        // Q1: Fri 2023-10-06 08:00 + 45 h -> Fri 10-13 17:00 (Mon 10-09 is a holiday).
        #expect(defaultSchedule.dueDate(base: E.ny(2023, 10, 6, 8), grace: 45 * 3600) == E.ny(2023, 10, 13, 17))
    }

    @Test func exactFitBeforeAHolidayLandsOnItsEnd() {
        // Q1: Fri 2023-10-06 08:00 + 9 h -> Mon 2023-10-09 23:59:59; without holidays Mon 08:00.
        #expect(defaultSchedule.dueDate(base: E.ny(2023, 10, 6, 8), grace: 9 * 3600) == E.ny(2023, 10, 9, 23, 59, 59))
        #expect(noHolidays.dueDate(base: E.ny(2023, 10, 6, 8), grace: 9 * 3600) == E.ny(2023, 10, 9, 8))
    }

    @Test func windowEndingAt235959LosesASecondPerDay() {
        // Q2: Wed 00:00:00 + 24 h -> Thu 00:00:01.
        #expect(twentyFourSeven.dueDate(base: E.ny(2023, 10, 4), grace: 24 * 3600) == E.ny(2023, 10, 5, 0, 0, 1))
    }

    @Test func dstIsWallClockExceptTheFinalStepBack() {
        // Q3: Sat 2023-03-11 10:00 EST + 24 h -> Sun 10:00:01 EDT (23 h of real time, + 1 s).
        #expect(twentyFourSeven.dueDate(base: E.ny(2023, 3, 11, 10), grace: 24 * 3600) == E.ny(2023, 3, 12, 10, 0, 1))
        // Spring: Sun 2023-03-12 01:59:59 EST + 1 h -> 01:59:59 EST, due == created.
        #expect(twentyFourSeven.dueDate(base: E.ny(2023, 3, 12, 1, 59, 59), grace: 3600) == E.ny(2023, 3, 12, 1, 59, 59))
        // Fall: Sat 2023-11-04 23:00 EDT + 1 h -> Sun 01:00:01 EDT (2 h of real time).
        let due = twentyFourSeven.dueDate(base: E.ny(2023, 11, 4, 23), grace: 3600)
        #expect(due.iso8601 == "2023-11-05T05:00:01Z")
    }

    @Test func onlyTheFirstWindowOfADayCounts() {
        // Q4: lunch schedule 08-12 then 13-17 works as 08:00-12:00 only: Wed 12:30 + 2 h -> Thu 10:00.
        let lunch = OsTicketDueDate(calendar: CalendarDefinition(name: "lunch", timeZone: "America/New_York",
            windows: (1...5).flatMap { [WorkingWindow(weekday: $0, start: 8 * 3600, end: 12 * 3600),
                                        WorkingWindow(weekday: $0, start: 13 * 3600, end: 17 * 3600)] }))
        #expect(lunch.dueDate(base: E.ny(2023, 10, 4, 12, 30), grace: 7200) == E.ny(2023, 10, 5, 10))
        // PM rows first: works as 13:00-17:00 only: Wed 09:00 + 2 h -> Wed 15:00.
        let afternoon = OsTicketDueDate(calendar: CalendarDefinition(name: "pm", timeZone: "America/New_York",
            windows: (1...5).flatMap { [WorkingWindow(weekday: $0, start: 13 * 3600, end: 17 * 3600),
                                        WorkingWindow(weekday: $0, start: 8 * 3600, end: 12 * 3600)] }))
        #expect(afternoon.dueDate(base: E.ny(2023, 10, 4, 9), grace: 7200) == E.ny(2023, 10, 4, 15))
    }

    @Test func thirdMondaySkipsAFirstThatIsAMonday() {
        // Q6: MLK Day 2024 is taken as Jan 22, so Mon Jan 15 2024 10:00 + 4 h -> 14:00 the same day.
        #expect(defaultSchedule.dueDate(base: E.ny(2024, 1, 15, 10), grace: 4 * 3600) == E.ny(2024, 1, 15, 14))
    }

    @Test func boundaries() {
        // Q7: created at 17:00:00 contributes 0 s, like 17:00:01; before hours counts from 08:00.
        let at17 = defaultSchedule.dueDate(base: E.ny(2023, 10, 2, 17), grace: 3600)
        let at1701 = defaultSchedule.dueDate(base: E.ny(2023, 10, 2, 17, 0, 1), grace: 3600)
        #expect(at17 == E.ny(2023, 10, 3, 9))
        #expect(at1701 == at17)
        #expect(defaultSchedule.dueDate(base: E.ny(2023, 10, 3, 6), grace: 3600) == E.ny(2023, 10, 3, 9))
    }

    @Test func partialHolidayCanMakeATicketDueBeforeItWasCreated() {
        // Q5: lunch modelled as a 12:00-13:00 holiday every day; Wed 16:00 + 1 h -> Wed 10:00.
        let broken = OsTicketDueDate(calendar: CalendarDefinition(
            name: "lunch-holiday", timeZone: "America/New_York", windows: Fixture.weekdays(8, 17),
            holidays: (1...12).flatMap { month in (1...31).compactMap { day -> Holiday? in
                CivilDate(year: 2023, month: month, day: day).isValid
                    ? Holiday(name: "lunch", date: .once(CivilDate(year: 2023, month: month, day: day)), start: 12 * 3600, end: 13 * 3600)
                    : nil
            } }))
        #expect(broken.dueDate(base: E.ny(2023, 10, 4, 16), grace: 3600) == E.ny(2023, 10, 4, 10))
    }
}
