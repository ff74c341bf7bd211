import Testing
import SLAModel
import SLAImport

/// The policy options that make a replay agree with osTicket (issue 8).
@Suite struct PolicyOptionTests {
    @Test func planChangeBreachesAndManualDueDatesDefaultsFollowTheDueDateRule() throws {
        let exact = try PolicyFile.parse("plans: [{name: A, resolution: 1h}]", file: "p.yaml")
        #expect(exact.planChangeBreaches == .keep)
        #expect(exact.manualDueDates == nil && exact.effectiveManualDueDates == .ignore)
        let osTicket = try PolicyFile.parse("plans: [{name: A, resolution: 1h}]\ndue_date_rule: osticket", file: "p.yaml")
        #expect(osTicket.effectiveManualDueDates == .honor)
        let set = try PolicyFile.parse("""
            plans: [{name: A, resolution: 1h}]
            due_date_rule: osticket
            manual_due_dates: ignore
            plan_change_breaches: forget
            """, file: "p.yaml")
        #expect(set.effectiveManualDueDates == .ignore)
        #expect(set.planChangeBreaches == .forget)
        #expect(throws: PolicyFileError.self) {
            _ = try PolicyFile.parse("plans: [{name: A, resolution: 1h}]\nmanual_due_dates: sometimes", file: "p.yaml")
        }
    }

    @Test func a24x7CalendarCanNameItsTimeZone() throws {
        let policy = try PolicyFile.parse("""
            calendars: [{name: 24x7, time_zone: America/New_York}]
            plans: [{name: A, calendar: 24x7, resolution: 24h}]
            due_date_rule: osticket
            """, file: "p.yaml")
        #expect(policy.calendar(named: "24x7")?.isAlwaysOpen == true)
        #expect(policy.calendar(named: "24x7")?.timeZone == "America/New_York")
    }
}
