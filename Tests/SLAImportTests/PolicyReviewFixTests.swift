import Foundation
import Testing
import SLAModel
@testable import SLAImport

/// Policy mistakes a stranger's trial found accepted without a word: a part-day holiday with only
/// `from` (or `to`) became a whole-day one; `thuesday` matched Thursday by its first letters; a
/// duplicate YAML key was reported at the first of the two, with the whole file printed.
@Suite struct PolicyReviewFixTests {
    static func policy(hours: String = "mon-fri: [\"09:00-12:00\", \"13:00-17:00\"]", holiday: String = "",
                       rule: String = "") -> String {
        """
        name: Review
        calendars:
          - name: Office
            time_zone: America/New_York
            hours:
              \(hours)
            extra_holidays:
              - {name: Company day, date: "2025-11-03"}
        \(holiday.isEmpty ? "" : "      - " + holiday)
        \(rule.isEmpty ? "" : "      - " + rule)
        plans:
          - {name: Standard, calendar: Office, resolution: 8h}
        default_plan: Standard
        """
    }

    static func error(_ text: String) -> String {
        do { _ = try PolicyFile.parse(text, file: "p.yaml"); return "" } catch { return "\(error)" }
    }

    @Test func aPartDayHolidayWithOnlyFromOrToRunsToTheEndOrFromTheStartOfTheDay() throws {
        let afternoon = try PolicyFile.parse(Self.policy(holiday: "{name: Eve, date: \"12-24\", from: \"12:00\"}"), file: "p.yaml")
        let morning = try PolicyFile.parse(Self.policy(holiday: "{name: Eve, date: \"12-24\", to: \"12:00\"}"), file: "p.yaml")
        let both = try PolicyFile.parse(Self.policy(holiday: "{name: Eve, date: \"12-24\", from: \"12:00\", to: \"24:00\"}"), file: "p.yaml")
        #expect(afternoon.calendars[0].holidays == both.calendars[0].holidays)
        let eve = try #require(morning.calendars[0].holidays.first { $0.name == "Eve" })
        #expect(eve.start == 0 && eve.end == 12 * 3600)
    }

    @Test func onlyWholeOrShortWeekdayNamesAreWeekdays() throws {
        for name in ["thu", "Thursday", "thurs", "thur"] {
            let policy = try PolicyFile.parse(Self.policy(hours: "\(name): \"09:00-17:00\""), file: "p.yaml")
            #expect(policy.calendars[0].windows.map(\.weekday) == [4], "\(name)")
        }
        for name in ["thuesday", "wednesdayx", "satxx"] {
            #expect(Self.error(Self.policy(hours: "\(name): \"09:00-17:00\"")).contains("expected weekdays such as mon-fri"), "\(name)")
        }
        #expect(Self.error(Self.policy(rule: "{name: Bad, rule: \"2nd wedxyz of november\"}"))
                    .contains("expected a rule such as \"4th thursday of november\""))
        #expect(Self.error(Self.policy(rule: "{name: Good, rule: \"2nd wednesday of november\"}")) == "")
    }

    /// Priorities and statuses match without regard to case: `normal:` and `NORMAL:` claimed the
    /// same tickets, one of them silently.
    @Test func keysThatDifferOnlyInCaseAreRefused() {
        let priorities = Self.policy() + "\nplan_by_priority: {Normal: Standard, normal: Standard}\n"
        #expect(Self.error(priorities).contains("at plan_by_priority.normal: \"Normal\" and \"normal\" differ only in case, "
                                                + "and priorities are matched without regard to case: keep one"), "\(Self.error(priorities))")
        let statuses = Self.policy() + "\nstatuses: {On Hold: paused, on hold: open}\n"
        #expect(Self.error(statuses).contains("\"On Hold\" and \"on hold\" differ only in case"), "\(Self.error(statuses))")
        #expect(Self.error(Self.policy() + "\nplan_by_priority: {Normal: Standard, High: Standard}\n") == "")
    }

    /// Messages that said the wrong thing: a date in the right form that does not exist, a
    /// target of 0, a state list's unknown state (not quoted).
    @Test func mistakesSayWhatIsWrong() {
        #expect(Self.error(Self.policy(holiday: "{name: Bad, date: \"2025-02-30\"}")).contains("\"2025-02-30\" is no day of the calendar"))
        #expect(Self.error(Self.policy().replacingOccurrences(of: "resolution: 8h", with: "resolution: 0h"))
                    .contains("expected a duration greater than 0"))
        #expect(Self.error(Self.policy() + "\nresolution_stops_at: [resolved, closd]\n")
                    .contains("expected states among open, paused, resolved, closed (found \"closd\")"))
    }

    @Test func aDuplicateKeyIsNamedAtItsSecondPlaceWithoutTheFile() {
        let text = "name: Review\ndefault_plan: Standard\ndefault_plan: Other\n"
        let message = Self.error(text)
        #expect(message == "p.yaml:3:1: not valid YAML or JSON: the key \"default_plan\" is given twice in one mapping; keep one",
                "\(message)")
        let unclosed = Self.error("name: Review\nplans: [a, b\n")
        #expect(unclosed.hasPrefix("p.yaml:3:1: not valid YAML or JSON: did not find expected ',' or ']' (while parsing a flow sequence at line 2, column 8)"),
                "\(unclosed)")
    }
}
