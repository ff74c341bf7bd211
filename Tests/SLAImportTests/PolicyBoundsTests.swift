import Foundation
import Testing
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
}
