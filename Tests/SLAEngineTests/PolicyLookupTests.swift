import Testing
import SLAModel
@testable import SLAEngine

/// The replay's prepared lookups must follow the policy's own rules exactly.
@Suite struct PolicyLookupTests {
    @Test func agreesWithThePolicy() {
        var policy = Fixture.bankPolicy()
        policy.planByPriority = ["Emergency": "Severity A", "high": "Severity A"]
        policy.statusStates = ["On Hold": .paused, "awaiting customer": .paused, "Done": .resolved]
        let lookup = PolicyLookup(policy)
        let plans: [String?] = [nil, "Default SLA", "default sla", "Severity A", "SEVERITY A", "Unknown plan"]
        let priorities: [String?] = [nil, "Emergency", "emergency", "High", "Low"]
        for plan in plans {
            for priority in priorities {
                #expect(lookup.plan(ticketPlan: plan, priority: priority)?.name
                        == policy.selectPlan(ticketPlan: plan, priority: priority)?.name, "\(plan ?? "nil") / \(priority ?? "nil")")
            }
        }
        for status in ["Open", "open", "On Hold", "ON HOLD", "Awaiting Customer", "Done", "Resolved", "Closed",
                       "Archived", "deleted", "In Progress"] {
            #expect(lookup.state(ofStatus: status) == policy.state(ofStatus: status), "\(status)")
        }
    }
}
