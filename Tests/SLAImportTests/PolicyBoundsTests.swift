import Foundation
import Testing
import SLAModel
@testable import SLAImport

/// Durations that overflow, absurd targets and calendars without working time are clear
/// errors with a line, not an arithmetic trap or a replay that never ends.
@Suite struct PolicyBoundsTests {
    @Test func overflowingDurationsAreRefused() {
        for text in ["99999999999999999999h", "9223372036854775807h", "2562047788015216h", "10001h", "600001m", "10000h1s"] {
            #expect(PolicyFile.duration(text) == nil, "\(text)")
        }
        #expect(PolicyFile.duration("10000h") == 36_000_000)
        #expect(PolicyFile.duration("1h30m") == 5400)
    }

    @Test func overflowingTargetNamesFileLineAndLimit() {
        let error = #expect(throws: PolicyFileError.self) {
            try PolicyFile.parse("name: P\nplans:\n  - name: A\n    resolution: 99999999999999999999h\n", file: "p.yaml")
        }
        #expect(error?.line == 4 && error?.column == 17)
        #expect(error?.description.hasPrefix("p.yaml:4:17: at plans[0].resolution: expected a duration") == true)
        #expect(error?.message.contains("at most 10000h") == true)
    }

    @Test func billionHourTargetIsRefused() {
        let error = #expect(throws: PolicyFileError.self) {
            try PolicyFile.parse("plans: [{name: A, resolution: 1000000000h}]", file: "p.yaml")
        }
        #expect(error?.path == "plans[0].resolution" && error?.line == 1)
    }

    @Test func calendarWhoseHolidaysCoverEveryDayIsRefused() {
        var days: [String] = []
        for month in 1...12 {
            for day in 1...31 where !(month == 2 && day > 29) && !([4, 6, 9, 11].contains(month) && day > 30) {
                days.append("{date: \"\(String(format: "%02d-%02d", month, day))\"}")
            }
        }
        let text = """
            calendars:
              - name: Never
                hours: {daily: "08:00-17:00"}
                extra_holidays: [\(days.joined(separator: ", "))]
            plans: [{name: A, calendar: Never, resolution: 1h}]
            """
        let start = ContinuousClock.now
        let error = #expect(throws: PolicyFileError.self) { try PolicyFile.parse(text, file: "p.yaml") }
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(error?.message.contains("has no working time") == true)
        #expect(error?.line == 2)
    }

    @Test func errorsFromTheReaderCarryLines() {
        let error = #expect(throws: PolicyFileError.self) {
            try PolicyFile.parse("plans:\n  - name: A\n    calendar: nope\n    resolution: 1h\n", file: "p.yaml")
        }
        #expect(error?.line == 3 && error?.path == "plans[0].calendar")
    }

    /// Policy mistakes a stranger's trial found accepted silently (two calendars of one name: the
    /// last replaced the first for every plan) or told without the value or the place.
    @Test func sameNamedCalendarsOrPlansAndOtherMistakesNameTheirPlace() throws {
        let twoCalendars = #expect(throws: PolicyFileError.self) {
            try PolicyFile.parse("""
                calendars:
                  - {name: Office, time_zone: Europe/Berlin, hours: {mon-fri: "09:00-17:00"}}
                  - {name: Office, time_zone: Europe/Berlin, hours: {sat: "09:00-12:00"}}
                plans: [{name: A, calendar: Office, resolution: 8h}]
                """, file: "p.yaml")
        }
        #expect(twoCalendars?.line == 3)
        #expect(twoCalendars?.message.contains("a second calendar named \"Office\" (calendars[0] has that name") == true)
        let twoPlans = #expect(throws: PolicyFileError.self) {
            try PolicyFile.parse("plans:\n  - {name: A, resolution: 8h}\n  - {name: A, resolution: 4h}\n", file: "p.yaml")
        }
        #expect(twoPlans?.line == 3 && twoPlans?.path == "plans[1].name")
        let unknownPlan = #expect(throws: PolicyFileError.self) {
            try PolicyFile.parse("plans: [{name: Gold, resolution: 8h}, {name: Silver, resolution: 16h}]\nplan_by_priority: {High: Platinum}\n", file: "p.yaml")
        }
        #expect(unknownPlan?.message == "\"Platinum\" is not one of the plans (\"Gold\", \"Silver\")")
        let noHours = #expect(throws: PolicyFileError.self) {
            try PolicyFile.parse("calendars:\n  - name: Office\n    time_zone: UTC\nplans: [{name: A, calendar: Office, resolution: 8h}]\n", file: "p.yaml")
        }
        #expect(noHours?.line == 2 && noHours?.message.contains("only a calendar named 24x7 may leave them out") == true)
        let weekdayDate = #expect(throws: PolicyFileError.self) {
            try PolicyFile.parse("""
                calendars:
                  - name: Office
                    time_zone: UTC
                    hours: {mon-fri: "09:00-17:00"}
                    extra_holidays: [{name: Thanksgiving, date: "4th thursday of november"}]
                plans: [{name: A, calendar: Office, resolution: 8h}]
                """, file: "p.yaml")
        }
        #expect(weekdayDate?.message.contains("rule: \"4th thursday of november\"") == true)
        // The documented weekday keys: full names and daily.
        let policy = try PolicyFile.parse("""
            calendars:
              - {name: Weekend, time_zone: UTC, hours: {saturday: "10:00-14:00", sunday: "10:00-12:00"}}
              - {name: Every day, time_zone: UTC, hours: {daily: ["08:00-12:00", "13:00-17:00"]}}
            plans: [{name: A, calendar: Weekend, resolution: 8h}, {name: B, calendar: Every day, resolution: 8h}]
            """, file: "p.yaml")
        #expect(policy.calendars.first { $0.name == "Weekend" }?.windows.map(\.weekday) == [6, 7])
        #expect(policy.calendars.first { $0.name == "Every day" }?.windows.count == 14)
    }

    /// A stranger's trial on an international desk: a Sunday-to-Thursday week could not be said as
    /// a range; a short Friday under its own key beside mon-fri merged into a full Friday without a
    /// word; an overnight span was refused without saying how to give it.
    @Test func weekRangesWrapAndDaysGivenTwiceOrOvernightAreSaid() throws {
        func calendar(_ hours: String) throws -> CalendarDefinition {
            try PolicyFile.parse("""
                calendars:
                  - name: Office
                    time_zone: Asia/Jerusalem
                    hours: \(hours)
                plans: [{name: A, calendar: Office, resolution: 8h}]
                """, file: "p.yaml").calendars.first { $0.name == "Office" }!
        }
        #expect(try calendar(#"{sun-thu: "08:00-17:00"}"#).windows.map(\.weekday).sorted() == [1, 2, 3, 4, 7])
        #expect(try calendar(#"{fri-mon: "10:00-12:00"}"#).windows.map(\.weekday).sorted() == [1, 5, 6, 7])
        // Keys whose spans meet without overlapping still make one day of both.
        #expect(try calendar(#"{daily: "00:00-06:00", mon-fri: "06:00-09:00"}"#).windows.count == 12)
        let shortFriday = #expect(throws: PolicyFileError.self) {
            try calendar(#"{mon-fri: "09:30-18:00", fri: "09:30-13:00"}"#)
        }
        #expect(shortFriday?.line == 4)
        #expect(shortFriday?.message.hasPrefix("fri is given 09:30-18:00 here and 09:30-13:00 under fri, which overlap") == true)
        let threeDays = #expect(throws: PolicyFileError.self) { try calendar(#"{mon-wed-fri: "09:00-17:00"}"#) }
        #expect(threeDays?.message.contains("expected weekdays such as mon-fri, sun-thu") == true)
        let overnight = #expect(throws: PolicyFileError.self) { try calendar(#"{daily: "22:00-06:00"}"#) }
        #expect(overnight?.message.contains("split a shift past midnight at 24:00") == true)
    }
}
