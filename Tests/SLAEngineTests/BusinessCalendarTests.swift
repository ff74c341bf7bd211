import Testing
import SLAModel
@testable import SLAEngine

@Suite struct BusinessCalendarTests {
    let office = try! BusinessCalendar(Fixture.officeHours)

    @Test func mondayMorningPlusEighteenHoursIsTuesdayClose() {
        // Mon 2023-10-02 08:00 + 18 h on 9-hour days: all of Monday and Tuesday -> Tue 17:00.
        #expect(office.addWorkingTime(18 * 3600, to: Fixture.ny(2023, 10, 2, 8)) == Fixture.ny(2023, 10, 3, 17))
    }

    @Test func osTicketExampleInExactMode() {
        // Mon 09:15:22 + 18 h: 7:44:38 Mon + 9:00 Tue + 1:15:22 Wed -> Wed 09:15:22.
        #expect(office.addWorkingTime(18 * 3600, to: Fixture.ny(2023, 10, 2, 9, 15, 22))
                == Fixture.ny(2023, 10, 4, 9, 15, 22))
    }

    @Test func holidaysAreSkipped() {
        // Mon 2023-10-09 is Indigenous Peoples' Day: Fri 2023-10-06 16:00 + 2 h -> 1 h Fri + 1 h Tue -> Tue 09:00.
        #expect(office.addWorkingTime(7200, to: Fixture.ny(2023, 10, 6, 16)) == Fixture.ny(2023, 10, 10, 9))
        #expect(office.isHoliday(CivilDate(year: 2025, month: 11, day: 27)))  // Thanksgiving 2025
        #expect(!office.isHoliday(CivilDate(year: 2025, month: 11, day: 20)))
    }

    @Test func afterHoursStartCountsFromNextOpening() {
        #expect(office.addWorkingTime(60, to: Fixture.ny(2025, 8, 8, 18)) == Fixture.ny(2025, 8, 11, 8, 1))
        #expect(office.workingTime(from: Fixture.ny(2025, 8, 8, 18), to: Fixture.ny(2025, 8, 11, 8)) == 0)
    }

    @Test func lunchBreakWindows() throws {
        let lunch = try BusinessCalendar(CalendarDefinition(
            name: "lunch", timeZone: "Europe/Berlin",
            windows: (1...5).flatMap { [WorkingWindow(weekday: $0, start: 8 * 3600, end: 12 * 3600),
                                        WorkingWindow(weekday: $0, start: 13 * 3600, end: 17 * 3600)] }))
        // Wed 2025-08-06 11:30 + 1 h: 30 min before lunch, 30 min after -> 13:30.
        #expect(lunch.addWorkingTime(3600, to: Fixture.berlin(2025, 8, 6, 11, 30)) == Fixture.berlin(2025, 8, 6, 13, 30))
        #expect(lunch.workingTime(from: Fixture.berlin(2025, 8, 6, 0), to: Fixture.berlin(2025, 8, 7, 0)) == 8 * 3600)
    }

    @Test func partialHoliday() throws {
        let calendar = try BusinessCalendar(CalendarDefinition(
            name: "eve", timeZone: "America/New_York", windows: Fixture.weekdays(8, 17),
            holidays: [Holiday(name: "Christmas Eve afternoon", date: .yearly(month: 12, day: 24),
                               start: 12 * 3600, end: 86_400)]))
        // Wed 2025-12-24 works 08:00-12:00 only.
        #expect(calendar.workingTime(from: Fixture.ny(2025, 12, 24), to: Fixture.ny(2025, 12, 25)) == 4 * 3600)
    }

    @Test func windowAcrossSpringGapInNewYork() throws {
        // A Sunday 01:00-04:00 window on 2025-03-09: 02:00-03:00 does not exist, so 2 real hours.
        let night = try BusinessCalendar(CalendarDefinition(
            name: "night", timeZone: "America/New_York", windows: [WorkingWindow(weekday: 7, start: 3600, end: 4 * 3600)]))
        #expect(night.workingTime(from: Fixture.ny(2025, 3, 9), to: Fixture.ny(2025, 3, 10)) == 2 * 3600)
        // Autumn 2025-11-02: 01:00-02:00 happens twice, so the window holds 4 real hours.
        #expect(night.workingTime(from: Fixture.ny(2025, 11, 2), to: Fixture.ny(2025, 11, 3)) == 4 * 3600)
        // 01:30 + 1 h in spring lands at 03:30 EDT (07:30Z), one real hour later.
        #expect(night.addWorkingTime(3600, to: Fixture.ny(2025, 3, 9, 1, 30)).iso8601 == "2025-03-09T07:30:00Z")
    }

    @Test func windowAcrossBerlinTransitions() throws {
        let night = try BusinessCalendar(CalendarDefinition(
            name: "night", timeZone: "Europe/Berlin", windows: [WorkingWindow(weekday: 7, start: 3600, end: 5 * 3600)]))
        // 2025-03-30: 02:00-03:00 skipped -> 3 h. 2025-10-26: 02:00-03:00 twice -> 5 h.
        #expect(night.workingTime(from: Fixture.berlin(2025, 3, 30), to: Fixture.berlin(2025, 3, 31)) == 3 * 3600)
        #expect(night.workingTime(from: Fixture.berlin(2025, 10, 26), to: Fixture.berlin(2025, 10, 27)) == 5 * 3600)
    }

    @Test func dueDateAcrossBothNewYorkTransitionsOn24x7() throws {
        let always = try BusinessCalendar(CalendarDefinition(name: "always", timeZone: "America/New_York",
            windows: (1...7).map { WorkingWindow(weekday: $0, start: 0, end: 86_400) }))
        // Sat 2025-03-08 10:00 EST + 24 h of real time = Sun 11:00 EDT (the wall clock skipped an hour).
        #expect(always.addWorkingTime(86_400, to: Fixture.ny(2025, 3, 8, 10)) == Fixture.ny(2025, 3, 9, 11))
        // Sat 2025-11-01 10:00 EDT + 24 h = Sun 09:00 EST.
        #expect(always.addWorkingTime(86_400, to: Fixture.ny(2025, 11, 1, 10)) == Fixture.ny(2025, 11, 2, 9))
    }

    /// Open tickets judged decades after creation (an import accepts 1970 up to 2100) are
    /// answered from the interval table, not by walking every day (403 tickets once took 249 s).
    @Test func workingTimeAcrossTheAcceptedYearsIsFast() {
        let from = Instant(secondsSinceEpoch: 86_400)            // 1970-01-02
        let to = Instant(secondsSinceEpoch: 4_102_300_800)       // 2099-12-31
        let start = ContinuousClock.now
        var total: Int64 = 0
        for offset in 0..<400 {
            total &+= office.workingTime(from: from.adding(seconds: Int64(offset) * 3600), to: to)
            // A 10,000-hour target (the policy file's limit) from any year up to 2090.
            _ = office.addWorkingTime(10_000 * 3600, to: from.adding(seconds: Int64(offset) * 86_400 * 30))
        }
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(total > 0)
        // The table now reaches back to 1969: it agrees with the walk there.
        let early = Instant(secondsSinceEpoch: 63_072_000)      // 1972-01-01
        #expect(office.workingTime(from: from, to: early) == office.walkingWorkingTime(from: from, to: early))
    }

    @Test func holidaysEverywhereAreRejected() {
        let everyDay = (1...12).flatMap { month in (1...31).map { Holiday(name: "h", date: .yearly(month: month, day: $0)) } }
        #expect(throws: CalendarError.allHolidays(calendar: "never")) {
            try BusinessCalendar(CalendarDefinition(name: "never", timeZone: "UTC", windows: Fixture.weekdays(8, 17),
                                                    holidays: everyDay))
        }
    }

    @Test func invalidCalendarsAreRejected() {
        #expect(throws: CalendarError.self) {
            try BusinessCalendar(CalendarDefinition(name: "x", timeZone: "Nowhere/Land", windows: Fixture.weekdays(8, 17)))
        }
        #expect(throws: CalendarError.noWorkingTime(calendar: "empty")) {
            try BusinessCalendar(CalendarDefinition(name: "empty", timeZone: "UTC", windows: []))
        }
    }

    /// Deterministic pseudo-random instants and durations for the property tests.
    struct Draws: IteratorProtocol {
        var state: UInt64
        mutating func next() -> UInt64? {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let calendars: [CalendarDefinition] = [
        Fixture.officeHours,
        CalendarDefinition(name: "berlin-lunch", timeZone: "Europe/Berlin",
                           windows: (1...5).flatMap { [WorkingWindow(weekday: $0, start: 8 * 3600, end: 12 * 3600),
                                                       WorkingWindow(weekday: $0, start: 13 * 3600, end: 17 * 3600)] }),
        CalendarDefinition(name: "ny-nights", timeZone: "America/New_York",
                           windows: (1...7).map { WorkingWindow(weekday: $0, start: 0, end: 4 * 3600) }),
        .alwaysOpen,
    ]

    @Test(arguments: calendars)
    func addingThenMeasuringRoundTrips(definition: CalendarDefinition) throws {
        let calendar = try BusinessCalendar(definition)
        var draws = Draws(state: 42)
        let base = Fixture.ny(2024, 1, 1).secondsSinceEpoch
        for _ in 0..<400 {
            let start = Instant(secondsSinceEpoch: base + Int64(draws.next()! % (2 * 366 * 86_400)))
            let duration = Int64(draws.next()! % (200 * 3600)) + 1
            let end = calendar.addWorkingTime(duration, to: start)
            #expect(calendar.workingTime(from: start, to: end) == duration, "start \(start) + \(duration) s")
            // Adding is monotonic.
            let shorter = calendar.addWorkingTime(duration / 2, to: start)
            #expect(shorter <= end)
            // Splitting an interval and summing its parts equals the whole.
            let cut = Instant(secondsSinceEpoch: start.secondsSinceEpoch + Int64(draws.next()! % UInt64(max(1, start.seconds(to: end)))))
            #expect(calendar.workingTime(from: start, to: cut) + calendar.workingTime(from: cut, to: end) == duration)
        }
    }
}

extension CalendarDefinition: CustomTestStringConvertible {
    public var testDescription: String { name }
}

@Suite struct IntervalTableTests {
    /// The precomputed table must give exactly what walking day by day gives.
    @Test(arguments: BusinessCalendarTests.calendars.filter { !$0.isAlwaysOpen })
    func tableAgreesWithTheDayWalk(definition: CalendarDefinition) throws {
        let calendar = try BusinessCalendar(definition)
        var draws = BusinessCalendarTests.Draws(state: 7)
        let base = Fixture.ny(2023, 1, 1).secondsSinceEpoch
        for _ in 0..<500 {
            let a = Instant(secondsSinceEpoch: base + Int64(draws.next()! % (3 * 366 * 86_400)))
            let b = a.adding(seconds: Int64(draws.next()! % (40 * 86_400)))
            let duration = Int64(draws.next()! % (300 * 3600)) + 1
            #expect(calendar.workingTime(from: a, to: b) == calendar.walkingWorkingTime(from: a, to: b))
            #expect(calendar.addWorkingTime(duration, to: a) == calendar.walkingAdd(duration, to: a))
        }
    }

    /// The day slices count the intervals starting before an instant exactly as a binary search
    /// over all of them: at every kind of edge (an interval's start and end, a UTC midnight, one
    /// second either side) and before, inside and after the table's range.
    @Test(arguments: BusinessCalendarTests.calendars.filter { !$0.isAlwaysOpen })
    func daySlicesCountLikeTheBinarySearch(definition: CalendarDefinition) throws {
        let table = try #require(IntervalTable(calendar: try BusinessCalendar(definition)))
        var instants: [Int64] = [table.dayBase - 86_400 * 400, table.dayBase - 1, table.dayBase, table.rangeStart,
                                 table.rangeEnd, table.ends.last! + 1, table.ends.last! + 86_400 * 3]
        for index in stride(from: 0, to: table.starts.count, by: 37) {
            for edge in [table.starts[index], table.ends[index]] { instants += [edge - 1, edge, edge + 1] }
            let midnight = table.starts[index] - ((table.starts[index] % 86_400) + 86_400) % 86_400
            instants += [midnight - 1, midnight, midnight + 1]
        }
        var draws = BusinessCalendarTests.Draws(state: 11)
        for _ in 0..<2_000 {
            instants.append(table.dayBase + Int64(draws.next()! % UInt64(table.ends.last! - table.dayBase)))
        }
        for t in instants {
            #expect(table.countStarting(before: t) == table.countStartingBySearch(before: t), "at \(t)")
        }
    }

    @Test func outsideTheTableFallsBackToWalking() throws {
        let calendar = try BusinessCalendar(Fixture.officeHours)
        // 1955-10-03 was a Monday: 08:00 + 18 h -> Tue 17:00 (walked, the table starts in 1969).
        #expect(calendar.addWorkingTime(18 * 3600, to: Fixture.ny(1955, 10, 3, 8)) == Fixture.ny(1955, 10, 4, 17))
        #expect(calendar.workingTime(from: Fixture.ny(2101, 1, 3), to: Fixture.ny(2101, 1, 8)) == 5 * 9 * 3600)
    }
}
